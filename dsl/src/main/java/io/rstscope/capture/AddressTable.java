package io.rstscope.capture;

import java.util.Arrays;

/**
 * Interns 128-bit addresses to small int ids, so that columns hold ints and every distinct address is
 * formatted once. IPv4 addresses are held IPv4-mapped ({@code ::ffff:a.b.c.d}) and print dotted.
 */
public final class AddressTable {

    private long[] his = new long[1024];
    private long[] los = new long[1024];
    private String[] text = new String[1024];
    private int size;
    /** Open-addressing table of id+1 (0 = empty). */
    private int[] slots = new int[4096];

    /**
     * The id of an address given as {@link #text} prints it (dotted quad or IPv6), adding it when new:
     * how a stored table's addresses come back. {@code table.intern("192.0.2.1")}.
     */
    public int intern(String literal) {
        byte[] b;
        try {
            // Only literals reach here (a table's own addresses): no name is looked up.
            b = java.net.InetAddress.getByName(literal).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + literal, e);
        }
        if (b.length == 4) {
            return intern(0, 0xffff_0000_0000L | (java.nio.ByteBuffer.wrap(b).getInt() & 0xffff_ffffL));
        }
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b);
        return intern(bb.getLong(), bb.getLong());
    }

    /** The id of this address, adding it when new. */
    public int intern(long hi, long lo) {
        int mask = slots.length - 1;
        int h = hash(hi, lo) & mask;
        while (true) {
            int s = slots[h];
            if (s == 0) {
                break;
            }
            if (his[s - 1] == hi && los[s - 1] == lo) {
                return s - 1;
            }
            h = (h + 1) & mask;
        }
        int id = size++;
        if (id == his.length) {
            his = Arrays.copyOf(his, id * 2);
            los = Arrays.copyOf(los, id * 2);
            text = Arrays.copyOf(text, id * 2);
        }
        his[id] = hi;
        los[id] = lo;
        slots[h] = id + 1;
        if (size * 2 > slots.length) {
            rehash();
        }
        return id;
    }

    private void rehash() {
        int[] next = new int[slots.length * 2];
        int mask = next.length - 1;
        for (int id = 0; id < size; id++) {
            int h = hash(his[id], los[id]) & mask;
            while (next[h] != 0) {
                h = (h + 1) & mask;
            }
            next[h] = id + 1;
        }
        slots = next;
    }

    private static int hash(long hi, long lo) {
        long x = hi * 0x9E3779B97F4A7C15L ^ lo;
        x *= 0xBF58476D1CE4E5B9L;
        return (int) (x ^ (x >>> 31) ^ (x >>> 47));
    }

    /** How many distinct addresses. */
    public int size() {
        return size;
    }

    /** Upper 64 bits of address {@code id}. */
    public long hi(int id) {
        return his[id];
    }

    /** Lower 64 bits of address {@code id}. */
    public long lo(int id) {
        return los[id];
    }

    /** True when address {@code id} is an IPv4 address. */
    public boolean isIpv4(int id) {
        return his[id] == 0 && (los[id] >>> 32) == 0xffffL;
    }

    /** The address as text: dotted quad for IPv4, RFC 5952 form for IPv6. */
    public String text(int id) {
        String t = text[id];
        if (t == null) {
            t = format(his[id], los[id]);
            text[id] = t;
        }
        return t;
    }

    /** Formats a 128-bit address: dotted quad when IPv4-mapped, otherwise RFC 5952 (lower case, longest zero run as ::). */
    public static String format(long hi, long lo) {
        if (hi == 0 && (lo >>> 32) == 0xffffL) {
            return ((lo >>> 24) & 0xff) + "." + ((lo >>> 16) & 0xff) + "." + ((lo >>> 8) & 0xff) + "." + (lo & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) ((hi >>> (48 - 16 * i)) & 0xffff);
            g[i + 4] = (int) ((lo >>> (48 - 16 * i)) & 0xffff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
