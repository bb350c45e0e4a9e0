package io.rstscope.flow;

import io.rstscope.capture.DecodedPacket;
import java.util.BitSet;
import java.util.function.LongToIntFunction;

/**
 * The frame of each connection's first packet, noted as a tracker starts the connection, and from them
 * each connection's place in the capture: what a later read that tracks only some of the connections
 * numbers them by, so that their uids are those of a read of every connection.
 *
 * <pre>{@code
 * ConnectionStarts starts = new ConnectionStarts();
 * CaptureReader.read(file, ReadOptions.DEFAULT.withoutPackets(), FlowTracker.rowless(starts));
 * int row = starts.ordinals().applyAsInt(firstFrame);
 * }</pre>
 */
public final class ConnectionStarts implements ConnectionListener {

    private static final Object SEEN = new Object();
    private final BitSet frames = new BitSet();
    private int started;

    @Override
    public Object packet(Object state, int row, boolean fromA, DecodedPacket p) {
        note(row, p.frame());
        return SEEN;
    }

    @Override
    public void ended(Object state, int row, FlowColumns flows) {
    }

    /** Notes connection {@code row}'s packet at {@code frame}: its first when the row is new (rows count up from 0). */
    void note(int row, long frame) {
        if (row == started) {
            frames.set(Math.toIntExact(frame));
            started++;
        }
    }

    /** The first frames noted, as set bits. */
    BitSet frames() {
        return frames;
    }

    /** From a connection's first frame, the number of connections that started before it. */
    public LongToIntFunction ordinals() {
        return ordinals(frames);
    }

    /** From a connection's first frame, the number of set bits in {@code starts} before it. */
    static LongToIntFunction ordinals(BitSet starts) {
        long[] words = starts.toLongArray();
        int[] before = new int[words.length + 1];
        for (int i = 0; i < words.length; i++) {
            before[i + 1] = before[i] + Long.bitCount(words[i]);
        }
        return frame -> {
            int i = (int) (frame >>> 6);
            if (i >= words.length) {
                return before[words.length];
            }
            return before[i] + Long.bitCount(words[i] & ((1L << (frame & 63)) - 1));
        };
    }
}
