package io.rstscope.cli;

import java.util.Locale;

/** Counts in words, as a reader says them: {@code 1 packet}, {@code 6,025 resets}. */
final class Plural {

    private Plural() {
    }

    /** {@code n} with thousands separators: {@code 6,025}. */
    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code n} and the noun, with an {@code s} unless {@code n} is 1: {@code of(1, "issue")} is {@code 1 issue}. */
    static String of(long n, String noun) {
        return of(n, noun, noun + "s");
    }

    /** {@code n} and the singular or the plural: {@code of(2, "RST packet", "RST packets")}. */
    static String of(long n, String singular, String plural) {
        return number(n) + " " + (n == 1 ? singular : plural);
    }
}
