package io.rstscope.flow;

import io.rstscope.capture.AddressTable;
import io.rstscope.capture.CaptureData;
import io.rstscope.capture.CaptureReader;
import io.rstscope.capture.DecodedPacket;
import io.rstscope.capture.PacketSink;
import io.rstscope.capture.ReadOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Tracks a capture's connections on several threads, as Zeek's cluster workers and Suricata's
 * flow-pinned workers do: the reader (the thread that calls {@link #accept}) sends each TCP packet to
 * the worker its tuple hashes to, symmetrically, so that both directions of a connection, and every
 * connection on that tuple, go to one worker, which runs its own {@link FlowTracker} (and listener) on
 * them in capture order. Each worker's clock follows the whole capture's (the latest time of the
 * packets read before), so Zeek's timers end its connections as one tracker would.
 *
 * <pre>{@code
 * PartitionedTracker tracker = new PartitionedTracker(2, true, false, worker -> null);
 * CaptureData data = tracker.read(Path.of("big.pcap"), ReadOptions.DEFAULT.withoutPackets());
 * FlowColumns flows = tracker.finish();   // the rows one FlowTracker gives, in the same order
 * }</pre>
 *
 * <p>{@link #finish()} merges the workers' rows into one table in the order of the connections' first
 * packets (the order, and so the uids, one tracker gives): a connection's place is the number of
 * connections, on any worker, whose first packet came before its own (as the distributed mode numbers
 * them). Rows that are not kept ({@code keepRows} false) leave only their counts, the addresses and the
 * host baselines, which each worker keeps for its own connections and which are added up at the end; then,
 * after a read {@link #notingStarts()}, {@link #ordinals()} gives, from a connection's first frame, its
 * place in the capture.
 */
public final class PartitionedTracker implements PacketSink, AutoCloseable {

    /** Packets handed to a worker at once. */
    private static final int BATCH = 1024;
    /**
     * Batches in flight, for all the workers together (each has at least {@link #MIN_IN_FLIGHT}): enough
     * for the reader to ride out a worker's pause (a sweep of its table, a collection) without stopping.
     * With eight per worker, two workers' read of the real recording took 0.59 s in some runs and 0.80 to
     * 0.90 s in others, as the reader and the workers waited for each other; with 64, 0.50 to 0.60 s.
     */
    private static final int IN_FLIGHT = 128;
    private static final int MIN_IN_FLIGHT = 8;

    private final FlowColumns whole;
    private final Worker[] workers;
    private final boolean keepRows;
    /** For each TCP packet read, in order, the worker it went to (when the packets are recorded). */
    private byte[] packetWorker;
    private int tcpPackets;
    private long clock = Long.MIN_VALUE;
    private boolean closed;
    /** Set when the read failed: the workers stop without ending their connections (no listener told). */
    private volatile boolean aborted;
    private FlowColumns finished;

    /**
     * {@code threads} workers (at least 1); {@code keepRows} keeps every connection's row (else only the
     * counts); {@code recordPackets} records each packet's connection for the packets table;
     * {@code listeners} gives each worker its own listener (may give null).
     */
    public PartitionedTracker(int threads, boolean keepRows, boolean recordPackets,
                              IntFunction<? extends ConnectionListener> listeners) {
        if (threads < 1 || threads > ReadOptions.MAX_THREADS) {
            throw new IllegalArgumentException("threads must be from 1 to " + ReadOptions.MAX_THREADS + ", got " + threads);
        }
        this.keepRows = keepRows;
        this.whole = new FlowColumns(new AddressTable(), keepRows);
        this.packetWorker = recordPackets ? new byte[1 << 16] : null;
        this.workers = new Worker[threads];
        int inFlight = Math.max(MIN_IN_FLIGHT, IN_FLIGHT / threads);
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker(this, i, inFlight, new Recorder(listeners.apply(i), keepRows, recordPackets),
                    new FlowColumns(new AddressTable(), keepRows, whole));
        }
        for (Worker w : workers) {
            w.start();
        }
    }

    /**
     * Reads {@code file} into the workers ({@link CaptureReader#read}, in this thread), then tells them
     * the read is over; when the read fails, the workers drop what they hold instead of ending their
     * connections. {@link #finish()} then gives the columns.
     */
    public CaptureData read(Path file, ReadOptions options) {
        return read(file, options, this);
    }

    /**
     * Reads {@code file} as {@link #read(Path, ReadOptions)} does, through {@code front}: a sink that hands
     * this tracker the packets it tracks ({@link #accept}), and may move its clock for the others
     * ({@link #advanceClock}): {@code tracker.read(file, options, tuples.onlyMarked(tracker, tracker::advanceClock))}.
     */
    public CaptureData read(Path file, ReadOptions options, PacketSink front) {
        try {
            return CaptureReader.read(file, options, front);
        } catch (RuntimeException | Error e) {
            aborted = true;
            throw e;
        } finally {
            close();
        }
    }

    /**
     * Moves the capture's clock to {@code nanos} if that is later, for a packet the workers do not see:
     * the next packet handed to a worker carries it ({@link FlowTracker#advanceClock}).
     */
    public void advanceClock(long nanos) {
        if (nanos > clock) {
            clock = nanos;
        }
    }

    @Override
    public void accept(DecodedPacket p) {
        if (p.tcp()) { // a tracker looks at TCP alone
            accept(p, FlowTracker.hash(p));
        }
    }

    /**
     * {@link #accept} of a TCP packet whose tuple's hash the caller computed already: the worker's
     * tracker takes it with the packet, and no one computes it again.
     */
    void accept(DecodedPacket p, int h) {
        advanceClock(p.tsNanos());
        // The worker from the hash's mixed high bits: its tracker's table indexes with the low ones.
        int w = (int) (((h * 0x9E3779B9) & 0xffffffffL) * workers.length >>> 32);
        if (packetWorker != null) {
            if (tcpPackets == packetWorker.length) {
                packetWorker = Arrays.copyOf(packetWorker, tcpPackets + (tcpPackets >> 1));
            }
            packetWorker[tcpPackets++] = (byte) w;
        }
        workers[w].add(p, clock, h);
    }

    /**
     * Sizes what grows with the packets for a file {@code scale} times what was read: here each packet's
     * worker, and in each worker, once it has tracked the packets read so far, its rows and packets; the
     * read calls it ({@link PacketSink#expect}): {@code tracker.expect(46.3)}.
     */
    @Override
    public void expect(double scale) {
        if (packetWorker != null) {
            int want = FlowTracker.expected(tcpPackets, scale, 1, 1);
            if (want > packetWorker.length) {
                packetWorker = Arrays.copyOf(packetWorker, want);
            }
        }
        for (Worker w : workers) {
            w.filling.scale = scale;
        }
    }

    /**
     * Hands the workers what is left and tells them the read is over, without waiting for them: call it
     * once the read has ended, however it ended ({@code finally}), then {@link #finish()} on success.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Worker w : workers) {
            w.end();
        }
    }

    /**
     * Waits for the workers to end every connection, and merges their columns: every row, numbered as
     * one tracker numbers them, or, for rows not kept, the counts. Rethrows what a worker threw.
     */
    public FlowColumns finish() {
        if (finished != null) {
            return finished;
        }
        close();
        for (Worker w : workers) {
            w.await();
            // The batches (some 28 MB of packet copies on two workers) are done with: a caller that reads
            // again while holding this tracker (summary's second read) should not carry them.
            w.full.clear();
            w.empty.clear();
        }
        for (Worker w : workers) {
            if (w.failure instanceof RuntimeException e) {
                throw e;
            }
            if (w.failure instanceof Error e) {
                throw e;
            }
        }
        if (keepRows) {
            mergeRows();
            if (packetWorker != null) {
                mergePackets();
            }
        } else {
            for (Worker w : workers) {
                whole.addCounts(w.columns);
            }
        }
        for (Worker w : workers) {
            whole.addHosts(w.columns);
        }
        finished = whole;
        return whole;
    }

    /** The most connections one worker held at once (memory is bounded by it, per worker). */
    int peakOpen() {
        int peak = 0;
        for (Worker w : workers) {
            peak = Math.max(peak, w.tracker.peakOpen());
        }
        return peak;
    }

    /** Number of workers. */
    public int threads() {
        return workers.length;
    }

    /**
     * Worker {@code i}'s own columns after {@link #finish()}: its counts, host baselines and address table;
     * its rows, numbered from 0, only when rows are not kept (when they are, the merge took them over).
     */
    public FlowColumns part(int i) {
        return workers[i].columns;
    }

    /** For worker {@code i}'s rows, their rows in the merged table (rows kept), after {@link #finish()}. */
    public int[] rows(int i) {
        return workers[i].global;
    }

    /**
     * Has the workers note each connection's first frame, for {@link #ordinals()} when the rows are not
     * kept; call it before the read: {@code tracker.notingStarts().read(file, options)}. A read that never
     * asks for the ordinals does not note them ({@link ConnectionStarts}: a byte per connection, mostly
     * spilled to a temporary file). After the read has begun it throws: the connections read so far would
     * be missing.
     */
    public PartitionedTracker notingStarts() {
        if (keepRows) {
            throw new IllegalStateException("the rows are kept: their first frames give their places");
        }
        if (closed || clock != Long.MIN_VALUE) {
            throw new IllegalStateException(
                    "notingStarts() comes before the read: the connections read so far are not noted");
        }
        for (Worker w : workers) {
            w.recorder.starts = new ConnectionStarts();
        }
        return this;
    }

    /**
     * A connection's place in the capture (its row in the table one tracker gives) from the frame of its
     * first packet, after {@link #finish()} of a read {@link #notingStarts()}:
     * {@code try (var ordinals = tracker.ordinals()) { int row = ordinals.applyAsInt(firstFrame); }}. The
     * workers' notes go to the function and are dropped here: call it once, and close what it returns.
     */
    public ConnectionStarts.Ordinals ordinals() {
        List<ConnectionStarts> parts = new ArrayList<>(workers.length);
        for (Worker w : workers) {
            if (w.recorder.starts == null) {
                throw new IllegalStateException("the first frames were not noted: notingStarts() before the read,"
                        + " and ordinals() once");
            }
            parts.add(w.recorder.starts);
            w.recorder.starts = null;
        }
        return ConnectionStarts.ordinals(parts);
    }

    /** Every worker's rows into the whole table, in the order of their first frames. */
    private void mergeRows() {
        int total = 0;
        for (Worker w : workers) {
            total += w.recorder.started;
            w.global = new int[w.recorder.started];
        }
        byte[] from = new byte[total];
        int[] local = new int[total];
        int[] next = new int[workers.length];
        for (int row = 0; row < total; row++) {
            int best = -1;
            long bestFrame = Long.MAX_VALUE;
            for (int i = 0; i < workers.length; i++) {
                if (next[i] < workers[i].recorder.started && workers[i].recorder.firstFrames[next[i]] < bestFrame) {
                    bestFrame = workers[i].recorder.firstFrames[next[i]];
                    best = i;
                }
            }
            int l = next[best]++;
            workers[best].global[l] = row;
            from[row] = (byte) best;
            local[row] = l;
        }
        FlowColumns[] parts = new FlowColumns[workers.length];
        for (int i = 0; i < workers.length; i++) {
            parts[i] = workers[i].columns;
        }
        whole.merge(parts, from, local, total);
    }

    /** Each packet's connection and direction, in the order they were read, in the merged rows. */
    private void mergePackets() {
        int[] flows = new int[tcpPackets];
        int[] next = new int[workers.length];
        for (int i = 0; i < tcpPackets; i++) {
            Worker w = workers[packetWorker[i]];
            int v = w.recorder.packetFlows[next[packetWorker[i]]++];
            flows[i] = w.global[v >>> 1] << 1 | (v & 1);
        }
        whole.packets(flows, tcpPackets);
    }

    /**
     * What a worker notes of its connections besides the tracker's rows: each one's first frame, and
     * each packet's connection (local row and side, as {@link FlowTracker} records them).
     */
    private static final class Recorder implements ConnectionListener {
        private static final Object SEEN = new Object();
        final ConnectionListener inner;
        int started;
        long[] firstFrames;
        /** Each connection's first frame, when the rows are not kept and {@link #notingStarts()} asked for them. */
        ConnectionStarts starts;
        int[] packetFlows;
        int packets;

        Recorder(ConnectionListener inner, boolean keepRows, boolean recordPackets) {
            this.inner = inner;
            this.firstFrames = keepRows ? new long[1024] : null;
            this.packetFlows = recordPackets ? new int[1024] : null;
        }

        @Override
        public Object packet(Object state, int row, boolean fromA, DecodedPacket p) {
            if (row == started) { // rows are numbered in the order the connections start
                if (firstFrames != null) {
                    if (started == firstFrames.length) {
                        firstFrames = Arrays.copyOf(firstFrames, started * 2);
                    }
                    firstFrames[started] = p.frame();
                } else if (starts != null) {
                    starts.note(row, p.frame());
                }
                started++;
            }
            if (packetFlows != null) {
                if (packets == packetFlows.length) {
                    packetFlows = Arrays.copyOf(packetFlows, packets + (packets >> 1));
                }
                packetFlows[packets++] = row << 1 | (fromA ? 0 : 1);
            }
            return inner == null ? SEEN : inner.packet(state, row, fromA, p);
        }

        /** Sizes the first frames and the packets' connections for a file {@code scale} times what was read. */
        void expect(double scale, int shares) {
            if (firstFrames != null) {
                int want = FlowTracker.expected(started, scale, shares, Long.BYTES);
                if (want > firstFrames.length) {
                    firstFrames = Arrays.copyOf(firstFrames, want);
                }
            }
            if (packetFlows != null) {
                int want = FlowTracker.expected(packets, scale, shares, Integer.BYTES);
                if (want > packetFlows.length) {
                    packetFlows = Arrays.copyOf(packetFlows, want);
                }
            }
        }

        @Override
        public void ended(Object state, int row, FlowColumns flows) {
            if (inner != null) {
                inner.ended(state, row, flows);
            }
        }
    }

    /** One worker: its thread, its tracker, and the batches of packets going to it and coming back empty. */
    private static final class Worker {
        private static final Batch END = new Batch();

        final PartitionedTracker owner;
        final Recorder recorder;
        final FlowColumns columns;
        final FlowTracker tracker;
        final Thread thread;
        /** The most batches of this worker's: made as the reader needs them, so a small capture makes few. */
        final int inFlight;
        int made = 1;
        final BlockingQueue<Batch> full;
        final BlockingQueue<Batch> empty;
        Batch filling = new Batch();
        volatile Throwable failure;
        int[] global;

        Worker(PartitionedTracker owner, int index, int inFlight, Recorder recorder, FlowColumns columns) {
            this.owner = owner;
            this.recorder = recorder;
            this.columns = columns;
            this.tracker = new FlowTracker(recorder, columns);
            this.inFlight = inFlight;
            this.full = new ArrayBlockingQueue<>(inFlight + 1);
            this.empty = new ArrayBlockingQueue<>(inFlight);
            this.thread = new Thread(this::run, "rstscope-tracker-" + index);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        /** Reader side: adds one packet, handing the batch over when full. */
        void add(DecodedPacket p, long clock, int hash) {
            Batch b = filling;
            b.put(p, clock, hash);
            if (b.n == BATCH) {
                rethrowFailure(); // a worker that failed drops what it is handed: reading on is wasted
                put(full, b);
                Batch next = empty.poll();
                if (next == null && made < inFlight) {
                    made++;
                    next = new Batch();
                }
                filling = next != null ? next : awaitEmpty();
            }
        }

        /** Reader side: throws what the worker failed with, if it did. */
        private void rethrowFailure() {
            Throwable t = failure;
            if (t instanceof RuntimeException e) {
                throw e;
            } else if (t instanceof Error e) {
                throw e;
            } else if (t != null) {
                throw new IllegalStateException(t);
            }
        }

        /**
         * Reader side: waits for the worker to give a batch back, or throws what it failed with. A worker
         * that failed hands back no more batches once its thread has ended (out of memory while it took the
         * queue's lock, in a JVM whose heap an open filled), which left the reader waiting for ever.
         */
        private Batch awaitEmpty() {
            boolean interrupted = false;
            try {
                while (true) {
                    rethrowFailure();
                    Batch b;
                    try {
                        b = empty.poll(20, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        interrupted = true; // kept for the reader's own check, which ends the read
                        continue;
                    }
                    if (b != null) {
                        return b;
                    }
                    if (!thread.isAlive() && empty.isEmpty() && failure == null) {
                        throw new IllegalStateException(thread.getName() + " ended before the read did");
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        void end() {
            if (filling.n > 0) {
                put(full, filling);
            }
            filling = null;
            put(full, END);
        }

        void await() {
            boolean interrupted = false;
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private void run() {
            try {
                while (true) {
                    Batch b = full.take();
                    if (b == END) {
                        break;
                    }
                    if (failure == null) {
                        try {
                            for (int i = 0; i < b.n; i++) {
                                tracker.advanceClock(b.clocks[i]);
                                tracker.accept(b.packets[i], b.hashes[i]);
                            }
                            if (b.scale > 0) {
                                tracker.expect(b.scale, owner.workers.length);
                                recorder.expect(b.scale, owner.workers.length);
                            }
                        } catch (Throwable t) {
                            failure = t; // the reader goes on handing batches; they are dropped
                        }
                    }
                    b.n = 0;
                    b.scale = 0;
                    empty.offer(b);
                }
                if (failure == null && !owner.aborted) {
                    tracker.finish();
                }
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
            }
        }

        private static void put(BlockingQueue<Batch> q, Batch b) {
            boolean interrupted = false;
            while (true) {
                try {
                    q.put(b);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Packets copied for a worker, each with the capture's clock when it was read. */
    private static final class Batch {
        final DecodedPacket[] packets = new DecodedPacket[BATCH];
        final long[] clocks = new long[BATCH];
        /** Each packet's tuple hash ({@link FlowTracker#hash}), computed once, by the reader. */
        final int[] hashes = new int[BATCH];
        int n;
        /** When above 0, what the file holds over what was read up to this batch's end ({@link #expect}). */
        double scale;

        Batch() {
            for (int i = 0; i < BATCH; i++) {
                packets[i] = new DecodedPacket();
            }
        }

        void put(DecodedPacket p, long clock, int hash) {
            boolean rst = (p.flags() & DecodedPacket.RST) != 0;
            p.copyTo(packets[n], rst ? RST_PAYLOAD : 0);
            hashes[n] = hash;
            clocks[n++] = clock;
        }
    }

    /** The payload bytes of an RST a listener may read: the reset analysis keeps 256. */
    private static final int RST_PAYLOAD = 256;
}
