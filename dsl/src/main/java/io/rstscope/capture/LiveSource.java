package io.rstscope.capture;

import io.rstscope.RstscopeException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;

/**
 * Packets taken from a network interface through libpcap, as they arrive, kept so that they can be
 * read at any moment through the same decoder and sinks as a file.
 *
 * <pre>{@code
 * LiveSource src = LiveSource.start("eth0", "tcp port 443", LiveOptions.UNTIL_STOPPED.forDuration(Duration.ofSeconds(10)));
 * src.await(Duration.ofSeconds(11));
 * CaptureData data = src.read(ReadOptions.DEFAULT);   // what was captured, decoded as a file would be
 * src.save(Path.of("incident.pcapng"), WriteMode.CREATE);
 * }</pre>
 *
 * <p>A thread of its own takes each packet from libpcap (timestamp in nanoseconds where libpcap has
 * them, captured bytes, length on the wire) and appends it, under a lock, to the list of records
 * kept. {@link #read} copies that list as it stands (the records themselves never change) and runs
 * the copy through {@link CaptureReader}'s decoding loop, so every read is a consistent snapshot:
 * the packets that had arrived when it began, in arrival order, numbered as they arrived. A
 * {@link LiveSink} given to {@link #start(String, String, LiveOptions, LiveSink)} sees each packet once,
 * as it is decoded on arrival, and the capture's time when none comes: the live reset analysis
 * runs there, without decoding anything again.
 *
 * <p>By default every packet is kept, so memory grows with the capture. A {@linkplain
 * LiveOptions#windowed() windowed} capture, made for a long watch, keeps TCP packets only, cut to
 * their headers, and only while they can still matter for explaining a reset: packets of a
 * connection are dropped {@value #LINGER_SECONDS} s after it ended (an RST, or a FIN from both sides
 * — long enough for the analysis of its resets and for a port reuse to be judged against it), or
 * after {@value #IDLE_SECONDS} s of silence (longer than Zeek's 5-minute inactivity timeout, after
 * which the tracker starts a new connection anyway); and of a long connection only its first
 * {@value #HEAD} and last {@value #TAIL} packets are kept. Memory is then bounded by the connections
 * alive in those spans, not by the number of packets; the window is compacted whenever it has
 * doubled since the last compaction.
 */
public final class LiveSource implements AutoCloseable {

    static final int LINGER_SECONDS = 60;
    static final int IDLE_SECONDS = 600;
    static final int HEAD = 64;
    static final int TAIL = 1024;
    private static final int MIN_COMPACT = 4096;
    /**
     * The handle is non-blocking: on Linux, libpcap's read timeout never expires while no packet
     * comes, so a blocking read could not see {@link #stop()}. With nothing to read the thread
     * sleeps this long; the kernel's buffer holds what arrives meanwhile.
     */
    private static final long IDLE_POLL_MILLIS = 2;
    private static final long NONE = Long.MIN_VALUE;
    private static final long SECOND = 1_000_000_000L;
    /** How often, in wall time, the sink hears the capture's time ({@link LiveSink#tick}). */
    static final long TICK_NANOS = 250_000_000L;
    /**
     * How far the time told to the sink stays behind the time mapped from the wall clock: a packet
     * stamped just before the kernel's buffer was found empty may still be on its way to it.
     */
    static final long TICK_LAG_NANOS = 250_000_000L;

    private final String iface;
    private final String filter;
    private final LiveOptions options;
    private final PcapHandle handle;
    private final int linkType;
    private final Instant started = Instant.now();
    private final Thread thread;
    private final Object lock = new Object();

    /** Touched by the capture thread only. */
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket decoded = new DecodedPacket();
    private final RawRecord raw = new RawRecord();
    private final Map<Tuple, Conn> conns = new HashMap<>();
    private final LiveSink sink;
    /** The latest packet's timestamp, and the wall time ({@link System#nanoTime()}) when it was read. */
    private long latestTs = NONE;
    private long latestAt;

    /** Guarded by {@code lock}. */
    private final ArrayList<Rec> recs = new ArrayList<>();
    private int nextCompact = MIN_COMPACT;
    private boolean running = true;
    private Instant ended;

    private volatile boolean stopRequested;
    private volatile long packets;
    private volatile long tcpPackets;
    private volatile long rstPackets;
    private volatile long dropped = -1;
    private volatile RstscopeException failure;

    private LiveSource(String iface, String filter, LiveOptions options, LiveSink sink) {
        this.iface = iface;
        this.filter = filter == null ? "" : filter.strip();
        this.options = options;
        this.sink = sink;
        this.handle = Libpcap.open(iface, this.filter, options.snaplen());
        this.linkType = handle.getDlt().value();
        this.thread = new Thread(this::run, "rstscope-capture-" + iface);
        thread.setDaemon(true);
    }

    /**
     * Opens {@code iface} with the BPF {@code filter} (empty or {@code null} for every packet) and
     * starts capturing in the background. Throws {@link RstscopeException} with one clear message
     * when libpcap is missing, the privileges are, the interface does not exist or the filter does
     * not compile.
     */
    public static LiveSource start(String iface, String filter, LiveOptions options) {
        return start(iface, filter, options, null);
    }

    /**
     * As {@link #start(String, String, LiveOptions)}, and the capture thread hands each packet, as
     * soon as it has decoded it, to {@code sink} (may be null), tells it the capture's time every
     * {@value #TICK_NANOS} ns of wall time — the latest packet's timestamp, or, when the kernel's
     * buffer is empty, that timestamp plus the wall time since it was read (less
     * {@value #TICK_LAG_NANOS} ns) — and tells it when the capture ends, before {@link #running()}
     * turns false: {@code LiveSource.start("eth0", "tcp", LiveOptions.UNTIL_STOPPED, sink)}.
     */
    public static LiveSource start(String iface, String filter, LiveOptions options, LiveSink sink) {
        if (iface == null || iface.isBlank()) {
            throw new IllegalArgumentException("interface: expected a name such as eth0, got '" + iface + "'");
        }
        LiveSource s = new LiveSource(iface.strip(), filter, options, sink);
        s.thread.start();
        return s;
    }

    /** The interfaces libpcap can capture on, with their addresses. */
    public static List<CaptureInterface> interfaces() {
        return Libpcap.interfaces();
    }

    /** libpcap's version line; loading it proves live capture can work here. */
    public static String libpcapVersion() {
        return Libpcap.version();
    }

    private void run() {
        long deadline = options.duration() == null ? Long.MAX_VALUE
                : System.nanoTime() + options.duration().toNanos();
        long nextTick = System.nanoTime() + TICK_NANOS;
        try {
            while (!stopRequested && System.nanoTime() < deadline) {
                byte[] data = handle.getNextRawPacket();
                if (sink != null && System.nanoTime() >= nextTick) {
                    nextTick = System.nanoTime() + TICK_NANOS;
                    tick(data == null);
                }
                if (data == null) {
                    Thread.sleep(IDLE_POLL_MILLIS);
                    continue;
                }
                Timestamp t = handle.getTimestamp();
                long ts = Math.floorDiv(t.getTime(), 1000L) * SECOND + t.getNanos();
                Integer orig = handle.getOriginalLength();
                add(ts, data, orig == null ? data.length : orig);
                if (options.maxPackets() > 0 && packets >= options.maxPackets()) {
                    break;
                }
            }
            dropped = handle.getStats().getNumPacketsDropped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // ends the capture like stop()
        } catch (NotOpenException | RuntimeException | org.pcap4j.core.PcapNativeException e) {
            failure = new RstscopeException("the capture on " + iface + " stopped: " + e.getMessage(), e);
        } finally {
            handle.close();
            if (sink != null) {
                try {
                    sink.end();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = new RstscopeException("the capture on " + iface + " stopped: " + e.getMessage(), e);
                    }
                }
            }
            synchronized (lock) {
                running = false;
                ended = Instant.now();
                lock.notifyAll();
            }
        }
    }

    /**
     * Tells the sink the capture's time: the latest packet's, or, when the kernel's buffer was just
     * found empty, that time moved on by the wall time since, so that quiet connections end too.
     */
    private void tick(boolean idle) {
        if (latestTs == NONE) {
            return; // no packet yet: no connection to end
        }
        long t = latestTs;
        if (idle) {
            t = Math.max(latestTs, latestTs + (System.nanoTime() - latestAt) - TICK_LAG_NANOS);
        }
        sink.tick(t);
    }

    private void add(long ts, byte[] data, int origLen) {
        long frame = packets + 1;
        raw.iface = 0;
        raw.linkType = linkType;
        raw.tsNanos = ts;
        raw.capLen = data.length;
        raw.origLen = origLen;
        raw.data = data;
        raw.off = 0;
        raw.fileOffset = -1;
        raw.frame = frame;
        decoder.decode(raw, decoded);
        decoded.frame = frame;
        if (sink != null) {
            sink.accept(decoded); // while the packet's bytes are still the decoder's to read
            if (ts > latestTs) {
                latestTs = ts;
            }
            latestAt = System.nanoTime();
        }
        raw.data = null;
        DecodedPacket p = decoded;
        boolean rst = p.tcp && (p.flags & DecodedPacket.RST) != 0;
        Conn c = null;
        int ordinal = 0;
        if (options.window()) {
            if (!p.tcp) {
                count(p, rst);
                return;
            }
            c = track(p, ts);
            ordinal = c.count++;
        }
        synchronized (lock) {
            recs.add(new Rec(frame, ts, origLen, data, c, ordinal));
            if (options.window() && recs.size() >= nextCompact) {
                compact(ts);
            }
        }
        count(p, rst);
    }

    private void count(DecodedPacket p, boolean rst) {
        if (p.tcp) {
            tcpPackets++;
        }
        if (rst) {
            rstPackets++;
        }
        packets++; // last: a reader that sees the new count also sees the packet
    }

    /** The window's state of the packet's connection, which ends at an RST or a FIN from both sides. */
    private Conn track(DecodedPacket p, long ts) {
        Tuple key = Tuple.of(p);
        Conn c = conns.get(key);
        boolean syn = (p.flags & (DecodedPacket.SYN | DecodedPacket.ACK)) == DecodedPacket.SYN;
        if (c == null || syn && c.endedAt != NONE) {
            c = new Conn(); // a new connection, or a new one on a tuple used before
            conns.put(key, c);
        }
        c.lastTs = Math.max(c.lastTs, ts);
        if ((p.flags & DecodedPacket.RST) != 0 && c.endedAt == NONE) {
            c.endedAt = ts;
        }
        if ((p.flags & DecodedPacket.FIN) != 0) {
            c.fins |= key.fromA(p) ? 1 : 2;
            if (c.fins == 3 && c.endedAt == NONE) {
                c.endedAt = ts;
            }
        }
        return c;
    }

    /** Drops the packets that can no longer matter (see the class comment). Called under the lock. */
    private void compact(long now) {
        int kept = 0;
        for (int i = 0; i < recs.size(); i++) {
            Rec r = recs.get(i);
            if (!expired(r.conn, now) && (r.ordinal < HEAD || r.ordinal >= r.conn.count - TAIL)) {
                recs.set(kept++, r);
            }
        }
        recs.subList(kept, recs.size()).clear();
        recs.trimToSize();
        nextCompact = Math.max(MIN_COMPACT, 2 * kept);
        for (Iterator<Conn> it = conns.values().iterator(); it.hasNext(); ) {
            if (expired(it.next(), now)) {
                it.remove();
            }
        }
    }

    private static boolean expired(Conn c, long now) {
        return c.endedAt != NONE && now - c.endedAt > LINGER_SECONDS * SECOND || now - c.lastTs > IDLE_SECONDS * SECOND;
    }

    /**
     * Decodes the packets kept so far, as they stand now, through the same loop as a file: the
     * columns (when {@code options} keep them), the counts, the issues, and every sink.
     */
    public CaptureData read(ReadOptions options, PacketSink... sinks) {
        Rec[] snapshot;
        synchronized (lock) {
            snapshot = recs.toArray(new Rec[0]);
        }
        RecordReader reader = new RecordReader() {
            private int i;

            @Override
            public boolean next(RawRecord r) {
                if (i == snapshot.length) {
                    return false;
                }
                Rec x = snapshot[i++];
                r.iface = 0;
                r.linkType = linkType;
                r.tsNanos = x.ts;
                r.capLen = x.data.length;
                r.origLen = x.origLen;
                r.data = x.data;
                r.off = 0;
                r.fileOffset = -1;
                r.frame = x.frame;
                return true;
            }

            @Override
            public CaptureFormat format() {
                return CaptureFormat.LIVE;
            }

            @Override
            public int[] linkTypes() {
                return new int[] {linkType};
            }
        };
        try {
            return CaptureReader.decode(Path.of(iface), reader, false, options, () -> 0L, 0, null, sinks);
        } catch (IOException e) {
            throw new IllegalStateException("reading packets held in memory cannot fail", e);
        }
    }

    /**
     * Writes the packets kept so far to {@code file} as pcapng, one interface named after the one
     * captured on; an existing file only with {@link WriteMode#REPLACE}, and whole or not at all
     * (see {@link OutputFiles#write}): {@code src.save(Path.of("incident.pcapng"), WriteMode.CREATE)}.
     */
    public void save(Path file, WriteMode mode) {
        Rec[] snapshot;
        synchronized (lock) {
            snapshot = recs.toArray(new Rec[0]);
        }
        OutputFiles.write(file, mode, "save", out -> {
            CaptureWriter w = CaptureWriter.pcapng(out, ByteOrder.nativeOrder(),
                    CaptureWriter.Option.text(CaptureWriter.SHB_USERAPPL, "rstscope"));
            w.addInterface(linkType, options.snaplen(), CaptureWriter.Resolution.NANOS,
                    CaptureWriter.Option.text(CaptureWriter.IF_NAME, iface));
            for (Rec r : snapshot) {
                w.write(0, r.ts, r.data, r.data.length, r.origLen);
            }
            w.flush();
        });
    }

    /** Stops capturing and waits (briefly) until the capture thread has ended; what was captured stays readable. */
    public void stop() {
        stopRequested = true;
        await(Duration.ofSeconds(2));
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Waits until the capture ends by its bound (duration or packet count), by {@link #stop()} or by
     * a failure, at most {@code timeout}; returns whether it has ended.
     */
    public boolean await(Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (running) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Whether packets are still being captured. */
    public boolean running() {
        synchronized (lock) {
            return running;
        }
    }

    /** The interface captured on. */
    public String iface() {
        return iface;
    }

    /** The BPF filter, or an empty string. */
    public String filter() {
        return filter;
    }

    /** The options this capture runs with. */
    public LiveOptions options() {
        return options;
    }

    /** The link type of the interface (1 for Ethernet). */
    public int linkType() {
        return linkType;
    }

    /** When the capture started. */
    public Instant started() {
        return started;
    }

    /** When the capture ended, if it has. */
    public Optional<Instant> ended() {
        synchronized (lock) {
            return Optional.ofNullable(ended);
        }
    }

    /** Packets captured so far, kept or not. */
    public long packets() {
        return packets;
    }

    /** TCP packets captured so far. */
    public long tcpPackets() {
        return tcpPackets;
    }

    /** RST packets captured so far. */
    public long rstPackets() {
        return rstPackets;
    }

    /** Packets the kernel dropped because they came faster than they were read; -1 until the capture ends. */
    public long dropped() {
        return dropped;
    }

    /** Packets held right now (all of them unless the capture is windowed). */
    public int kept() {
        synchronized (lock) {
            return recs.size();
        }
    }

    /** Why the capture stopped on its own, if it failed. */
    public Optional<RstscopeException> failure() {
        return Optional.ofNullable(failure);
    }

    /** One packet as it arrived; never changed once added. */
    private record Rec(long frame, long ts, int origLen, byte[] data, Conn conn, int ordinal) {
    }

    /** What the window knows of one connection. */
    private static final class Conn {
        long lastTs = NONE;
        long endedAt = NONE;
        int fins;
        int count;
    }

    /** A connection's endpoints in a fixed order, so that both directions give the same key. */
    private record Tuple(long aHi, long aLo, int aPort, long bHi, long bLo, int bPort) {

        static Tuple of(DecodedPacket p) {
            int c = Long.compare(p.srcHi, p.dstHi);
            if (c == 0) {
                c = Long.compare(p.srcLo, p.dstLo);
            }
            if (c == 0) {
                c = Integer.compare(p.sport, p.dport);
            }
            return c <= 0 ? new Tuple(p.srcHi, p.srcLo, p.sport, p.dstHi, p.dstLo, p.dport)
                    : new Tuple(p.dstHi, p.dstLo, p.dport, p.srcHi, p.srcLo, p.sport);
        }

        boolean fromA(DecodedPacket p) {
            return p.srcHi == aHi && p.srcLo == aLo && p.sport == aPort;
        }
    }
}
