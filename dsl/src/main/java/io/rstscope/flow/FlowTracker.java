package io.rstscope.flow;

import io.rstscope.capture.AddressTable;
import io.rstscope.capture.CaptureData;
import io.rstscope.capture.CaptureReader;
import io.rstscope.capture.DecodedPacket;
import io.rstscope.capture.PacketSink;
import io.rstscope.capture.ReadOptions;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Rebuilds the TCP connections of a capture as Zeek does: bidirectional 4-tuples, split when a SYN
 * reuses a closed, reset or expired tuple; originator and responder, {@link ConnState} and history by
 * Zeek's rules; plus rstscope's own per-direction measurements.
 *
 * <pre>{@code
 * TrackedCapture cap = FlowTracker.read(Path.of("incident.pcapng"), ReadOptions.DEFAULT);
 * FlowColumns flows = cap.flows();
 * for (int i = 0; i < flows.size(); i++) {
 *     System.out.println(flows.uid(i) + " " + flows.connState(i) + " " + flows.history(i));
 * }
 * }</pre>
 *
 * <p>As a {@link PacketSink} it sees every packet of a read; {@link #finish()} returns the columns.
 * Per packet it does one hash lookup on the tuple and primitive updates of the connection's state;
 * nothing is allocated except for a new connection. Connections that Zeek's timers would have removed
 * (closed and past the close delay, attempts past the attempt delay, idle past the inactivity timeout)
 * are written out as they are found, and their state dropped, so that memory is bounded by the
 * connections open at once when the packets are not kept.
 */
public final class FlowTracker implements PacketSink {

    /**
     * Zeek's {@code likely_server_ports} for TCP with its default scripts: the ports its protocol
     * analyzers register. A connection whose first packet is not a SYN and comes from one of these is
     * taken to come from the server.
     */
    public static final int[] ZEEK_LIKELY_SERVER_PORTS = {
        21, 2811, 22, 25, 587, 53, 79, 80, 81, 631, 1080, 3128, 8000, 8080, 8888, 88, 135, 139, 445, 143, 389,
        3268, 502, 514, 1434, 3306, 1883, 3389, 5222, 5269, 5432, 6379, 6666, 6667, 6668, 6669, 20000,
        443, 465, 563, 585, 614, 636, 989, 990, 992, 993, 995, 5223
    };

    private static final int MIN_SWEEP_INTERVAL = 1 << 16;

    private final boolean recordPackets;
    private final ConnectionListener listener;
    /** Zeek's default likely server ports as a lookup table, shared: a cluster job makes a tracker per tuple. */
    private static final boolean[] DEFAULT_LIKELY_SERVER = likelyServer(ZEEK_LIKELY_SERVER_PORTS);

    private final boolean[] likelyServer;
    private final FlowColumns columns;

    private Connection[] table = new Connection[4096];
    /**
     * Beside each slot of {@link #table}: its connection's hash and timer floor, so that a lookup passes
     * the other connections of a run, and a sweep the connections with no timer due, without reading the
     * connection objects (scattered across the heap, each a cache miss).
     */
    private int[] hashes = new int[4096];
    private long[] floors = filled(4096);
    /** Slots of {@link #table} whose connections have a timer due, gathered by a sweep. */
    private final int[] due = new int[32];
    /** What the reads of {@link Connection#touch()} add up to: kept, so that the compiler keeps the reads. */
    private long touched;
    private Connection[] spare;
    private int[] spareHashes;
    private long[] spareFloors;
    private int open;
    private int peakOpen;
    private int ordinals;
    private long now = Long.MIN_VALUE;
    private long sinceSweep;
    private int[] packetFlow;
    private int packetCount;
    private boolean finished;

    /** A tracker with Zeek's default likely server ports; {@code recordPackets} keeps each packet's connection. */
    public FlowTracker(boolean recordPackets) {
        this(recordPackets, ZEEK_LIKELY_SERVER_PORTS);
    }

    /** A tracker with the given likely server ports (Zeek's {@code likely_server_ports}). */
    public FlowTracker(boolean recordPackets, int... likelyServerPorts) {
        this(recordPackets, null, likelyServerPorts);
    }

    /**
     * A tracker with Zeek's default likely server ports that tells {@code listener} of every packet of a
     * connection and of every connection once it has ended and its row is final.
     */
    public FlowTracker(boolean recordPackets, ConnectionListener listener) {
        this(recordPackets, listener, ZEEK_LIKELY_SERVER_PORTS);
    }

    private FlowTracker(boolean recordPackets, ConnectionListener listener, int... likelyServerPorts) {
        this(recordPackets, listener, true, likelyServerPorts);
    }

    private FlowTracker(boolean recordPackets, ConnectionListener listener, boolean keepRows,
                        int... likelyServerPorts) {
        this(recordPackets, listener, new FlowColumns(new AddressTable(), keepRows), likelyServerPorts);
    }

    /** A tracker with Zeek's default likely server ports that writes into {@code columns} (one thread's share). */
    FlowTracker(ConnectionListener listener, FlowColumns columns) {
        this(false, listener, columns, ZEEK_LIKELY_SERVER_PORTS);
    }

    private FlowTracker(boolean recordPackets, ConnectionListener listener, FlowColumns columns,
                        int... likelyServerPorts) {
        this.recordPackets = recordPackets;
        this.listener = listener;
        this.columns = columns;
        this.packetFlow = recordPackets ? new int[1024] : null;
        this.likelyServer = likelyServerPorts == ZEEK_LIKELY_SERVER_PORTS ? DEFAULT_LIKELY_SERVER
                : likelyServer(likelyServerPorts);
    }

    private static boolean[] likelyServer(int[] ports) {
        boolean[] t = new boolean[65536];
        for (int p : ports) {
            t[p] = true;
        }
        return t;
    }

    /**
     * A tracker that keeps neither packets nor the rows of ended connections: {@code listener} (may be
     * null) reads each connection's row in {@link ConnectionListener#ended}, and afterwards the columns
     * hold only the connection count, the counts by conn_state ({@link FlowColumns#count}), the addresses
     * and the host baselines. Memory is bounded by the connections open at once and the hosts seen.
     *
     * <pre>{@code
     * FlowTracker tracker = FlowTracker.rowless(null);
     * CaptureReader.read(Path.of("huge.pcap"), ReadOptions.DEFAULT.withoutPackets(), tracker);
     * long refused = tracker.finish().count(ConnState.REJ);
     * }</pre>
     */
    public static FlowTracker rowless(ConnectionListener listener) {
        return new FlowTracker(false, listener, false, ZEEK_LIKELY_SERVER_PORTS);
    }

    /**
     * Reads {@code file} and tracks its connections; the packets are kept as {@code options} say, and
     * the connections shared among {@link ReadOptions#threads()} threads ({@link PartitionedTracker}).
     */
    public static TrackedCapture read(Path file, ReadOptions options) {
        return read(file, options, true);
    }

    /**
     * Reads {@code file} in memory bounded by the connections open at once and the hosts seen: the
     * columns keep no rows, only the counts, as those of {@link #rowless} (and no packets).
     *
     * <pre>{@code
     * long refused = FlowTracker.readRowless(Path.of("huge.pcap"), ReadOptions.DEFAULT).flows().count(ConnState.REJ);
     * }</pre>
     */
    public static TrackedCapture readRowless(Path file, ReadOptions options) {
        return read(file, options.withoutPackets(), false);
    }

    private static TrackedCapture read(Path file, ReadOptions options, boolean keepRows) {
        if (options.threads() > 1) {
            PartitionedTracker shared = new PartitionedTracker(options.threads(), keepRows,
                    keepRows && options.keepPackets(), w -> null);
            CaptureData data = shared.read(file, options);
            return new TrackedCapture(data, shared.finish());
        }
        FlowTracker tracker = keepRows ? new FlowTracker(options.keepPackets()) : rowless(null);
        CaptureData data = CaptureReader.read(file, options, tracker);
        return new TrackedCapture(data, tracker.finish());
    }

    /**
     * Moves the tracker's clock to {@code nanos} if that is later: the capture's time as a whole, which
     * Zeek's timers run on, has reached it in packets this tracker does not see. A job that tracks one
     * tuple's packets apart from the rest passes, before each packet, the latest timestamp of the
     * capture so far, and gets the connections of one read of the whole capture:
     * {@code tracker.advanceClock(latestSoFar); tracker.accept(p);}.
     */
    public void advanceClock(long nanos) {
        if (nanos > now) {
            now = nanos;
        }
    }

    /**
     * Moves the clock to {@code nanos} if that is later, and at once ends the connections that Zeek's
     * timers have removed by then, as the next packet would: a live capture calls it when no packet
     * comes, so that a quiet connection still ends and its listener hears of it:
     * {@code tracker.tick(captureTimeNow)}.
     */
    public void tick(long nanos) {
        advanceClock(nanos);
        if (!finished && now != Long.MIN_VALUE) {
            sweep();
        }
    }

    @Override
    public void accept(DecodedPacket p) {
        if (p.tcp()) {
            accept(p, hash(p));
        }
    }

    /** {@link #accept} of a TCP packet whose tuple's {@link #hash} the caller computed already. */
    void accept(DecodedPacket p, int h) {
        long t = p.tsNanos();
        if (t > now) {
            now = t;
        }
        int mask = table.length - 1;
        int i = h & mask;
        Connection c;
        while ((c = table[i]) != null) {
            if (hashes[i] == h && (c.matchesA(p.srcHi(), p.srcLo(), p.sport()) && matchesB(c, p.dstHi(), p.dstLo(), p.dport())
                    || c.matchesA(p.dstHi(), p.dstLo(), p.dport()) && matchesB(c, p.srcHi(), p.srcLo(), p.sport()))) {
                break;
            }
            i = (i + 1) & mask;
        }
        if (c != null && now < c.timerFloor) {
            if (c.isReuse(p)) {
                end(c);
                c = new Connection(p, ordinals++, now, likelyServer);
                c.startedByReuse = true;
                table[i] = c;
                hashes[i] = h;
            }
        } else if (c != null) {
            if (c.removalTime() <= now) {
                end(c); // Zeek's timers removed it before this packet: the packet starts a new one
                c = null;
            } else {
                c.advanceTimers(now);
                if (c.isReuse(p)) {
                    end(c);
                    c = new Connection(p, ordinals++, now, likelyServer);
                    c.startedByReuse = true;
                    table[i] = c;
                    hashes[i] = h;
                }
            }
            if (c == null) {
                c = new Connection(p, ordinals++, now, likelyServer);
                table[i] = c;
                hashes[i] = h;
            }
        } else {
            c = new Connection(p, ordinals++, now, likelyServer);
            table[i] = c;
            hashes[i] = h;
            peakOpen = Math.max(peakOpen, ++open);
        }
        boolean fromA = c.matchesA(p.srcHi(), p.srcLo(), p.sport());
        if (p.capturedPayloadLen() < 0) {
            c.skipped(t); // Zeek drops a segment whose TCP header was cut, after finding its connection
        } else {
            c.process(p, fromA, t);
        }
        floors[i] = c.timerFloor; // the connection's timers change only here, while its packet is handled
        if (open * 2 > table.length) {
            rebuild(table.length * 2);
        }
        if (listener != null) {
            c.listenerState = listener.packet(c.listenerState, c.ordinal, fromA, p);
        }
        if (recordPackets) {
            if (packetCount == packetFlow.length) {
                packetFlow = Arrays.copyOf(packetFlow, packetCount + (packetCount >> 1));
            }
            packetFlow[packetCount++] = c.ordinal << 1 | (fromA ? 0 : 1);
        }
        if (++sinceSweep >= Math.max(MIN_SWEEP_INTERVAL, 2L * open)) {
            sweep();
        }
    }

    /**
     * Sizes the rows (and packets) it keeps for a file {@code scale} times what was read so far, within a
     * quarter of the heap; the read calls it ({@link PacketSink#expect}): {@code tracker.expect(46.3)}.
     */
    @Override
    public void expect(double scale) {
        expect(scale, 1);
    }

    /** {@link #expect(double)} for one of {@code shares} trackers that share a capture's connections. */
    void expect(double scale, int shares) {
        columns.reserve(expected(ordinals, scale, shares, ROW_BYTES));
        if (recordPackets) {
            int want = expected(packetCount, scale, shares, Integer.BYTES);
            if (want > packetFlow.length) {
                packetFlow = Arrays.copyOf(packetFlow, want);
            }
        }
    }

    /**
     * What a file {@code scale} times as long as what was read holds, given {@code soFar} of it, a twentieth
     * more; at most a quarter of the heap among {@code shares} (a capture that opens with a scan would
     * otherwise ask for many times the connections it holds), and no less than {@code soFar}.
     */
    static int expected(long soFar, double scale, int shares, int bytesEach) {
        double cap = Runtime.getRuntime().maxMemory() / 4.0 / shares / bytesEach;
        double want = Math.min(Math.min(soFar * scale * 1.05 + 1024, cap), Integer.MAX_VALUE - 8);
        return (int) Math.max(soFar, want);
    }

    /**
     * What a connection's row takes in {@link FlowColumns}: seven longs, two bytes and a reference for the
     * connection, and for each side nine longs, seven ints, three shorts and three bytes.
     */
    static final int ROW_BYTES = 7 * 8 + 2 + 4 + 2 * (9 * 8 + 7 * 4 + 3 * 2 + 3);

    private void end(Connection c) {
        columns.put(c);
        if (listener != null) {
            listener.ended(c.listenerState, c.ordinal, columns);
            c.listenerState = null;
        }
    }

    private static boolean matchesB(Connection c, long hi, long lo, int port) {
        return c.bHi == hi && c.bLo == lo && c.bPort == port;
    }

    /** Writes out the connections Zeek would have removed by now; the cost is paid once per {@code 2 * open} packets. */
    private void sweep() {
        sinceSweep = 0;
        int n = 0; // the slots of connections with a timer due, ended a few at a time (sweep(int))
        for (int i = 0; i < table.length; i++) {
            if (now >= floors[i] && table[i] != null) {
                due[n++] = i;
                if (n == due.length) {
                    sweep(n);
                    n = 0;
                }
            }
        }
        sweep(n);
        int capacity = table.length;
        while (capacity > 4096 && open * 8 < capacity) {
            capacity >>= 1;
        }
        rebuild(capacity);
    }

    /**
     * Ends those of the connections in the first {@code n} slots of {@link #due} that Zeek's timers have
     * removed by now, in slot order. Their state, written long ago, is no longer in the processor's
     * caches: read one after the other as each ended, every cache line of it was a wait of its own (the
     * sweeps were 38 % of a worker's time in opens of the real recording). So their removal times are
     * read first, then a field of each cache line of those that end ({@link Connection#touch()}), each in
     * a loop that does nothing else, so that the processor fetches several connections' lines at once;
     * then they end: the sweeps' share 38 to 31 %.
     */
    private void sweep(int n) {
        int ending = 0;
        for (int k = 0; k < n; k++) {
            int i = due[k];
            long removal = table[i].removalTime();
            if (removal <= now) {
                due[ending++] = i;
            } else {
                // A timer fired without removing it: until its next packet, nothing changes its
                // removal time, so the sweeps before then need not read it again.
                floors[i] = removal;
            }
        }
        long t = 0;
        for (int k = 0; k < ending; k++) {
            t += table[due[k]].touch();
        }
        touched += t;
        for (int k = 0; k < ending; k++) {
            int i = due[k];
            end(table[i]);
            table[i] = null;
            floors[i] = Long.MAX_VALUE;
            open--;
        }
    }

    private void rebuild(int capacity) {
        Connection[] old = table;
        int[] oldHashes = hashes;
        long[] oldFloors = floors;
        if (spare != null && spare.length == capacity) {
            table = spare; // a sweep that keeps the size reuses the other arrays instead of allocating them
            hashes = spareHashes;
            floors = spareFloors;
            spare = null;  // they are the table now: handing them out again would copy the table onto itself
        } else {
            table = new Connection[capacity];
            hashes = new int[capacity];
            floors = new long[capacity];
        }
        Arrays.fill(floors, Long.MAX_VALUE); // an empty slot has no timer: a sweep passes it by
        int mask = capacity - 1;
        for (int j = 0; j < old.length; j++) {
            Connection c = old[j];
            if (c != null) {
                int i = oldHashes[j] & mask;
                while (table[i] != null) {
                    i = (i + 1) & mask;
                }
                table[i] = c;
                hashes[i] = oldHashes[j];
                floors[i] = oldFloors[j];
            }
        }
        if (old.length == capacity) {
            Arrays.fill(old, null);
            spare = old;
            spareHashes = oldHashes;
            spareFloors = oldFloors;
        }
    }

    private static long[] filled(int n) {
        long[] a = new long[n];
        Arrays.fill(a, Long.MAX_VALUE);
        return a;
    }

    /** The most connections held at once so far (memory is bounded by it). */
    int peakOpen() {
        return peakOpen;
    }

    /** Ends tracking: every connection still open is written in its current state. Call once. */
    public FlowColumns finish() {
        if (finished) {
            throw new IllegalStateException("finish() was already called on this tracker");
        }
        finished = true;
        for (Connection c : table) {
            if (c != null) {
                end(c);
            }
        }
        table = new Connection[0];
        hashes = new int[0];
        floors = new long[0];
        open = 0;
        if (recordPackets) {
            columns.packets(packetFlow, packetCount);
        }
        return columns;
    }

    /**
     * A hash of the unordered pair of endpoints, so that both directions find the same slot: each
     * endpoint is mixed on its own (SplitMix64's finalizer), then the two are added and mixed again.
     * Every bit of the addresses and ports reaches the low bits the table indexes with; a weaker mix
     * let the tuples of one client network and one server (ports counting up) pile into long runs of
     * the open-addressing table and made the tracker quadratic on real traffic.
     */
    static int hash(DecodedPacket p) {
        long x = endpoint(p.srcHi(), p.srcLo(), p.sport()) + endpoint(p.dstHi(), p.dstLo(), p.dport());
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return (int) (x ^ (x >>> 31));
    }

    private static long endpoint(long hi, long lo, int port) {
        long z = (hi * 0x9E3779B97F4A7C15L ^ lo) + port * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
