package io.rstscope.flow;

/** Which side of a connection sent a packet. */
public enum Direction {
    /** From the originator (the client: the sender of the first SYN). */
    ORIG,
    /** From the responder (the server). */
    RESP
}
