package io.rstscope.flow;

/**
 * Connection uids in Zeek's look ({@code C} and 17 base62 characters), derived from the tuple, the
 * first timestamp and the connection's ordinal, so that the same capture always gives the same uids.
 */
final class Uids {

    private static final char[] DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int LENGTH = 17;

    private Uids() {
    }

    static String uid(long oHi, long oLo, int oPort, long rHi, long rLo, int rPort, long ts, int ordinal) {
        long h1 = mix(oHi ^ mix(oLo ^ mix(((long) oPort << 16 | rPort) ^ mix(ts))));
        long h2 = mix(rHi ^ mix(rLo ^ mix(ordinal ^ h1)));
        char[] c = new char[LENGTH + 1];
        c[0] = 'C';
        digits(h1, c, 1, 9);
        digits(h2, c, 10, LENGTH - 9);
        return new String(c);
    }

    /**
     * Writes {@code count} base-62 digits of unsigned {@code x}, lowest first, from {@code at}: one
     * unsigned division, then signed ones by a constant, which the compiler turns into a multiplication
     * (an unsigned division of a long is a slow library call on JDK 17, and a uid took 18 of each).
     */
    private static void digits(long x, char[] c, int at, int count) {
        long q = Long.divideUnsigned(x, 62);
        c[at] = DIGITS[(int) (x - q * 62)];
        for (int i = 1; i < count; i++) {
            c[at + i] = DIGITS[(int) (q % 62)];
            q /= 62;
        }
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
