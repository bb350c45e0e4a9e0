package io.rstscope.reset;

/**
 * How a reset's sequence number fits the receiver's window, by RFC 9293 §3.10.7.4 and RFC 5961 §3.2:
 * only an exact match resets at once; one elsewhere in the window draws a challenge ACK.
 */
public enum SeqCheck {
    /** seq equals the receiver's next expected sequence number (RCV.NXT): accepted at once. */
    EXACT,
    /** seq is inside the receive window but not exact: RFC 5961 answers with a challenge ACK. */
    IN_WINDOW,
    /** seq is outside the receive window: ignored by a conforming stack. */
    OUT_OF_WINDOW,
    /** A refusal of a SYN: seq 0 with ACK of the SYN's sequence + 1 (RFC 9293 §3.10.7.1). */
    REPLY_TO_SYN,
    /** A reply to a segment with ACK: seq equals that segment's acknowledgment number. */
    REPLY_TO_ACK,
    /** Not enough of the connection was seen to check. */
    UNCHECKABLE
}
