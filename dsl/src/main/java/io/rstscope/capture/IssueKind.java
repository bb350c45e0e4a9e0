package io.rstscope.capture;

/**
 * Why a packet landed in the {@code issues} table. Kept apart as tcpdump does: the capture ran out
 * (truncated) is not the same as a field that cannot be valid (invalid).
 */
public enum IssueKind {
    /** The capture holds fewer bytes than the headers need: the snap length cut the packet. */
    TRUNCATED,
    /** A header field has a value that cannot be valid; the packet is not used past that header. */
    INVALID,
    /**
     * Headers nested deeper than rstscope follows (IPv6 extension headers, MPLS labels, nested
     * Ethernet, IP-in-IP): a limit against crafted packets. The packet is counted and not decoded past
     * the limit, so a reset hidden that deep is reported here rather than lost.
     */
    TOO_DEEP,
    /** A link-layer type rstscope does not decode; the row counts its packets. */
    UNSUPPORTED
}
