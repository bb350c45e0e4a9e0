package io.rstscope.reset;

/** Whose address a reset carries: the connection's client (originator) or its server (responder). */
public enum Sender {
    /** The originator: the side that sent the first SYN. */
    CLIENT,
    /** The responder. */
    SERVER;

    /** The other side. */
    public Sender peer() {
        return this == CLIENT ? SERVER : CLIENT;
    }
}
