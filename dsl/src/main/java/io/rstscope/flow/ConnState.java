package io.rstscope.flow;

/**
 * The state of a connection when it ended, with exactly the meaning of Zeek's {@code conn_state}
 * (Zeek's {@code base/protocols/conn/main.zeek}). "Inactive" below means an endpoint that sent nothing
 * or only joined mid-stream (no SYN seen from it).
 */
public enum ConnState {
    /** Connection attempt seen, no reply. */
    S0,
    /** Connection established, not terminated. */
    S1,
    /** Normal establishment and termination (a FIN from each side). */
    SF,
    /** Connection attempt rejected: the responder reset a SYN. */
    REJ,
    /** Connection established and close attempt by the originator seen (but no reply from the responder). */
    S2,
    /** Connection established and close attempt by the responder seen (but no reply from the originator). */
    S3,
    /** Connection established, the originator aborted (sent a RST). */
    RSTO,
    /** The responder sent a RST. */
    RSTR,
    /** The originator sent a SYN followed by a RST; no SYN-ACK from the responder. */
    RSTOS0,
    /** The responder sent a SYN-ACK followed by a RST; no SYN from the (purported) originator. */
    RSTRH,
    /** The originator sent a SYN followed by a FIN; no SYN-ACK from the responder (so "half" open). */
    SH,
    /** The responder sent a SYN-ACK followed by a FIN; no SYN from the originator. */
    SHR,
    /** No SYN seen, just midstream traffic (one example: a "partial connection" that was not later closed). */
    OTH
}
