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
    /** A link-layer type rstscope does not decode; the row counts its packets. */
    UNSUPPORTED
}
