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

    /**
     * A readable name for any link-type number, supported or not: {@code ether}, {@code fddi}, and
     * {@code linktype-N} for a number without a name here.
     */
    public static String label(int number) {
        LinkType t = of(number);
        if (t != null) {
            return t.label;
        }
        String other = OTHERS.get(number);
        return other != null ? other : "linktype-" + number;
    }

    /** Link types rstscope does not decode, by the short names tshark gives them, so that an issue names them. */
    private static final java.util.Map<Integer, String> OTHERS = java.util.Map.ofEntries(
            java.util.Map.entry(6, "tr"), java.util.Map.entry(8, "slip"), java.util.Map.entry(9, "ppp"),
            java.util.Map.entry(10, "fddi"), java.util.Map.entry(50, "ppp-hdlc"), java.util.Map.entry(51, "pppoe"),
            java.util.Map.entry(100, "atm-rfc1483"), java.util.Map.entry(104, "chdlc"),
            java.util.Map.entry(105, "ieee-802-11"), java.util.Map.entry(107, "fr"),
            java.util.Map.entry(119, "ieee-802-11-prism"), java.util.Map.entry(127, "ieee-802-11-radiotap"),
            java.util.Map.entry(143, "docsis"), java.util.Map.entry(163, "ieee-802-11-avs"),
            java.util.Map.entry(189, "usb-linux"), java.util.Map.entry(192, "ieee-802-11-ppi"),
            java.util.Map.entry(197, "erf"), java.util.Map.entry(220, "usb-linux-mmapped"),
            java.util.Map.entry(227, "socketcan"), java.util.Map.entry(239, "nflog"), java.util.Map.entry(249, "usb-usbpcap"));
}
