package io.rstscope.reset;

import java.util.Arrays;

/**
 * The summaries of ended connections by tuple, and the order in which they ended: what
 * {@link java.util.LinkedHashMap} gave {@link ResetStream}, in an open-addressing table whose slots
 * carry each key's hash (the probes of a lookup read two arrays, not a chain of nodes and keys
 * scattered across the heap: each worker holds some 30,000 summaries of the real recording at once,
 * far more than the caches) and a ring of the summaries in end order beside it.
 *
 * <pre>{@code
 * EndedTuples<Key, Summary> ended = new EndedTuples<>();
 * ended.put(key, summary);          // a summary put again for its tuple moves to the end of the order
 * Summary s = ended.get(key);
 * while (ended.oldest() != null && stale(ended.oldest())) {
 *     ended.removeOldest();
 * }
 * }</pre>
 *
 * <p>A summary replaced by a later one of its tuple stays in the ring until it reaches the head, where
 * it is passed over (no longer in the table): the order seen is the linked map's, which moved the tuple
 * to the end.
 */
final class EndedTuples<K, V> {

    private Object[] keys = new Object[1024];
    private Object[] values = new Object[1024];
    private int[] hashes = new int[1024];
    private int size;

    /** The values in the order they were put, replaced ones included, from {@link #head}. */
    private Object[] ring = new Object[1024];
    private int[] ringHashes = new int[1024];
    private int head;
    private int queued;
    /** The slot of the ring's head value in the table, once {@link #oldest()} found it; else -1. */
    private int oldestSlot = -1;

    /** The value put last for {@code key}, or null. */
    @SuppressWarnings("unchecked")
    V get(K key) {
        int h = key.hashCode();
        int mask = keys.length - 1;
        for (int i = h & mask; keys[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == h && keys[i].equals(key)) {
                return (V) values[i];
            }
        }
        return null;
    }

    /** Puts {@code value} for {@code key}, in place of any earlier one, last in the order. */
    void put(K key, V value) {
        int h = key.hashCode();
        int mask = keys.length - 1;
        int i = h & mask;
        for (; keys[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == h && keys[i].equals(key)) {
                break;
            }
        }
        if (keys[i] == null) {
            keys[i] = key;
            hashes[i] = h;
            size++;
        }
        values[i] = value;
        enqueue(value, h);
        oldestSlot = -1;
        if (size * 2 > keys.length) {
            resize(keys.length * 2);
        }
    }

    /** The value that ended first of those still held, or null when none is. */
    @SuppressWarnings("unchecked")
    V oldest() {
        while (queued > 0) {
            Object v = ring[head];
            int slot = slotOf(v, ringHashes[head]);
            if (slot >= 0) {
                oldestSlot = slot;
                return (V) v;
            }
            dequeue(); // replaced by a later value of its tuple
        }
        return null;
    }

    /** Removes the value {@link #oldest()} returns. */
    void removeOldest() {
        if (oldestSlot < 0 && oldest() == null) {
            return;
        }
        delete(oldestSlot);
        oldestSlot = -1;
        dequeue();
    }

    /** Holds nothing. */
    void clear() {
        Arrays.fill(keys, null);
        Arrays.fill(values, null);
        Arrays.fill(ring, null);
        size = 0;
        head = 0;
        queued = 0;
        oldestSlot = -1;
    }

    /** How many tuples have a value. */
    int size() {
        return size;
    }

    private int slotOf(Object v, int h) {
        int mask = keys.length - 1;
        for (int i = h & mask; keys[i] != null; i = (i + 1) & mask) {
            if (values[i] == v) {
                return i;
            }
        }
        return -1;
    }

    /** Empties slot {@code i}, moving back the later slots of its run that may no longer be reached. */
    private void delete(int i) {
        int mask = keys.length - 1;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (keys[j] == null) {
                break;
            }
            int home = hashes[j] & mask;
            // The slot at j stays reachable unless its home lies cyclically in (i, j].
            if (i <= j ? (home <= i || home > j) : (home <= i && home > j)) {
                keys[i] = keys[j];
                values[i] = values[j];
                hashes[i] = hashes[j];
                i = j;
            }
        }
        keys[i] = null;
        values[i] = null;
        size--;
    }

    private void enqueue(Object value, int h) {
        if (queued == ring.length) {
            Object[] r = new Object[ring.length * 2];
            int[] rh = new int[ring.length * 2];
            for (int k = 0; k < queued; k++) {
                int at = (head + k) & (ring.length - 1);
                r[k] = ring[at];
                rh[k] = ringHashes[at];
            }
            ring = r;
            ringHashes = rh;
            head = 0;
        }
        int at = (head + queued++) & (ring.length - 1);
        ring[at] = value;
        ringHashes[at] = h;
    }

    private void dequeue() {
        ring[head] = null;
        head = (head + 1) & (ring.length - 1);
        queued--;
    }

    private void resize(int capacity) {
        Object[] oldKeys = keys;
        Object[] oldValues = values;
        int[] oldHashes = hashes;
        keys = new Object[capacity];
        values = new Object[capacity];
        hashes = new int[capacity];
        int mask = capacity - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = oldHashes[j] & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
                hashes[i] = oldHashes[j];
            }
        }
        oldestSlot = -1;
    }
}
