package io.rstscope.reset;

/**
 * One signal behind a reset's verdict or cause: what was seen, and how many forgery points it is worth
 * (0 for facts that only support the cause).
 *
 * @param signal short name of the signal, e.g. {@code ttl_off_baseline}
 * @param points forgery points it adds to the reset's score
 * @param detail the values that triggered it, e.g. {@code ttl 64, host baseline 57}
 */
public record Evidence(String signal, int points, String detail) {

    @Override
    public String toString() {
        return points == 0 ? signal + " (" + detail + ")" : signal + " +" + points + " (" + detail + ")";
    }
}
