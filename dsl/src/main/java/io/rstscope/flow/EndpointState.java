package io.rstscope.flow;

/**
 * What one side of a connection has done so far, as Zeek's TCP analyzer tracks it ({@code TCP_Endpoint}'s
 * states); {@link ConnState} is decided from the pair.
 */
public enum EndpointState {
    /** Nothing that changes state has been seen from this side. */
    INACTIVE,
    /** Sent a SYN (without ACK). */
    SYN_SENT,
    /** Sent a SYN-ACK as the originator (the SYN was not seen, or it was a stealth scan). */
    SYN_ACK_SENT,
    /** Sent something other than a SYN first: picked up mid-stream. */
    PARTIAL,
    /** The handshake completed from this side's point of view. */
    ESTABLISHED,
    /** Sent a FIN. */
    CLOSED,
    /** Sent a RST. */
    RESET;

    /** True for the states of the handshake, before anything is established. */
    boolean handshake() {
        return this == INACTIVE || this == SYN_SENT || this == SYN_ACK_SENT;
    }
}
