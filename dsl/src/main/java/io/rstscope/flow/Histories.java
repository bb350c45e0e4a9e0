package io.rstscope.flow;

import java.nio.charset.StandardCharsets;

/**
 * One {@code String} for each distinct history of a flow table: a capture of 350,000 connections has
 * a few hundred histories, and each row holds its history's one copy. A connection's history letters
 * are looked up from its bytes ({@link #intern(byte[], int)}), so that no string is made for a history
 * already held (a {@code HashMap<String, String>} made one per connection, and hashed it, to find the one
 * to keep).
 *
 * <pre>{@code
 * Histories histories = new Histories();
 * String h = histories.intern("ShADadFf".getBytes(StandardCharsets.ISO_8859_1), 8);
 * assert h == histories.intern("ShADadFf");
 * }</pre>
 */
final class Histories {

    private String[] values = new String[64];
    /** Each slot's string hash ({@link String#hashCode}); the slot is empty where its value is null. */
    private int[] hashes = new int[64];
    private int size;

    /** The held string of the ISO-8859-1 letters {@code bytes[0, length)}, made only if none is held yet. */
    String intern(byte[] bytes, int length) {
        int h = 0;
        for (int i = 0; i < length; i++) {
            h = 31 * h + (bytes[i] & 0xff); // String.hashCode of the same letters
        }
        int mask = values.length - 1;
        int i = h & mask;
        for (String s; (s = values[i]) != null; i = (i + 1) & mask) {
            if (hashes[i] == h && sameLetters(s, bytes, length)) {
                return s;
            }
        }
        return add(i, new String(bytes, 0, length, StandardCharsets.ISO_8859_1), h);
    }

    /** The held string equal to {@code history}, which is held from now on if none was. */
    String intern(String history) {
        int h = history.hashCode();
        int mask = values.length - 1;
        int i = h & mask;
        for (String s; (s = values[i]) != null; i = (i + 1) & mask) {
            if (hashes[i] == h && s.equals(history)) {
                return s;
            }
        }
        return add(i, history, h);
    }

    private static boolean sameLetters(String s, byte[] bytes, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (s.charAt(k) != (bytes[k] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    private String add(int slot, String s, int h) {
        values[slot] = s;
        hashes[slot] = h;
        if (++size * 2 > values.length) {
            String[] oldValues = values;
            int[] oldHashes = hashes;
            values = new String[oldValues.length * 2];
            hashes = new int[oldValues.length * 2];
            int mask = values.length - 1;
            for (int j = 0; j < oldValues.length; j++) {
                if (oldValues[j] != null) {
                    int i = oldHashes[j] & mask;
                    while (values[i] != null) {
                        i = (i + 1) & mask;
                    }
                    values[i] = oldValues[j];
                    hashes[i] = oldHashes[j];
                }
            }
        }
        return s;
    }
}
