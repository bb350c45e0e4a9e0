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
        for (int i = 1; i <= LENGTH; i++) {
            long x = i <= 9 ? h1 : h2;
            c[i] = DIGITS[(int) Long.remainderUnsigned(x, 62)];
            if (i <= 9) {
                h1 = Long.divideUnsigned(h1, 62);
            } else {
                h2 = Long.divideUnsigned(h2, 62);
            }
        }
        return new String(c);
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
