package io.rstscope.cli;

/** Counts in words, as a reader says them: {@code 1 packet}, {@code 6,025 resets}. */
final class Plural {

    private Plural() {
    }

    /** {@code n} with thousands separators: {@code 6,025}. */
    static String number(long n) {
        // By hand: String.format's first use (its parser and Formatter) cost a one-shot command some 10 ms.
        String digits = Long.toString(n);
        int start = n < 0 ? 1 : 0;
        int len = digits.length() - start;
        if (len <= 3) {
            return digits;
        }
        StringBuilder sb = new StringBuilder(digits.length() + len / 3);
        sb.append(digits, 0, start);
        int first = len % 3 == 0 ? 3 : len % 3;
        sb.append(digits, start, start + first);
        for (int i = start + first; i < digits.length(); i += 3) {
            sb.append(',').append(digits, i, i + 3);
        }
        return sb.toString();
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
