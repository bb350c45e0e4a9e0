package io.rstscope.flow;

/**
 * How one side numbered the IPv4 identification field of its packets. A forged packet often breaks
 * the pattern of the host it claims to come from.
 */
public enum IpIdBehaviour {
    /** Every packet carried ID 0 (Linux with DF set). */
    ZERO,
    /** Successive packets carried small forward steps (a per-host or per-connection counter). */
    INCREMENTING,
    /** The same non-zero ID on every packet. */
    CONSTANT,
    /** No pattern (randomised IDs, as OpenBSD and some middleboxes use). */
    RANDOM
}
