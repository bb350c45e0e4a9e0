package io.rstscope.reset;

/** The flags a reset carries. */
public enum Form {
    /** A bare RST: the reply to a segment that carried ACK (RFC 9293 §3.10.7.1). */
    RST,
    /** RST with ACK: a reply to a segment without ACK (a SYN), or an active reset. */
    RST_ACK
}
