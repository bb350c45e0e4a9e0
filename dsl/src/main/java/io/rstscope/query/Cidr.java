package io.rstscope.query;

import io.rstscope.capture.AddressTable;

/**
 * An address or a CIDR block, as the 128-bit form {@link AddressTable} holds (IPv4 mapped into
 * {@code ::ffff:0:0/96}), parsed when a step is called so a bad one fails there. A back end without
 * address ids tests a block as a range of numbers: {@link #hi()}/{@link #lo()} to
 * {@link #lastHi()}/{@link #lastLo()}.
 *
 * <pre>{@code
 * Cidr b = Cidr.parse("host", "10.0.0.0/8");
 * b.prefix();                       // 104: 96 + 8 in the 128-bit space
 * b.contains(0, 0xffff0a000001L);   // true: 10.0.0.1
 * }</pre>
 *
 * @param text   as the user wrote it
 * @param hi     upper 64 bits of the network address
 * @param lo     lower 64 bits
 * @param prefix prefix length in the 128-bit space (an IPv4 /24 is 120)
 */
public record Cidr(String text, long hi, long lo, int prefix) {

    /**
     * Parses {@code 10.0.0.1}, {@code 10.0.0.0/8}, {@code fd77:1::2}, {@code 2001:db8::/32}; a bad one
     * fails naming {@code step}: {@code Cidr.parse("host", "10.0.0.0/8")}.
     */
    public static Cidr parse(String step, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidArgumentException(step + "(" + (text == null ? "null" : "\"" + text + "\"")
                    + "): expected an IP address or a CIDR block such as 10.0.0.0/8 or 2001:db8::/32");
        }
        String s = text.strip();
        String addr = s;
        int bits = -1;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            addr = s.substring(0, slash);
            String p = s.substring(slash + 1);
            try {
                bits = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw bad(step, text, "the prefix length '" + p + "' is not a number");
            }
        }
        long hi;
        long lo;
        int max;
        if (addr.contains(":")) {
            long[] v = ipv6(step, text, addr);
            hi = v[0];
            lo = v[1];
            max = 128;
        } else {
            hi = 0;
            lo = 0xffff00000000L | ipv4(step, text, addr);
            max = 32;
        }
        if (bits == -1) {
            bits = max;
        }
        if (bits < 0 || bits > max) {
            throw bad(step, text, "prefix length " + bits + " is outside 0.." + max + " for IPv" + (max == 32 ? 4 : 6));
        }
        int prefix = max == 32 ? 96 + bits : bits;
        long[] masked = mask(hi, lo, prefix);
        if (masked[0] != hi || masked[1] != lo) {
            String network = AddressTable.format(masked[0], masked[1]);
            throw bad(step, text, "the address has bits set beyond the /" + bits + " prefix; did you mean "
                    + network + "/" + bits + "?");
        }
        return new Cidr(s, hi, lo, prefix);
    }

    /** Whether the address {@code (hi, lo)} is in this block: {@code cidr.contains(0, 0xffff0a000001L)}. */
    public boolean contains(long ahi, long alo) {
        long[] m = mask(ahi, alo, prefix);
        return m[0] == hi && m[1] == lo;
    }

    /** The upper 64 bits of the block's last address: {@code 0} for {@code 10.0.0.0/8}. */
    public long lastHi() {
        return hi | ~mask(-1L, -1L, prefix)[0];
    }

    /** The lower 64 bits of the block's last address: {@code 0xffff0affffffL} for {@code 10.0.0.0/8}. */
    public long lastLo() {
        return lo | ~mask(-1L, -1L, prefix)[1];
    }

    private static long[] mask(long hi, long lo, int prefix) {
        long mhi = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
        long mlo = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
        return new long[] {hi & mhi, lo & mlo};
    }

    private static InvalidArgumentException bad(String step, String text, String why) {
        return new InvalidArgumentException(step + "(\"" + text + "\"): expected an IP address or a CIDR block "
                + "such as 10.0.0.0/8 or 2001:db8::/32, but " + why);
    }

    private static long ipv4(String step, String text, String a) {
        String[] parts = a.split("\\.", -1);
        if (parts.length != 4) {
            throw bad(step, text, "'" + a + "' has " + parts.length + " dot-separated parts, not 4");
        }
        long v = 0;
        for (String p : parts) {
            int n;
            try {
                if (p.isEmpty() || p.length() > 3) {
                    throw new NumberFormatException();
                }
                n = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw bad(step, text, "'" + p + "' is not a number 0..255");
            }
            if (n > 255) {
                throw bad(step, text, n + " is more than 255");
            }
            v = (v << 8) | n;
        }
        return v;
    }

    private static long[] ipv6(String step, String text, String a) {
        int dc = a.indexOf("::");
        if (dc >= 0 && a.indexOf("::", dc + 1) >= 0) {
            throw bad(step, text, "'::' appears more than once");
        }
        String[] head = dc >= 0 ? split(a.substring(0, dc)) : split(a);
        String[] tail = dc >= 0 ? split(a.substring(dc + 2)) : new String[0];
        int[] groups = new int[8];
        int count = 0;
        int[] h = groups(step, text, head);
        int[] t = groups(step, text, tail);
        count = h.length + t.length;
        if (dc < 0 && count != 8 || dc >= 0 && count > 7) {
            throw bad(step, text, "an IPv6 address has 8 groups of hex digits, this one " + count);
        }
        System.arraycopy(h, 0, groups, 0, h.length);
        System.arraycopy(t, 0, groups, 8 - t.length, t.length);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++) {
            hi = (hi << 16) | groups[i];
            lo = (lo << 16) | groups[i + 4];
        }
        return new long[] {hi, lo};
    }

    private static String[] split(String s) {
        return s.isEmpty() ? new String[0] : s.split(":", -1);
    }

    private static int[] groups(String step, String text, String[] parts) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.contains(".") && i == parts.length - 1) {
                long v4 = ipv4(step, text, p);
                out.add((int) (v4 >>> 16));
                out.add((int) (v4 & 0xffff));
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                throw bad(step, text, "'" + p + "' is not a group of 1 to 4 hex digits");
            }
            try {
                out.add(Integer.parseInt(p, 16));
            } catch (NumberFormatException e) {
                throw bad(step, text, "'" + p + "' is not a group of 1 to 4 hex digits");
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String toString() {
        return text;
    }
}
