package io.rstscope.reset;

/** Who most likely really sent a reset, whatever address it carries. */
public enum Origin {
    /** The endpoint whose address it carries. */
    ENDPOINT,
    /** A device on the path (firewall, NAT, middlebox injecting resets). */
    MIDDLEBOX,
    /** The capture cannot tell. */
    UNKNOWN
}
