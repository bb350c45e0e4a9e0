package io.rstscope.reset;

import io.rstscope.RstscopeException;
import io.rstscope.capture.AddressTable;
import io.rstscope.capture.CaptureData;
import io.rstscope.capture.CaptureReader;
import io.rstscope.capture.DecodedPacket;
import io.rstscope.capture.ReadOptions;
import io.rstscope.flow.ConnState;
import io.rstscope.flow.ConnectionStarts;
import io.rstscope.flow.ConnectionListener;
import io.rstscope.flow.Direction;
import io.rstscope.flow.FlowColumns;
import io.rstscope.flow.FlowTracker;
import io.rstscope.flow.HostProfile;
import io.rstscope.flow.HostTtls;
import io.rstscope.flow.PartitionedTracker;
import io.rstscope.flow.ResetTuples;
import io.rstscope.flow.TrackedCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import java.util.function.LongToIntFunction;
import java.util.function.ObjLongConsumer;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;

/**
 * The reset analysis as one streaming pass: follows each connection as its packets arrive (in capture
 * order), keeping only that connection's {@link ReplayState}, and judges its RSTs once they can no longer
 * change — when the tracker ends the connection (closed and past Zeek's delays, expired, replaced on its
 * tuple, or at the end of the read). Memory is bounded by the connections open at once, not by the packets.
 *
 * <pre>{@code
 * ResetStream.Result r = ResetStream.read(Path.of("incident.pcap"), ReadOptions.DEFAULT.withoutPackets(),
 *         ResetOptions.DEFAULT);
 * r.resets().forEach(row -> System.out.println(row.summary()));
 * }</pre>
 *
 * <p>Three things are decided after the RST itself: how many segments its sender sent afterwards, the
 * connection's round trip and roles (the tracker may swap them), and, when the sender sent fewer than two
 * packets other than RSTs in the connection, its host's habits across the capture ({@link HostProfile}:
 * TTL, DF bit, IP ID). The first two are known when the
 * connection ends; the third only at the end of the read, so such a connection's resets wait until then,
 * unless the host baselines are given ({@link #ResetStream(ResetOptions, ToIntFunction)}).
 *
 * <p>The forgery fingerprints ({@link Fingerprints}) are followed the same way: what each side had sent
 * before an RST is kept with it, what comes after (the claimed sender's later data, the peer acknowledging
 * its seq) is added as later packets arrive, and counts over the whole connection are read when it ends.
 * A reset whose payload may be a censor's fixed one (at least 4 bytes, no stated reason) waits for the end
 * of the read, when it is known whether another connection's resets carry the same bytes: those resets,
 * few, are all that waits.
 *
 * <p>A connection made of RSTs alone, or without a SYN, on a tuple used before, is judged as the end of
 * that earlier connection (followed on a second track from the earlier one's state, as long as it may
 * be). For this, a summary of every ended connection (its final state, its last segment, how it ended)
 * is kept by tuple for {@link #TUPLE_MEMORY} of capture time and {@link #TUPLE_MEMORY_FRAMES} packets of
 * the capture after its last packet, then dropped. Both are told from the packets alone, not
 * from how many other connections ended meanwhile, so that the answer is the same when the connections
 * are shared among threads ({@link ReadOptions#threads()}), each seeing only its share.
 *
 * <p>Most connections never see an RST, and their state is needed only if one comes, or if a later
 * connection on their tuple goes on from them with one. So a connection's segments other than RSTs are
 * first only kept, packed in 40 bytes each; its first RST, or its 33rd segment, starts following it
 * through them as if they had been followed as they came. The summary of a connection that ended with its
 * segments only kept holds them (up to 16; a longer one is followed as it ends) instead of its final
 * state, which is worked out when a later connection goes on from it.
 */
public final class ResetStream implements ConnectionListener {

    /** How long, in capture time, the summary of an ended connection is kept for a later connection on its tuple. */
    public static final Duration TUPLE_MEMORY = Duration.ofHours(1);
    /**
     * How many packets of the capture (frames) after its last packet the summary of an ended connection
     * is kept: so at most this many summaries are kept (one per packet at worst; real traffic has several
     * packets per connection), the oldest dropped first.
     */
    public static final int TUPLE_MEMORY_FRAMES = 1 << 19;
    /**
     * Each side's latest acknowledgment numbers kept in the summary of an ended connection: an RST on its
     * tuple afterwards that replies to one of them replies to a segment the earlier connection had just
     * sent, and 16 of them keep each summary small (a few hundred bytes).
     */
    static final int ENDED_ACKS_KEPT = 16;

    private final ResetOptions options;
    private final ToIntFunction<String> hostBaselines;
    /** Takes each row as it is judged, with the first frame of its connection; null when the rows are kept. */
    private final ObjLongConsumer<? super ResetRow> sink;
    private final List<ResetRow> rows = new ArrayList<>();
    private final List<Deferred> deferred = new ArrayList<>();
    private final EndedTuples<TupleKey, Ended> endedByTuple = new EndedTuples<>();
    private final long tupleMemory = TUPLE_MEMORY.toNanos();
    private long now = Long.MIN_VALUE;
    /** The latest frame seen. */
    private long frame;
    /**
     * When this stream follows some of the connections (one thread's share, or the tuples with RSTs): a
     * connection's row in the whole capture from its first frame, for the rows handed to the sink; else null
     * (the tracker's rows are the capture's).
     */
    private LongToIntFunction ordinals;
    /**
     * For each payload that may be a censor's fixed one ({@link Fingerprints#payloadKey}), the number of
     * the connection whose resets carry it, or {@link #REPEATED} once two connections' do: the resets that
     * carry such a payload are judged at the end of the read, when this is known.
     */
    private final Map<String, Long> payloadFlows = new HashMap<>();
    private static final Long REPEATED = -1L;
    /**
     * Whether a connection's segments are only kept until its first RST ({@link Live#keep}); not in the
     * second pass of the bounded read, which follows only tuples an RST was seen on, whose connections
     * mostly have one.
     */
    private boolean keepFirst = true;
    /**
     * Whether the rows leave out their connection's place in the capture ({@code flow} -1, {@code uid}
     * null): a read of every packet once, sharing the connections among threads, learns it only at the
     * end ({@link #readOnce}).
     */
    private boolean unplaced;
    /**
     * The most payload bytes kept of a reset (the RST diagnostic payload draft recommends at most 255);
     * a job that carries packets elsewhere keeps as many: {@code p.payload(ResetStream.RST_PAYLOAD_KEPT)}.
     */
    public static final int RST_PAYLOAD_KEPT = 256;
    private static final byte[] NO_PAYLOAD = new byte[0];

    /** A stream whose resets wait for the capture's host baselines when they need them. */
    public ResetStream(ResetOptions options) {
        this(options, null);
    }

    /**
     * A stream that takes the hosts' habits across the capture from {@code hostBaselines} (address as
     * rstscope prints it to its packed {@link HostProfile}: TTL, DF and IP-ID habits; -1 when unknown; a
     * bare TTL 0-255 means the habits are unknown), so that every reset is judged when its connection
     * ends: {@code new ResetStream(options, ResetStream.hostProfiles(hosts))}.
     */
    public ResetStream(ResetOptions options, ToIntFunction<String> hostBaselines) {
        this(options, hostBaselines, (Consumer<ResetRow>) null);
    }

    /**
     * A stream that hands each reset row to {@code sink} as soon as it is judged (in the order of the
     * connections' ends, not of the frames) and keeps none: {@link #finish} then returns an empty list.
     * Memory no longer grows with the resets, only with the judgings that wait (for the host baselines,
     * or for whether a payload repeats).
     *
     * <pre>{@code
     * Map<Cause, Long> causes = new EnumMap<>(Cause.class);
     * ResetStream stream = new ResetStream(ResetOptions.DEFAULT, null,
     *         row -> causes.merge(row.cause(), 1L, Long::sum));
     * }</pre>
     */
    public ResetStream(ResetOptions options, ToIntFunction<String> hostBaselines, Consumer<? super ResetRow> sink) {
        this(options, hostBaselines, sink == null ? null : (ObjLongConsumer<ResetRow>) (row, first) -> sink.accept(row));
    }

    private ResetStream(ResetOptions options, ToIntFunction<String> hostBaselines,
                        ObjLongConsumer<? super ResetRow> sink) {
        this.options = options;
        this.hostBaselines = hostBaselines;
        this.sink = sink;
    }

    /**
     * How many reset rows and connections' judgings this stream holds now: with a sink, only the
     * judgings of resets whose payload may be a censor's fixed one (and, without host baselines, those
     * waiting for them).
     *
     * <pre>{@code
     * int held = stream.retained();
     * }</pre>
     */
    public int retained() {
        return rows.size() + deferred.size();
    }

    /**
     * This stream, following every connection from its first packet instead of keeping its segments
     * until its first RST: for the bounded read's second pass, and for the tests that compare both.
     */
    ResetStream followingFromStart() {
        keepFirst = false;
        return this;
    }

    /** The flows and resets of a streaming read. */
    public record Result(TrackedCapture capture, List<ResetRow> resets) {
    }

    /**
     * Reads {@code file} once: tracks its connections and explains every RST as its connection ends, on
     * {@link ReadOptions#threads()} threads (each following its share of the connections; the rows are
     * the same whatever their number).
     */
    public static Result read(Path file, ReadOptions readOptions, ResetOptions options) {
        return read(file, readOptions, new ResetStream(options));
    }

    /**
     * Reads {@code file} in memory bounded by the connections open at once and the hosts seen, handing
     * each reset row to {@code sink} as it is judged: no packets, no reset rows and no rows of ended
     * connections are kept ({@link Result#resets()} is empty; the flows answer {@link FlowColumns#size()}
     * and {@link FlowColumns#count} only). A first, cheaper pass (the tracker alone) takes every host's
     * TTL baseline, so that the resets that need one are judged as their connection ends instead of
     * waiting for the end of the read, and marks the tuples an RST was seen on ({@link ResetTuples}): the
     * second pass follows only their connections. The rows are those of
     * {@link #read(Path, ReadOptions, ResetOptions)}; the capture's counts and issues, and the flows' counts,
     * are the first pass's (the second decodes only the packets of those tuples).
     *
     * <pre>{@code
     * long[] resets = {0};
     * ResetStream.read(Path.of("big.pcap"), ReadOptions.DEFAULT.withoutPackets(), ResetOptions.DEFAULT,
     *         row -> resets[0]++);
     * }</pre>
     */
    public static Result read(Path file, ReadOptions readOptions, ResetOptions options,
                              Consumer<? super ResetRow> sink) {
        ReadOptions bare = readOptions.withoutPackets();
        // The first pass also marks the tuples with RSTs: the second follows only their connections (a
        // third of the packets of the real recording), the rest of the capture moving only the clock.
        ResetTuples tuples = ResetTuples.forCapture(sizeOf(file));
        if (bare.threads() == 1) {
            ConnectionStarts starts = new ConnectionStarts();
            FlowTracker baselines = FlowTracker.rowless(starts);
            CaptureData data = CaptureReader.read(file, bare, tuples.marking(baselines));
            FlowColumns all = baselines.finish();
            ResetStream stream = new ResetStream(options, hostProfiles(all.hosts()), sink).followingFromStart();
            try (ConnectionStarts.Ordinals ordinals = starts.ordinals()) {
                stream.ordinals = ordinals;
                FlowTracker tracker = FlowTracker.rowless(stream);
                CaptureReader.read(file, bare, tuples.onlyMarked(tracker, tracker::advanceClock));
                return new Result(new TrackedCapture(data, all), stream.finish(tracker.finish()));
            }
        }
        PartitionedTracker first = new PartitionedTracker(bare.threads(), false, false, worker -> null).notingStarts();
        CaptureData data = first.read(file, bare, tuples.marking(first));
        FlowColumns all = first.finish();
        HostTtls hosts = all.hosts();
        hosts.of(""); // looked up by text from every thread from now on: built here, once
        ToIntFunction<String> baselines = hostProfiles(hosts);
        Object lock = new Object();
        Consumer<ResetRow> shared = row -> {
            synchronized (lock) {
                sink.accept(row);
            }
        };
        try (ConnectionStarts.Ordinals ordinals = first.ordinals()) {
            Result r = readShared(file, bare, threads -> {
                ResetStream s = new ResetStream(options, baselines, shared).followingFromStart();
                s.ordinals = ordinals;
                return s;
            }, tuples);
            return new Result(new TrackedCapture(data, all), r.resets());
        }
    }

    /**
     * Reads {@code file} once, handing each reset row to {@code sink} as it is judged, as
     * {@link #read(Path, ReadOptions, ResetOptions, Consumer)} does but without its first pass: the rows
     * are that read's, except that they leave out their connection's place in the capture ({@code flow}
     * -1, {@code uid} null), which this read learns only at its end; {@code sink} takes each with the
     * first frame of its connection instead, which names the connection among the capture's (the rows of
     * one connection have the same, those of two connections two). For a caller that counts what the
     * resets are and how many connections they end, not which. The resets that need a host's habits wait
     * for the end of the read (their judging is kept until then), so memory also grows with them: for a
     * capture of refused connections alone, four and a half times its size (a SYN scan of 228 MB and 1.5
     * million resets: 1,027 MB still in use after a collection, against 80 MB for the bounded read, and
     * 8.3 against 5.3 s). A real recording of 273 MB, read whole with the causes counted, in a JVM each
     * time as {@code summary} runs: 2.4 to 2.8 s with the bounded read, 1.6 to 2.2 s with this one.
     *
     * <pre>{@code
     * Map<Cause, Long> causes = new EnumMap<>(Cause.class);
     * BitSet ended = new BitSet();
     * ResetStream.readOnce(Path.of("small.pcap"), ReadOptions.DEFAULT, ResetOptions.DEFAULT, (row, first) -> {
     *     causes.merge(row.cause(), 1L, Long::sum);
     *     ended.set(Math.toIntExact(first));
     * });
     * }</pre>
     */
    public static Result readOnce(Path file, ReadOptions readOptions, ResetOptions options,
                                  ObjLongConsumer<? super ResetRow> sink) {
        ReadOptions bare = readOptions.withoutPackets();
        if (bare.threads() == 1) {
            ResetStream stream = new ResetStream(options, null, sink);
            stream.unplaced = true;
            FlowTracker tracker = FlowTracker.rowless(stream);
            CaptureData data = CaptureReader.read(file, bare, tracker);
            FlowColumns all = tracker.finish();
            stream.finish(all);
            return new Result(new TrackedCapture(data, all), List.of());
        }
        Object lock = new Object();
        ObjLongConsumer<ResetRow> shared = (row, first) -> {
            synchronized (lock) {
                sink.accept(row, first);
            }
        };
        return readShared(file, bare, threads -> {
            ResetStream s = new ResetStream(options, null, shared);
            s.unplaced = true;
            return s;
        }, null);
    }

    /** The capture's size on disk, to size what is kept per tuple; 0 when it cannot be told (the read says why). */
    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * The host function a stream takes, from a capture's host baselines: each address to its packed
     * {@link HostProfile} (TTL, DF and IP-ID habits), -1 when the host sent nothing:
     * {@code new ResetStream(options, ResetStream.hostProfiles(firstPass.hosts()), sink)}.
     */
    public static ToIntFunction<String> hostProfiles(HostTtls hosts) {
        return address -> hosts.profile(address).map(HostProfile::packed).orElse(-1);
    }

    /** Reads {@code file} once into {@code stream} (which has no sink), keeping its rows, and its packets when asked. */
    private static Result read(Path file, ReadOptions readOptions, ResetStream stream) {
        if (readOptions.threads() > 1) {
            return readShared(file, readOptions, worker -> new ResetStream(stream.options, stream.hostBaselines),
                    null);
        }
        FlowTracker tracker = new FlowTracker(readOptions.keepPackets(), stream);
        CaptureData data = CaptureReader.read(file, readOptions, tracker);
        FlowColumns flows = tracker.finish();
        return new Result(new TrackedCapture(data, flows), stream.finish(flows));
    }

    /**
     * Reads {@code file} with its connections shared among {@link ReadOptions#threads()} streams, each
     * with its tracker on its own thread ({@link PartitionedTracker}), and merges what they found: the
     * rows, uids and reset rows of one stream, the same whatever the number of threads. The resets that
     * wait for the end of the read are judged there, with every stream's payloads and host baselines.
     * With {@code only}, the workers see the packets of its marked tuples alone (the others move the clock).
     */
    private static Result readShared(Path file, ReadOptions readOptions, IntFunction<ResetStream> streams,
                                     ResetTuples only) {
        int n = readOptions.threads();
        ResetStream[] parts = new ResetStream[n];
        for (int i = 0; i < n; i++) {
            parts[i] = streams.apply(i);
        }
        boolean rows = parts[0].sink == null;
        PartitionedTracker tracker = new PartitionedTracker(n, rows, rows && readOptions.keepPackets(), i -> parts[i]);
        CaptureData data = only == null ? tracker.read(file, readOptions)
                : tracker.read(file, readOptions, only.onlyMarked(tracker, tracker::advanceClock));
        FlowColumns flows;
        try {
            flows = tracker.finish();
        } catch (OutOfMemoryError e) {
            throw RstscopeException.outOfMemory(file);
        }
        Map<String, Long> payloads = new HashMap<>();
        for (ResetStream s : parts) {
            s.payloadFlows.forEach((k, v) -> payloads.merge(k, v, (a, b) -> a.equals(b) ? a : REPEATED));
        }
        // The streams end side by side: each judges its waiting resets and sorts its rows (by frame) on a
        // core of its own. The hosts' table that all of them look up by text is built here, once.
        flows.hosts().of("");
        List<List<ResetRow>> ended = IntStream.range(0, n).parallel().mapToObj(i -> {
            List<ResetRow> part = parts[i].finish(tracker.part(i), payloads);
            if (!rows) {
                return List.<ResetRow>of();
            }
            int[] global = tracker.rows(i);
            List<ResetRow> out = new ArrayList<>(part.size());
            for (ResetRow r : part) {
                int row = global[r.flow()];
                out.add(r.withConnection(row, flows.uid(row)));
            }
            return out;
        }).toList();
        List<ResetRow> resets = new ArrayList<>(ended.stream().mapToInt(List::size).sum());
        ended.forEach(resets::addAll);
        resets.sort((a, b) -> Long.compare(a.frame(), b.frame())); // runs already in order: one merge each
        return new Result(new TrackedCapture(data, flows), resets);
    }

    /**
     * The per-connection operator on its own: the packets of one tuple (or of any set of tuples), in
     * time order, give their connections and their reset rows. Flow rows (and so uids) are numbered from
     * 0 within these packets. Host baselines come from {@code hostBaselines} when given, else from these
     * packets alone. A fixed payload is told from these packets' resets alone: a payload that resets of
     * another group carry too is not seen as repeated.
     *
     * <pre>{@code
     * ResetStream.Tracked t = ResetStream.ofPackets(packetsOfOneTuple, ResetOptions.DEFAULT, null);
     * }</pre>
     */
    public static Tracked ofPackets(Iterator<DecodedPacket> packets, ResetOptions options,
                                    ToIntFunction<String> hostBaselines) {
        ResetStream stream = new ResetStream(options, hostBaselines);
        FlowTracker tracker = new FlowTracker(false, stream);
        while (packets.hasNext()) {
            tracker.accept(packets.next());
        }
        FlowColumns flows = tracker.finish();
        return new Tracked(flows, stream.finish(flows));
    }

    /** Connections and reset rows of {@link #ofPackets}. */
    public record Tracked(FlowColumns flows, List<ResetRow> resets) {
    }

    @Override
    public Object packet(Object state, int row, boolean fromA, DecodedPacket p) {
        if (p.tsNanos() > now) {
            now = p.tsNanos();
        }
        frame = p.frame();
        Live c = (Live) state;
        if (c == null) {
            TupleKey key = TupleKey.of(p);
            c = new Live(key, p.srcHi(), p.srcLo(), p.sport(), p.frame());
            Ended before = endedByTuple.get(key);
            if (before != null && p.tsNanos() - before.lastTs <= tupleMemory
                    && p.frame() - before.lastFrame <= TUPLE_MEMORY_FRAMES) {
                c.before = before;
            }
            if (!keepFirst) {
                c.follow();
            }
        }
        boolean rst = (p.flags() & DecodedPacket.RST) != 0;
        int side = fromA ? 0 : 1;
        if (c.own == null) {
            if (!rst && c.kept < Live.KEPT_MOST) {
                c.keep(p, side);
                return c;
            }
            c.follow();
        }
        c.add(Segment.of(p, side), p.frame(), p.ipVersion() == 4, p.authOption(),
                rst && p.capturedPayloadLen() > 0 ? p.payload(RST_PAYLOAD_KEPT) : NO_PAYLOAD);
        return c;
    }

    @Override
    public void ended(Object state, int row, FlowColumns flows) {
        Live c = (Live) state;
        if (c == null) {
            return;
        }
        boolean flipped = flows.flipped(row);
        if (!c.pending.isEmpty()) {
            judge(c, row, flows, flipped);
        }
        Ended e = new Ended(flows.connState(row) == ConnState.SF, c.aHi, c.aLo, c.aPort, c.lastTs, c.lastFrame);
        if (c.own != null) {
            e.settle(c.own);
        } else {
            e.segments = c.segments;
            e.kept = c.kept;
            if (e.kept > Ended.KEPT_MOST) {
                e.settle();
            }
        }
        endedByTuple.put(c.key, e); // last in the order in which forget() drops them
        forget();
    }

    /** Drops the summaries of ended connections older than {@link #TUPLE_MEMORY} or {@link #TUPLE_MEMORY_FRAMES}. */
    private void forget() {
        Ended e;
        while ((e = endedByTuple.oldest()) != null
                && (now - e.lastTs > tupleMemory || frame - e.lastFrame > TUPLE_MEMORY_FRAMES)) {
            endedByTuple.removeOldest();
        }
    }

    /**
     * Judges the connection's resets now, or, when one of them needs a host baseline that only the end
     * of the read will settle, keeps the whole connection's judging for then (a reset can change the
     * row before it).
     */
    private void judge(Live c, int row, FlowColumns flows, boolean flipped) {
        long r1 = flows.rttSynNanos(row), r2 = flows.rttAckNanos(row);
        long rtt = (r1 > 0 ? r1 : 0) + (r2 > 0 ? r2 : 0);
        AddressTable fa = flows.addresses();
        String origH = fa.text(flows.address(row, Direction.ORIG));
        String respH = fa.text(flows.address(row, Direction.RESP));
        List<Judging> work = new ArrayList<>();
        Ended before = c.before;
        boolean needsHosts = false;
        boolean holdsPayload = false;
        // A connection made of RSTs alone, or without a SYN, on a tuple used before: the end of that earlier
        // connection, judged with its history (the track that went on from it).
        boolean goesOn = c.earlier != null;
        Track t = goesOn ? c.earlier : c.own;
        List<Pending> pending = goesOn ? c.earlierPending : c.pending;
        for (Pending p : pending) {
            Segment rst = flipped ? p.rst.mirrored() : p.rst;
            ReplayState st = flipped ? p.state.mirrored() : p.state;
            Segment prev = p.prev == null ? null : flipped ? p.prev.mirrored() : p.prev;
            needsHosts |= !st.knowsTtl(rst.side()) || !st.knowsHabits(rst.side());
            ResetFacts facts = new ResetFacts(t.prints.signals(p.print, rtt), Fingerprints.replyToPeer(p.print),
                    ResetPayload.decode(p.print.payload, rst.payloadLen()).orElse(null));
            String key = Fingerprints.payloadKey(p.print);
            if (key != null) {
                holdsPayload = true;
                payloadFlows.merge(key, c.firstFrame, (a, b) -> a.equals(b) ? a : REPEATED);
            }
            work.add(new Judging(rst, prev, st, c.later(p.rst.side()) - p.laterAtRst, t.nonRst == 0, facts, key));
        }
        int flow = unplaced ? -1 : ordinals == null ? row : ordinals.applyAsInt(c.firstFrame);
        Deferred d = new Deferred(c.firstFrame, flow, unplaced ? null : flows.uid(row, flow), origH,
                flows.port(row, Direction.ORIG), respH, flows.port(row, Direction.RESP), rtt,
                before != null && before.sf, work);
        if (needsHosts && hostBaselines == null || holdsPayload) {
            deferred.add(d);
        } else {
            emit(d, hostBaselines != null ? s -> hostBaselines.applyAsInt(s == 0 ? origH : respH) : s -> -1);
        }
    }

    /**
     * Ends the stream after the tracker's {@code finish()}: judges the resets that waited for the host
     * baselines, and returns every reset row in capture order.
     */
    public List<ResetRow> finish(FlowColumns flows) {
        return finish(flows, payloadFlows);
    }

    /**
     * Ends the stream, telling a fixed payload by {@code payloads}: this stream's, or, when the capture's
     * connections were shared among several streams, all of theirs merged.
     */
    private List<ResetRow> finish(FlowColumns flows, Map<String, Long> payloads) {
        HostTtls hosts = flows.hosts();
        for (Deferred d : deferred) {
            emit(d, hostBaselines != null
                    ? s -> hostBaselines.applyAsInt(s == 0 ? d.origH : d.respH)
                    : s -> hosts.profile(s == 0 ? d.origH : d.respH).map(HostProfile::packed).orElse(-1), payloads);
        }
        deferred.clear();
        payloadFlows.clear();
        endedByTuple.clear();
        rows.sort((a, b) -> Long.compare(a.frame(), b.frame()));
        return rows;
    }

    /** Judges one connection's resets into the rows, or hands them to the sink when there is one. */
    private void emit(Deferred d, IntUnaryOperator baseline) {
        emit(d, baseline, payloadFlows);
    }

    private void emit(Deferred d, IntUnaryOperator baseline, Map<String, Long> payloads) {
        d.judge(options, baseline, payloads, rows);
        if (sink != null) {
            for (ResetRow r : rows) {
                sink.accept(r, d.firstFrame);
            }
            rows.clear();
        }
    }

    /** A connection still open: its state in the roles of its first packet (endpoint A is side 0). */
    private static final class Live {
        final TupleKey key;
        final long aHi, aLo;
        final int aPort;
        /** The frame of its first packet: names it among the capture's connections. */
        final long firstFrame;
        long lastFrame;
        /**
         * The most segments kept unfollowed: past them, the connection is followed as its packets arrive
         * (a long connection's segments are not held).
         */
        static final int KEPT_MOST = 32;
        /** Room for the segments of a short connection (handshake, a request and its answer, the close) at first. */
        static final int FIRST_KEPT = 12;
        /**
         * The connection followed on its own; null while its segments are only kept ({@link #keep}): most
         * connections never see an RST, and their state is needed only if a later connection on their tuple
         * goes on from them with one, so it is worked out then ({@link #follow}, {@link Ended#settle}).
         */
        Track own;
        /** Its segments while they are only kept, {@link #STRIDE} longs each ({@link #pack}), and how many. */
        long[] segments;
        int kept;
        /** Segments each side sent, neither SYN nor RST (a field per side: one allocation less per connection). */
        int later0, later1;
        /** Its RSTs, with the state before each; most connections have none, and share the empty list. */
        List<Pending> pending = List.of();
        Ended before;
        /**
         * The connection followed as the continuation of the tuple's earlier connection ({@link #before}), as
         * long as it may be judged so: until it has both a SYN and a packet other than an RST.
         */
        Track earlier;
        List<Pending> earlierPending;
        boolean hasSyn;
        /** The latest time of its packets (a capture's timestamps may go back). */
        long lastTs = Long.MIN_VALUE;

        Live(TupleKey key, long aHi, long aLo, int aPort, long firstFrame) {
            this.key = key;
            this.firstFrame = firstFrame;
            this.aHi = aHi;
            this.aLo = aLo;
            this.aPort = aPort;
        }

        /** Goes on, on a second track, from the tuple's earlier connection. */
        void goOn(Ended before) {
            before.settle();
            boolean same = before.aHi == aHi && before.aLo == aLo && before.aPort == aPort;
            earlier = new Track(same ? before.state.copy() : before.state.mirrored(),
                    before.prints.copy(!same, Long.MIN_VALUE, Fingerprints.ACKS_KEPT),
                    same ? before.last : before.last.mirrored(), before.nonRst);
            earlierPending = new ArrayList<>(0);
        }

        /** Keeps a segment other than an RST, to be followed only if the connection needs it. */
        void keep(DecodedPacket p, int side) {
            seen(p.flags(), p.tsNanos(), p.frame());
            if (segments == null) {
                segments = new long[FIRST_KEPT * STRIDE];
            } else if (kept * STRIDE == segments.length) {
                segments = Arrays.copyOf(segments, Math.min(2 * kept, KEPT_MOST) * STRIDE);
            }
            pack(segments, kept++ * STRIDE, p, side);
            count(side, p.flags());
        }

        /**
         * Starts following the connection as its packets arrive: from the tuple's earlier connection too when
         * it goes on from one, and through the segments kept so far, as they would have been followed.
         */
        void follow() {
            own = new Track(new ReplayState(), new Fingerprints(), null, 0);
            if (before != null) {
                goOn(before);
            }
            boolean syn = false;
            int sent0 = 0, sent1 = 0;
            for (int i = 0; i < kept; i++) {
                Segment seg = unpack(segments, i * STRIDE);
                syn |= (seg.flags() & DecodedPacket.SYN) != 0;
                track(seg, ipv4(segments, i * STRIDE), auth(segments, i * STRIDE), NO_PAYLOAD,
                        seg.side() == 0 ? sent0 : sent1, syn);
                if ((seg.flags() & DecodedPacket.SYN) == 0) {
                    if (seg.side() == 0) {
                        sent0++;
                    } else {
                        sent1++;
                    }
                }
            }
            segments = null;
            kept = 0;
        }

        void add(Segment seg, long frame, boolean ipv4, boolean auth, byte[] payload) {
            seen(seg.flags(), seg.ts(), frame);
            track(seg, ipv4, auth, payload, later(seg.side()), hasSyn);
            count(seg.side(), seg.flags());
        }

        /** Notes a packet of the connection, kept or followed: whether it is a SYN, its time and frame. */
        private void seen(int flags, long ts, long frame) {
            hasSyn |= (flags & DecodedPacket.SYN) != 0;
            lastTs = Math.max(lastTs, ts);
            lastFrame = Math.max(lastFrame, frame);
        }

        /** Counts a segment its sender sent, after it is kept or followed, unless it is a SYN or an RST. */
        private void count(int side, int flags) {
            if ((flags & (DecodedPacket.SYN | DecodedPacket.RST)) == 0) {
                if (side == 0) {
                    later0++;
                } else {
                    later1++;
                }
            }
        }

        /**
         * Follows one segment on the connection's tracks; {@code sent} is how many segments its sender had
         * sent before it (neither SYN nor RST), {@code syn} whether the connection has had a SYN by it.
         */
        private void track(Segment seg, boolean ipv4, boolean auth, byte[] payload, int sent, boolean syn) {
            Pending p = own.follow(seg, ipv4, auth, payload, sent);
            if (p != null) {
                if (pending.isEmpty()) {
                    pending = new ArrayList<>(2);
                }
                pending.add(p);
            }
            if (earlier != null) {
                if (syn && own.nonRst > 0) {
                    earlier = null;
                    earlierPending = null;
                } else {
                    Pending q = earlier.follow(seg, ipv4, auth, payload, sent);
                    if (q != null) {
                        earlierPending.add(q);
                    }
                }
            }
        }

        int later(int s) {
            return s == 0 ? later0 : later1;
        }

        boolean aIsFirst() {
            return key.hi1 == aHi && key.lo1 == aLo && key.p1 == aPort;
        }

        long bHi() {
            return aIsFirst() ? key.hi2 : key.hi1;
        }

        long bLo() {
            return aIsFirst() ? key.lo2 : key.lo1;
        }

        int bPort() {
            return aIsFirst() ? key.p2 : key.p1;
        }
    }

    /** One replay of a connection: its state, its fingerprints, its last segment and how many packets were not RSTs. */
    private static final class Track {
        final ReplayState state;
        final Fingerprints prints;
        Segment prev;
        int nonRst;

        Track(ReplayState state, Fingerprints prints, Segment prev, int nonRst) {
            this.state = state;
            this.prints = prints;
            this.prev = prev;
            this.nonRst = nonRst;
        }

        /** Follows one more segment; for an RST, returns it with the state before it. */
        Pending follow(Segment seg, boolean ipv4, boolean auth, byte[] payload, int laterAtRst) {
            Fingerprints.Rst print = prints.follow(seg, ipv4, auth, payload);
            Pending p = seg.rst() ? new Pending(seg, prev, state.copy(), laterAtRst, print) : null;
            if (!seg.rst()) {
                nonRst++;
            }
            state.update(seg);
            prev = seg;
            return p;
        }
    }

    /**
     * An RST seen, with the state before it, how many segments its sender had sent (neither SYN nor RST)
     * by then, and its fingerprints' facts (with its captured payload).
     */
    private record Pending(Segment rst, Segment prev, ReplayState state, int laterAtRst, Fingerprints.Rst print) {
    }

    /** What is kept of an ended connection for a later connection on its tuple. */
    private static final class Ended {
        /**
         * The most segments an ended connection's summary keeps unfollowed; a connection with more is
         * followed when it ends, so that a summary stays a few hundred bytes.
         */
        static final int KEPT_MOST = 16;
        final boolean sf;
        final long aHi, aLo;
        final int aPort;
        final long lastTs, lastFrame;
        /** Its segments, as the connection kept them ({@link Live#keep}), until {@link #settle()}. */
        long[] segments;
        int kept;
        ReplayState state;
        Segment last;
        int nonRst;
        Fingerprints prints;

        Ended(boolean sf, long aHi, long aLo, int aPort, long lastTs, long lastFrame) {
            this.sf = sf;
            this.aHi = aHi;
            this.aLo = aLo;
            this.aPort = aPort;
            this.lastTs = lastTs;
            this.lastFrame = lastFrame;
        }

        /** Takes the connection's final state from its track. */
        void settle(Track own) {
            state = own.state;
            last = own.prev;
            nonRst = own.nonRst;
            prints = own.prints.copy(false, lastTs - Fingerprints.SECOND, ENDED_ACKS_KEPT);
        }

        /** Works out the final state from the kept segments, if it is not known yet. */
        void settle() {
            if (segments == null) {
                return;
            }
            Track own = new Track(new ReplayState(), new Fingerprints(), null, 0);
            for (int i = 0; i < kept; i++) {
                own.follow(unpack(segments, i * STRIDE), ipv4(segments, i * STRIDE), auth(segments, i * STRIDE),
                        NO_PAYLOAD, 0);
            }
            segments = null;
            settle(own);
        }
    }

    /** Longs per kept segment. */
    private static final int STRIDE = 5;

    /** Packs the fields {@link Segment#of} takes from {@code p}, and its IP version and signature, at {@code at}. */
    private static void pack(long[] to, int at, DecodedPacket p, int side) {
        to[at] = p.tsNanos();
        to[at + 1] = (long) (int) p.frame() << 32 | p.payloadLen() & 0xffffffffL;
        to[at + 2] = (long) p.seq() << 32 | p.ack() & 0xffffffffL;
        to[at + 3] = (long) p.ipId() << 32 | (long) (char) p.win() << 16 | (short) p.flags() & 0xffffL;
        to[at + 4] = (short) p.ttl() & 0xffffL | ((byte) p.wscale() & 0xffL) << 16 | (long) side << 24
                | (p.tsPresent() ? 1L << 25 : 0) | (p.df() ? 1L << 26 : 0) | (p.ipVersion() == 4 ? 1L << 27 : 0)
                | (p.authOption() ? 1L << 28 : 0);
    }

    private static Segment unpack(long[] from, int at) {
        long w1 = from[at + 1], w2 = from[at + 2], w3 = from[at + 3], w4 = from[at + 4];
        return new Segment(from[at], (int) (w1 >>> 32), (int) (w4 >>> 24) & 1, (short) w3, (int) (w2 >>> 32),
                (int) w2, (char) (w3 >>> 16), (short) w4, (int) (w3 >>> 32), (int) w1, (w4 & 1L << 25) != 0,
                (byte) (w4 >>> 16), (w4 & 1L << 26) != 0);
    }

    private static boolean ipv4(long[] from, int at) {
        return (from[at + 4] & 1L << 27) != 0;
    }

    private static boolean auth(long[] from, int at) {
        return (from[at + 4] & 1L << 28) != 0;
    }

    /** One RST ready to be judged. */
    private record Judging(Segment rst, Segment prev, ReplayState state, int sentAfter, boolean onlyRsts,
                           ResetFacts facts, String payloadKey) {
    }

    /** The RSTs of one ended connection, to be judged in order. */
    private record Deferred(long firstFrame, int flow, String uid, String origH, int origP, String respH, int respP, long rtt,
                            boolean previousSf, List<Judging> work) {

        void judge(ResetOptions options, IntUnaryOperator baseline, Map<String, Long> payloadFlows,
                   List<ResetRow> out) {
            JudgeContext ctx = new JudgeContext(flow, uid, origH, origP, respH, respP, rtt,
                    options.idleThreshold().toNanos(), previousSf, baseline);
            List<ResetRow> own = new ArrayList<>(work.size());
            for (Judging j : work) {
                ResetFacts facts = j.facts;
                if (j.payloadKey != null && REPEATED.equals(payloadFlows.get(j.payloadKey))) {
                    List<Evidence> ev = new ArrayList<>(facts.fingerprints());
                    ev.add(Fingerprints.fixedPayload(j.rst.payloadLen()));
                    facts = new ResetFacts(ev, facts.replyToPeer(), facts.payload());
                }
                ResetRow row = ResetJudge.judge(j.rst, j.prev, j.state, ctx, j.sentAfter, j.onlyRsts, facts);
                ResetJudge.challenged(own, row);
                own.add(row);
            }
            out.addAll(own);
        }
    }

    /** The unordered pair of endpoints of a connection. */
    private record TupleKey(long hi1, long lo1, int p1, long hi2, long lo2, int p2) {

        /**
         * Every bit of the addresses and ports mixed (the record's own hash, a sum by 31s, let the tuples of
         * one client and one server pile into the same buckets and made each lookup walk a tree of them).
         */
        @Override
        public int hashCode() {
            long x = (hi1 * 0x9E3779B97F4A7C15L ^ lo1) * 0xBF58476D1CE4E5B9L + p1;
            x = (x ^ (x >>> 31) ^ hi2) * 0x94D049BB133111EBL ^ lo2;
            x = (x ^ (x >>> 29)) * 0xBF58476D1CE4E5B9L + p2;
            x = (x ^ (x >>> 32)) * 0x94D049BB133111EBL;
            return (int) (x ^ (x >>> 31));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TupleKey k && lo1 == k.lo1 && lo2 == k.lo2 && p1 == k.p1 && p2 == k.p2
                    && hi1 == k.hi1 && hi2 == k.hi2;
        }

        static TupleKey of(DecodedPacket p) {
            boolean srcFirst = p.srcHi() < p.dstHi() || p.srcHi() == p.dstHi()
                    && (p.srcLo() < p.dstLo() || p.srcLo() == p.dstLo() && p.sport() <= p.dport());
            return srcFirst ? new TupleKey(p.srcHi(), p.srcLo(), p.sport(), p.dstHi(), p.dstLo(), p.dport())
                    : new TupleKey(p.dstHi(), p.dstLo(), p.dport(), p.srcHi(), p.srcLo(), p.sport());
        }
    }
}
