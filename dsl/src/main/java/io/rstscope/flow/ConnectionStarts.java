package io.rstscope.flow;

import io.rstscope.capture.DecodedPacket;
import io.rstscope.capture.SpillFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongToIntFunction;

/**
 * The frame of each connection's first packet, noted as a tracker starts the connection, and from them
 * each connection's place in the capture: what a later read that tracks only some of the connections
 * numbers them by, so that their uids are those of a read of every connection.
 *
 * <pre>{@code
 * ConnectionStarts starts = new ConnectionStarts();
 * CaptureReader.read(file, ReadOptions.DEFAULT.withoutPackets(), FlowTracker.rowless(starts));
 * try (ConnectionStarts.Ordinals ordinals = starts.ordinals()) {
 *     int row = ordinals.applyAsInt(firstFrame);
 * }
 * }</pre>
 *
 * <p>The frames come in order; each is kept as its distance from the one before, in a variable number
 * of bytes (one for nearly all: real traffic starts a connection every few packets; 1.01 bytes per
 * connection for a real recording of 350,016), in blocks of {@value #BLOCK} frames whose first is kept
 * whole. Once they fill {@value #BUFFER} bytes they spill to a temporary file, deleted as soon as it is
 * made (nothing is left behind, even if the JVM dies), and only each block's first frame and place in
 * the file stay on the heap: 16 bytes per 512 connections. So the heap no longer grows with the packets
 * of the capture, as a bit per packet did (42 MB of a 20 GB capture's rank; its 25.5 million
 * connections now take some 26 MB of disk and 0.8 MB of heap). A place is found by a binary search of
 * the blocks' first frames and the block read back, which each thread that asks keeps for a while
 * ({@link Ordinals}). When no temporary file can be made (a full or read-only {@code java.io.tmpdir}),
 * the bytes stay on the heap; when the file cannot grow (a full disk), those not yet written do.
 */
public final class ConnectionStarts implements ConnectionListener {

    /** Frames per block: the first kept whole, on the heap, the others as distances. */
    static final int BLOCK = 512;
    /** The bytes kept on the heap before they spill to a temporary file. */
    static final int BUFFER = 1 << 16;
    private static final Object SEEN = new Object();

    private byte[] buffer = new byte[BUFFER];
    private int buffered;
    /** Bytes written to the temporary file, which come before {@link #buffer}'s. */
    private long written;
    private FileChannel spill;
    /** Spilling was tried and failed: the bytes stay on the heap. */
    private boolean heapOnly;
    /** Each block's first frame, and the place of its first byte among all the bytes. */
    private long[] blockFirst = new long[16];
    private long[] blockAt = new long[16];
    private int started;
    private long last;
    private boolean finished;

    /** First frames that stay on the heap, as when no temporary file can be made. */
    static ConnectionStarts onHeap() {
        ConnectionStarts s = new ConnectionStarts();
        s.heapOnly = true;
        return s;
    }

    /** First frames that spill to {@code channel} instead of a temporary file of their own. */
    static ConnectionStarts spillingTo(FileChannel channel) {
        ConnectionStarts s = new ConnectionStarts();
        s.spill = channel;
        return s;
    }

    /** Whether the frames spilled to a temporary file. */
    boolean spilled() {
        return written > 0;
    }

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
        if (row != started) {
            return;
        }
        if (finished) {
            throw new IllegalStateException("a first frame noted after ordinals(): it would not be counted");
        }
        if (buffered + 10 > buffer.length) {
            flush();
        }
        int b = started / BLOCK;
        if (started % BLOCK == 0) {
            if (b == blockFirst.length) {
                blockFirst = Arrays.copyOf(blockFirst, b * 2);
                blockAt = Arrays.copyOf(blockAt, b * 2);
            }
            blockFirst[b] = frame;
            blockAt[b] = written + buffered;
            put(frame);
        } else {
            put(frame - last);
        }
        last = frame;
        started++;
    }

    /** Appends {@code v} (at least 0) in 7-bit groups, the lowest first, each but the last with its top bit set. */
    private void put(long v) {
        while ((v & ~0x7fL) != 0) {
            buffer[buffered++] = (byte) (v & 0x7f | 0x80);
            v >>>= 7;
        }
        buffer[buffered++] = (byte) v;
    }

    /**
     * Writes the buffered bytes to the temporary file, made at the first call; without one, or once it
     * cannot grow (a full disk), gives the buffer room instead.
     */
    private void flush() {
        if (spill == null && !heapOnly) {
            spill = SpillFile.open("rstscope-starts-");
            heapOnly = spill == null;
        }
        if (heapOnly) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
            return;
        }
        ByteBuffer out = ByteBuffer.wrap(buffer, 0, buffered);
        try {
            while (out.hasRemaining()) {
                written += spill.write(out, written);
            }
            buffered = 0;
        } catch (IOException e) {
            // A full disk: what was written stays readable in the file, the rest stays on the heap.
            int done = out.position();
            System.arraycopy(buffer, done, buffer, 0, buffered - done);
            buffered -= done;
            heapOnly = true;
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
    }

    /** Closes the temporary file, if there is one: its space is freed. */
    private void close() {
        SpillFile.close(spill);
        spill = null;
    }

    /**
     * From a connection's first frame, the number of connections that started before it; no frame is
     * noted afterwards. Close it once its last place is read (the temporary file goes with it).
     */
    public Ordinals ordinals() {
        return ordinals(List.of(this));
    }

    /** The places among the connections that {@code parts} noted (each connection in one of them). */
    static Ordinals ordinals(List<ConnectionStarts> parts) {
        for (ConnectionStarts s : parts) {
            s.finished = true;
        }
        return new Ordinals(parts.toArray(new ConnectionStarts[0]));
    }

    /** How many of the frames noted here come before {@code frame}, read back through {@code cursor}. */
    private long rank(long frame, Cursor cursor) {
        int blocks = (started + BLOCK - 1) / BLOCK;
        // The last block whose first frame comes before the frame: mostly the one the thread asked about
        // last, else found by halves.
        int b = cursor.last;
        if (b >= 0 && blockFirst[b] < frame && (b + 1 == blocks || blockFirst[b + 1] >= frame)) {
            return (long) b * BLOCK + place(b, blocks, frame, cursor);
        }
        int lo = 0, hi = blocks - 1;
        b = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (blockFirst[mid] < frame) {
                b = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (b < 0) {
            return 0;
        }
        cursor.last = b;
        return (long) b * BLOCK + place(b, blocks, frame, cursor);
    }

    /** How many of block {@code b}'s frames come before {@code frame}. */
    private int place(int b, int blocks, long frame, Cursor cursor) {
        int n = b == blocks - 1 ? started - b * BLOCK : BLOCK;
        long[] frames = cursor.block(b);
        if (frames == null) {
            frames = cursor.take(b);
            readBlock(b, n, frames, cursor);
        }
        int i = Arrays.binarySearch(frames, 0, n, frame);
        return i >= 0 ? i : -i - 1;
    }

    /** Reads block {@code b}, of {@code n} frames, back into {@code frames}. */
    private void readBlock(int b, int n, long[] frames, Cursor cursor) {
        long from = blockAt[b];
        long to = b + 1 < (started + BLOCK - 1) / BLOCK ? blockAt[b + 1] : written + buffered;
        int length = (int) (to - from);
        byte[] bytes = cursor.bytes(length);
        int fromFile = (int) Math.max(0, Math.min(to, written) - from);
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes, 0, fromFile);
            while (in.hasRemaining()) {
                if (spill.read(in, from + in.position()) < 0) {
                    throw new IOException("the file ends early");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "the connections' first frames could not be read back from their temporary file: " + e.getMessage(), e);
        }
        System.arraycopy(buffer, (int) Math.max(0, from - written), bytes, fromFile, length - fromFile);
        int at = 0;
        long frame = 0;
        for (int i = 0; i < n; i++) {
            long v = 0;
            int shift = 0;
            byte x;
            do {
                x = bytes[at++];
                v |= (long) (x & 0x7f) << shift;
                shift += 7;
            } while (x < 0);
            frame += v; // the first whole, the others from the one before
            frames[i] = frame;
        }
    }

    /**
     * One thread's blocks read back from one {@link ConnectionStarts}, the last of each of {@value #SLOTS}
     * slots (block {@code b} in slot {@code b % SLOTS}): the connections a thread asks about end some
     * seconds of capture after they start, in about that order, and their first frames spread over a few
     * dozen blocks.
     */
    private static final class Cursor {
        private static final int SLOTS = 64;
        private final long[][] frames = new long[SLOTS][BLOCK];
        private final int[] blocks = new int[SLOTS];
        private byte[] bytes = new byte[1024];
        /** The block of the last frame asked about; -1 for none. */
        int last = -1;

        Cursor() {
            Arrays.fill(blocks, -1);
        }

        /** Block {@code b}'s frames, if they are here. */
        long[] block(int b) {
            int w = b & (SLOTS - 1);
            return blocks[w] == b ? frames[w] : null;
        }

        /** Room for block {@code b}, in place of the block in its slot. */
        long[] take(int b) {
            int w = b & (SLOTS - 1);
            blocks[w] = b;
            return frames[w];
        }

        byte[] bytes(int length) {
            if (bytes.length < length) {
                bytes = new byte[length];
            }
            return bytes;
        }
    }

    /**
     * A connection's place in the capture (the number of connections that started before it) from its
     * first frame, read from the first frames of one tracker or of several that shared the connections:
     * {@code int row = ordinals.applyAsInt(firstFrame)}. Safe to use from several threads, each with its
     * own blocks read back; closing it frees the temporary file.
     */
    public static final class Ordinals implements LongToIntFunction, AutoCloseable {
        private final ConnectionStarts[] parts;
        private final ThreadLocal<Cursor[]> cursors;
        private volatile boolean closed;

        private Ordinals(ConnectionStarts[] parts) {
            this.parts = parts;
            this.cursors = ThreadLocal.withInitial(() -> {
                Cursor[] c = new Cursor[parts.length];
                Arrays.setAll(c, i -> new Cursor());
                return c;
            });
        }

        @Override
        public int applyAsInt(long frame) {
            if (closed) {
                throw new IllegalStateException("ordinals asked for after close(): their first frames are gone");
            }
            Cursor[] c = cursors.get();
            long n = 0;
            for (int i = 0; i < parts.length; i++) {
                n += parts[i].rank(frame, c[i]);
            }
            return Math.toIntExact(n);
        }

        @Override
        public void close() {
            closed = true;
            for (ConnectionStarts s : parts) {
                s.close();
            }
        }
    }
}
