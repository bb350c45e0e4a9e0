package io.rstscope.reset;

/**
 * Whether a reset is what the claimed sender's stack would send. A device on the path that resets a
 * connection by policy makes a FORGED reset in this sense: "injected", not necessarily "an attack".
 */
public enum Verdict {
    /** Nothing points away from the claimed sender. */
    GENUINE,
    /** Some signals point away from the claimed sender, not enough to say it was injected. */
    SUSPICIOUS,
    /** The signals add up: the reset was injected by something other than the claimed sender. */
    FORGED
}
