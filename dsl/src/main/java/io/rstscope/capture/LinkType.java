package io.rstscope.capture;

/**
 * The link-layer header types rstscope decodes, with their LINKTYPE_ numbers from
 * https://www.tcpdump.org/linktypes.html. Any other link type is counted and reported, not guessed at.
 */
public enum LinkType {
    /** BSD loopback: a 4-byte address family in the capturing host's byte order. */
    NULL(0, "null"),
    /** Ethernet II, with any number of 802.1Q / 802.1ad tags. */
    ETHERNET(1, "ether"),
    /** Raw IP, the DLT_RAW value most systems use for it. */
    RAW_12(12, "rawip"),
    /** Raw IP, the DLT_RAW value of OpenBSD. */
    RAW_14(14, "rawip"),
    /** Raw IP (LINKTYPE_RAW). */
    RAW(101, "rawip"),
    /** OpenBSD loopback: a 4-byte address family in network byte order. */
    LOOP(108, "loop"),
    /** Linux "cooked" capture, version 1. */
    LINUX_SLL(113, "linux-sll"),
    /** Raw IPv4. */
    IPV4(228, "rawip4"),
    /** Raw IPv6. */
    IPV6(229, "rawip6"),
    /** Linux "cooked" capture, version 2. */
    LINUX_SLL2(276, "linux-sll2");

    private final int number;
    private final String label;

    LinkType(int number, String label) {
        this.number = number;
        this.label = label;
    }

    /** The LINKTYPE_ number as it appears in pcap and pcapng headers. */
    public int number() {
        return number;
    }

    /** The short name capinfos and tshark use for it ({@code ether}, {@code linux-sll}...). */
    public String label() {
        return label;
    }

    /** The supported link type with this number, or {@code null}. */
    public static LinkType of(int number) {
        for (LinkType t : values()) {
            if (t.number == number) {
                return t;
            }
        }
        return null;
    }

    /** A readable name for any link-type number, supported or not: {@code ether}, {@code linktype-10}. */
    public static String label(int number) {
        LinkType t = of(number);
        return t != null ? t.label : "linktype-" + number;
    }
}
