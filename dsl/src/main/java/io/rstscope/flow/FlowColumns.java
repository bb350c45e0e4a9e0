package io.rstscope.flow;

import io.rstscope.capture.AddressTable;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The connections of a capture, one row per connection in order of their first packet, one primitive
 * array per field; what the {@code flows} table is built from. Per-direction values take a
 * {@link Direction}. Missing values: {@code Long.MIN_VALUE} for longs, -1 for ints, {@code null} for
 * enums. It also says, for each row of the packets table, which connection and direction the packet
 * belongs to (when the read kept the packets).
 */
public final class FlowColumns {

    private static final long NIL = Long.MIN_VALUE;
    private static final ConnState[] STATES = ConnState.values();
    private static final EndpointState[] ENDPOINT_STATES = EndpointState.values();
    private static final IpIdBehaviour[] IP_IDS = IpIdBehaviour.values();

    private final AddressTable addresses;
    /** The host baselines these columns answer with: their own, or those of the whole capture for a share. */
    private final HostTtls hosts;
    /**
     * The host baselines the ended connections are added to: {@link #hosts}, or for one thread's share
     * ({@link #FlowColumns(AddressTable, boolean, FlowColumns)}) its own, by its own address ids, added
     * to the whole capture's when the threads are done ({@link #addHosts}); no lock is taken per connection.
     */
    private final HostTtls hostCounts;
    private final Histories histories = new Histories();
    private int size;
    /** The rows {@link #reserve} made room for, 0 if none. */
    private int reserved;
    private final boolean keepRows;
    private final long[] stateCounts = new long[ConnState.values().length];

    // per connection
    private long[] ts = new long[0];
    private long[] lastTime = new long[0];
    private long[] lastTs = new long[0];
    private long[] missedBytes = new long[0];
    private long[] maxIdle = new long[0];
    private long[] rttSyn = new long[0];
    private long[] rttAck = new long[0];
    private byte[] connState = new byte[0];
    private byte[] bits = new byte[0];
    private String[] history = new String[0];

    // per connection and direction, at [2 * row + direction]
    private int[] addr = new int[0];
    private int[] port = new int[0];
    private long[] pkts = new long[0];
    private long[] ipBytes = new long[0];
    private long[] payloadBytes = new long[0];
    private long[] size2 = new long[0];
    private long[] firstTs = new long[0];
    private long[] lastTs2 = new long[0];
    private long[] isn = new long[0];
    private long[] nextSeq = new long[0];
    private long[] maxAck = new long[0];
    private short[] ttlFirst = new short[0];
    private short[] ttlMin = new short[0];
    private short[] ttlMax = new short[0];
    private byte[] ipId = new byte[0];
    private int[] mss = new int[0];
    private byte[] wscale = new byte[0];
    private int[] retransmits = new int[0];
    private int[] zeroWindows = new int[0];
    private int[] keepalives = new int[0];
    private int[] rsts = new int[0];
    private byte[] state = new byte[0];

    private int[] packetFlow;
    private int packetCount;
    /** The uids of columns restored from a stored table (numbered by the job that wrote it), else null. */
    private String[] storedUids;

    private static final int BIT_TS_NEGOTIATED = 1, BIT_FLIPPED = 2, BIT_V6 = 4, BIT_REUSE = 8;

    FlowColumns(AddressTable addresses) {
        this(addresses, true);
    }

    /**
     * Columns that keep every ended connection's row, or, when {@code keepRows} is false, only the one
     * row just ended (while the tracker's listener reads it): then only the counts, the address table and
     * the host baselines grow, with the connections and hosts seen, not with the connections' rows.
     */
    FlowColumns(AddressTable addresses, boolean keepRows) {
        this.addresses = addresses;
        this.hosts = new HostTtls(addresses);
        this.hostCounts = hosts;
        this.keepRows = keepRows;
    }

    /**
     * One thread's columns, among several that each track their share of a capture's connections: rows and
     * addresses of their own (read by that thread alone), host baselines added, under a lock, to those of
     * {@code whole}, the columns the shares are merged into.
     */
    FlowColumns(AddressTable addresses, boolean keepRows, FlowColumns whole) {
        this.addresses = addresses;
        this.hosts = whole.hosts;
        this.hostCounts = new HostTtls(addresses);
        this.keepRows = keepRows;
    }

    /** The slot of {@code row}: itself, or the one slot reused by columns that keep no rows. */
    private int at(int row) {
        return keepRows ? row : 0;
    }

    /**
     * Room for {@code rows} rows at once, for columns that keep their rows: a tracker that expects that many
     * connections sizes its columns once instead of growing them by half some 25 times, copying each
     * (a read of 350,000 connections allocated 290 MB of copies for 98 MB of rows).
     */
    void reserve(int rows) {
        if (keepRows && rows > ts.length) {
            resize(rows);
            reserved = rows;
        }
    }

    private void ensure(int rows) {
        if (rows <= ts.length) {
            return;
        }
        // Past a reservation, which was about right, by an eighth (up to twice it): by half, a read whose
        // estimate a heap's cap held just under its 175,000 rows a thread grew them to 254,000.
        int step = reserved > 0 && ts.length < 2L * reserved ? ts.length >> 3 : ts.length >> 1;
        resize(Math.max(rows, Math.max(16, ts.length + step)));
    }

    private void resize(int n) {
        ts = Arrays.copyOf(ts, n);
        lastTime = Arrays.copyOf(lastTime, n);
        lastTs = Arrays.copyOf(lastTs, n);
        missedBytes = Arrays.copyOf(missedBytes, n);
        maxIdle = Arrays.copyOf(maxIdle, n);
        rttSyn = Arrays.copyOf(rttSyn, n);
        rttAck = Arrays.copyOf(rttAck, n);
        connState = Arrays.copyOf(connState, n);
        bits = Arrays.copyOf(bits, n);
        history = Arrays.copyOf(history, n);
        int m = 2 * n;
        addr = Arrays.copyOf(addr, m);
        port = Arrays.copyOf(port, m);
        pkts = Arrays.copyOf(pkts, m);
        ipBytes = Arrays.copyOf(ipBytes, m);
        payloadBytes = Arrays.copyOf(payloadBytes, m);
        size2 = Arrays.copyOf(size2, m);
        firstTs = Arrays.copyOf(firstTs, m);
        lastTs2 = Arrays.copyOf(lastTs2, m);
        isn = Arrays.copyOf(isn, m);
        nextSeq = Arrays.copyOf(nextSeq, m);
        maxAck = Arrays.copyOf(maxAck, m);
        ttlFirst = Arrays.copyOf(ttlFirst, m);
        ttlMin = Arrays.copyOf(ttlMin, m);
        ttlMax = Arrays.copyOf(ttlMax, m);
        ipId = Arrays.copyOf(ipId, m);
        mss = Arrays.copyOf(mss, m);
        wscale = Arrays.copyOf(wscale, m);
        retransmits = Arrays.copyOf(retransmits, m);
        zeroWindows = Arrays.copyOf(zeroWindows, m);
        keepalives = Arrays.copyOf(keepalives, m);
        rsts = Arrays.copyOf(rsts, m);
        state = Arrays.copyOf(state, m);
    }

    /** Writes a finished connection into its row (its ordinal) and forgets nothing else about it. */
    void put(Connection c) {
        int row = at(c.ordinal);
        ensure(row + 1);
        size = Math.max(size, c.ordinal + 1);
        ts[row] = c.startTs;
        lastTime[row] = c.lastTime;
        lastTs[row] = c.lastPacketTs;
        missedBytes[row] = c.missedBytes;
        maxIdle[row] = c.maxIdle;
        rttSyn[row] = c.rttSyn();
        rttAck[row] = c.rttAck();
        connState[row] = (byte) c.connState().ordinal();
        stateCounts[connState[row]]++;
        history[row] = c.history(histories);
        TcpEndpoint o = c.orig(), r = c.resp();
        bits[row] = (byte) ((o.synTs && r.synTs ? BIT_TS_NEGOTIATED : 0) | (c.flipped ? BIT_FLIPPED : 0)
                | (c.ipVersion == 6 ? BIT_V6 : 0) | (c.startedByReuse ? BIT_REUSE : 0));
        boolean hasDuration = c.lastTime > c.startTs;
        int oa = c.flipped ? addresses.intern(c.bHi, c.bLo) : addresses.intern(c.aHi, c.aLo);
        int ra = c.flipped ? addresses.intern(c.aHi, c.aLo) : addresses.intern(c.bHi, c.bLo);
        side(2 * row, o, oa, c.flipped ? c.bPort : c.aPort, hasDuration);
        side(2 * row + 1, r, ra, c.flipped ? c.aPort : c.bPort, hasDuration);
    }

    private void side(int i, TcpEndpoint e, int address, int p, boolean hasDuration) {
        addr[i] = address;
        port[i] = p;
        pkts[i] = e.pkts;
        ipBytes[i] = e.ipBytes;
        payloadBytes[i] = e.payloadBytes;
        size2[i] = hasDuration ? e.size() : NIL;
        firstTs[i] = e.firstTs;
        lastTs2[i] = e.lastTs;
        isn[i] = e.isn;
        nextSeq[i] = e.seqSeen ? Integer.toUnsignedLong(e.maxSeqEnd) : NIL;
        maxAck[i] = e.ackSeen ? Integer.toUnsignedLong(e.maxAck) : NIL;
        ttlFirst[i] = (short) e.ttlFirst;
        ttlMin[i] = (short) e.ttlMin;
        ttlMax[i] = (short) e.ttlMax;
        IpIdBehaviour b = e.ipIdBehaviour();
        ipId[i] = (byte) (b == null ? -1 : b.ordinal());
        mss[i] = e.mss;
        wscale[i] = (byte) e.wscale;
        retransmits[i] = e.retransmits;
        zeroWindows[i] = e.zeroWindows;
        keepalives[i] = e.keepalives;
        rsts[i] = e.rstCnt;
        state[i] = (byte) e.state.ordinal();
        if (e.pkts > 0) {
            hostCounts.add(address, e);
        }
    }

    /**
     * Fills these columns, empty until now, with the rows of {@code parts} (the threads' shares of the
     * connections): row {@code r} is row {@code local[r]} of {@code parts[from[r]]}. How the shares become
     * the one table a single thread would have built. Column by column, so that each pass reads two or
     * three arrays in order instead of every column's at each row; each part's address is looked up in
     * the whole table the first time a row of that part holds it, so addresses are numbered in row order.
     * The parts give up each column as it is copied (they keep their counts and host baselines): the
     * merged table is built in the room their columns leave, instead of beside all of them (an open of a
     * capture of 350,000 connections otherwise held some 230 MB of rows at once, twice the table).
     */
    void merge(FlowColumns[] parts, byte[] from, int[] local, int n) {
        size = n;
        Gather g = new Gather(parts, from, local, n);
        // Each task writes its own columns: on all cores, while the reader thread would otherwise copy
        // them alone after the workers are done (about 80 ms for the 350,000 rows of a real recording).
        List<Runnable> tasks = List.of(
                () -> mergeKeys(parts, from, local, n),
                () -> {
                    ts = g.longs(c -> c.ts, c -> c.ts = null, 1);
                    lastTime = g.longs(c -> c.lastTime, c -> c.lastTime = null, 1);
                    lastTs = g.longs(c -> c.lastTs, c -> c.lastTs = null, 1);
                    missedBytes = g.longs(c -> c.missedBytes, c -> c.missedBytes = null, 1);
                    maxIdle = g.longs(c -> c.maxIdle, c -> c.maxIdle = null, 1);
                    rttSyn = g.longs(c -> c.rttSyn, c -> c.rttSyn = null, 1);
                    rttAck = g.longs(c -> c.rttAck, c -> c.rttAck = null, 1);
                    bits = g.bytes(c -> c.bits, c -> c.bits = null, 1);
                    port = g.ints(c -> c.port, c -> c.port = null, 2);
                },
                () -> {
                    pkts = g.longs(c -> c.pkts, c -> c.pkts = null, 2);
                    ipBytes = g.longs(c -> c.ipBytes, c -> c.ipBytes = null, 2);
                    payloadBytes = g.longs(c -> c.payloadBytes, c -> c.payloadBytes = null, 2);
                    size2 = g.longs(c -> c.size2, c -> c.size2 = null, 2);
                    firstTs = g.longs(c -> c.firstTs, c -> c.firstTs = null, 2);
                },
                () -> {
                    lastTs2 = g.longs(c -> c.lastTs2, c -> c.lastTs2 = null, 2);
                    isn = g.longs(c -> c.isn, c -> c.isn = null, 2);
                    nextSeq = g.longs(c -> c.nextSeq, c -> c.nextSeq = null, 2);
                    maxAck = g.longs(c -> c.maxAck, c -> c.maxAck = null, 2);
                },
                () -> {
                    ttlFirst = g.shorts(c -> c.ttlFirst, c -> c.ttlFirst = null, 2);
                    ttlMin = g.shorts(c -> c.ttlMin, c -> c.ttlMin = null, 2);
                    ttlMax = g.shorts(c -> c.ttlMax, c -> c.ttlMax = null, 2);
                    ipId = g.bytes(c -> c.ipId, c -> c.ipId = null, 2);
                    mss = g.ints(c -> c.mss, c -> c.mss = null, 2);
                    wscale = g.bytes(c -> c.wscale, c -> c.wscale = null, 2);
                    retransmits = g.ints(c -> c.retransmits, c -> c.retransmits = null, 2);
                    zeroWindows = g.ints(c -> c.zeroWindows, c -> c.zeroWindows = null, 2);
                    keepalives = g.ints(c -> c.keepalives, c -> c.keepalives = null, 2);
                    rsts = g.ints(c -> c.rsts, c -> c.rsts = null, 2);
                    state = g.bytes(c -> c.state, c -> c.state = null, 2);
                });
        tasks.parallelStream().forEach(Runnable::run);
    }

    /** The merge's columns that are not plain copies: states and their counts, histories, addresses. */
    private void mergeKeys(FlowColumns[] parts, byte[] from, int[] local, int n) {
        int[][] ids = new int[parts.length][];
        for (int p = 0; p < parts.length; p++) {
            ids[p] = new int[parts[p].addresses.size()];
            Arrays.fill(ids[p], -1);
        }
        byte[] states = new byte[n];
        String[] histories = new String[n];
        int[] addrs = new int[2 * n];
        for (int r = 0; r < n; r++) {
            FlowColumns part = parts[from[r]];
            int f = local[r];
            states[r] = part.connState[f];
            stateCounts[states[r]]++;
            histories[r] = this.histories.intern(part.history[f]);
            for (int d = 0; d < 2; d++) {
                int a = part.addr[2 * f + d];
                int id = ids[from[r]][a];
                if (id < 0) {
                    id = addresses.intern(part.addresses.hi(a), part.addresses.lo(a));
                    ids[from[r]][a] = id;
                }
                addrs[2 * r + d] = id;
            }
        }
        connState = states;
        history = histories;
        addr = addrs;
        for (FlowColumns part : parts) {
            part.connState = null;
            part.history = null;
            part.addr = null;
        }
    }

    /**
     * Copies one column from the parts into a new merged one, {@code width} values per row (1, or 2 for
     * the columns with one value per side), each pass a loop over plain arrays; then the parts let go of
     * theirs ({@code release}).
     */
    private record Gather(FlowColumns[] parts, byte[] from, int[] local, int n) {

        long[] longs(Function<FlowColumns, long[]> column, Consumer<FlowColumns> release, int width) {
            long[] to = new long[Math.max(16, n) * width];
            long[][] src = new long[parts.length][];
            for (int p = 0; p < parts.length; p++) {
                src[p] = column.apply(parts[p]);
            }
            for (int r = 0; r < n; r++) {
                long[] s = src[from[r]];
                for (int d = 0, f = width * local[r], t = width * r; d < width; d++) {
                    to[t + d] = s[f + d];
                }
            }
            release(release);
            return to;
        }

        int[] ints(Function<FlowColumns, int[]> column, Consumer<FlowColumns> release, int width) {
            int[] to = new int[Math.max(16, n) * width];
            int[][] src = new int[parts.length][];
            for (int p = 0; p < parts.length; p++) {
                src[p] = column.apply(parts[p]);
            }
            for (int r = 0; r < n; r++) {
                int[] s = src[from[r]];
                for (int d = 0, f = width * local[r], t = width * r; d < width; d++) {
                    to[t + d] = s[f + d];
                }
            }
            release(release);
            return to;
        }

        short[] shorts(Function<FlowColumns, short[]> column, Consumer<FlowColumns> release, int width) {
            short[] to = new short[Math.max(16, n) * width];
            short[][] src = new short[parts.length][];
            for (int p = 0; p < parts.length; p++) {
                src[p] = column.apply(parts[p]);
            }
            for (int r = 0; r < n; r++) {
                short[] s = src[from[r]];
                for (int d = 0, f = width * local[r], t = width * r; d < width; d++) {
                    to[t + d] = s[f + d];
                }
            }
            release(release);
            return to;
        }

        byte[] bytes(Function<FlowColumns, byte[]> column, Consumer<FlowColumns> release, int width) {
            byte[] to = new byte[Math.max(16, n) * width];
            byte[][] src = new byte[parts.length][];
            for (int p = 0; p < parts.length; p++) {
                src[p] = column.apply(parts[p]);
            }
            for (int r = 0; r < n; r++) {
                byte[] s = src[from[r]];
                for (int d = 0, f = width * local[r], t = width * r; d < width; d++) {
                    to[t + d] = s[f + d];
                }
            }
            release(release);
            return to;
        }

        private void release(Consumer<FlowColumns> release) {
            for (FlowColumns p : parts) {
                release.accept(p);
            }
        }
    }

    /** Adds the host baselines of {@code part}, one thread's share of the capture, to these (the whole's). */
    void addHosts(FlowColumns part) {
        hosts.addAll(part.hostCounts);
    }

    /** Adds the connection count and the counts by conn_state of {@code part}, whose rows were not kept. */
    void addCounts(FlowColumns part) {
        size += part.size;
        for (int i = 0; i < stateCounts.length; i++) {
            stateCounts[i] += part.stateCounts[i];
        }
    }

    void packets(int[] flowOfPacket, int count) {
        this.packetFlow = flowOfPacket;
        this.packetCount = count;
        for (int i = 0; i < count; i++) {
            int v = flowOfPacket[i];
            int row = v >>> 1;
            boolean fromA = (v & 1) == 0;
            boolean flippedRow = (bits[row] & BIT_FLIPPED) != 0;
            flowOfPacket[i] = (row << 1) | (fromA != flippedRow ? 0 : 1);
        }
    }

    private static int side(Direction d) {
        return d == Direction.ORIG ? 0 : 1;
    }

    /**
     * A numeric field of every row at once, for {@link FlowColumns#longs} and {@link FlowColumns#ints}:
     * each constant reads what the per-row accessor of its name reads, as it stores it (-1, not
     * {@code null}, for an enum's missing value). A table built from these is built a loop per column
     * instead of a call per cell (the flows table of a real recording's 350,000 connections: a long
     * column 1.5 ms that way, 0.25 ms this way).
     *
     * <pre>{@code
     * long[] sent = flows.longs(FlowColumns.Measure.PACKETS, Direction.ORIG);
     * }</pre>
     */
    public enum Measure {
        /** {@link FlowColumns#ts(int)}, of the connection (the direction is ignored). */
        TS(false, true),
        /**
         * The last packet counted, of the connection: {@link FlowColumns#ts(int)} plus
         * {@link FlowColumns#durationNanos(int)}.
         */
        LAST_TIME(false, true),
        /** {@link FlowColumns#lastTs(int)}, of the connection. */
        LAST_TS(false, true),
        /** {@link FlowColumns#missedBytes(int)}, of the connection. */
        MISSED_BYTES(false, true),
        /** {@link FlowColumns#maxIdleNanos(int)}, of the connection. */
        MAX_IDLE(false, true),
        /** {@link FlowColumns#rttSynNanos(int)}, of the connection. */
        RTT_SYN(false, true),
        /** {@link FlowColumns#rttAckNanos(int)}, of the connection. */
        RTT_ACK(false, true),
        /** {@link FlowColumns#connState(int)}'s ordinal, of the connection. */
        CONN_STATE(false, false),
        /** {@link FlowColumns#address(int, Direction)}. */
        ADDRESS(true, false),
        /** {@link FlowColumns#port(int, Direction)}. */
        PORT(true, false),
        /** {@link FlowColumns#packets(int, Direction)}. */
        PACKETS(true, true),
        /** {@link FlowColumns#ipBytes(int, Direction)}. */
        IP_BYTES(true, true),
        /** {@link FlowColumns#payloadBytes(int, Direction)}. */
        PAYLOAD_BYTES(true, true),
        /** {@link FlowColumns#bytes(int, Direction)}. */
        BYTES(true, true),
        /** {@link FlowColumns#firstTs(int, Direction)}. */
        FIRST_TS(true, true),
        /** {@link FlowColumns#lastTs(int, Direction)}. */
        SIDE_LAST_TS(true, true),
        /** {@link FlowColumns#isn(int, Direction)}. */
        ISN(true, true),
        /** {@link FlowColumns#nextSeq(int, Direction)}. */
        NEXT_SEQ(true, true),
        /** {@link FlowColumns#maxAck(int, Direction)}. */
        MAX_ACK(true, true),
        /** {@link FlowColumns#ttl(int, Direction)}. */
        TTL(true, false),
        /** {@link FlowColumns#ttlMin(int, Direction)}. */
        TTL_MIN(true, false),
        /** {@link FlowColumns#ttlMax(int, Direction)}. */
        TTL_MAX(true, false),
        /** {@link FlowColumns#ipIdBehaviour(int, Direction)}'s ordinal, -1 when unknown. */
        IP_ID(true, false),
        /** {@link FlowColumns#mss(int, Direction)}. */
        MSS(true, false),
        /** {@link FlowColumns#wscale(int, Direction)}. */
        WSCALE(true, false),
        /** {@link FlowColumns#retransmits(int, Direction)}. */
        RETRANSMITS(true, false),
        /** {@link FlowColumns#zeroWindows(int, Direction)}. */
        ZERO_WINDOWS(true, false),
        /** {@link FlowColumns#keepalives(int, Direction)}. */
        KEEPALIVES(true, false),
        /** {@link FlowColumns#rsts(int, Direction)}. */
        RSTS(true, false),
        /** {@link FlowColumns#state(int, Direction)}'s ordinal. */
        STATE(true, false);

        private final boolean perSide;
        private final boolean wide;

        Measure(boolean perSide, boolean wide) {
            this.perSide = perSide;
            this.wide = wide;
        }

        /** Whether each direction has its own value (else the connection has one). */
        public boolean perSide() { return perSide; }
        /** Whether it is read with {@link FlowColumns#longs} (else with {@link FlowColumns#ints}). */
        public boolean wide() { return wide; }
    }

    /**
     * Every row's value of {@code m}, a {@linkplain Measure#wide() wide} measure, for direction {@code d}
     * (ignored for a connection's own), in row order:
     * {@code long[] sent = flows.longs(FlowColumns.Measure.PACKETS, Direction.ORIG);}
     */
    public long[] longs(Measure m, Direction d) {
        if (!m.wide) {
            throw new IllegalArgumentException(m + " is read with ints(), not longs()");
        }
        long[] src = switch (m) {
            case TS -> ts;
            case LAST_TIME -> lastTime;
            case LAST_TS -> lastTs;
            case MISSED_BYTES -> missedBytes;
            case MAX_IDLE -> maxIdle;
            case RTT_SYN -> rttSyn;
            case RTT_ACK -> rttAck;
            case PACKETS -> pkts;
            case IP_BYTES -> ipBytes;
            case PAYLOAD_BYTES -> payloadBytes;
            case BYTES -> size2;
            case FIRST_TS -> firstTs;
            case SIDE_LAST_TS -> lastTs2;
            case ISN -> isn;
            case NEXT_SEQ -> nextSeq;
            case MAX_ACK -> maxAck;
            default -> throw new AssertionError(m);
        };
        long[] out = new long[size];
        int step = (keepRows ? 1 : 0) * (m.perSide ? 2 : 1);
        int from = m.perSide ? side(d) : 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = src[step * i + from];
        }
        return out;
    }

    /**
     * Every row's value of {@code m}, a measure that is not {@linkplain Measure#wide() wide}, for
     * direction {@code d} (ignored for a connection's own), in row order:
     * {@code int[] lowest = flows.ints(FlowColumns.Measure.TTL_MIN, Direction.RESP);}
     */
    public int[] ints(Measure m, Direction d) {
        if (m.wide) {
            throw new IllegalArgumentException(m + " is read with longs(), not ints()");
        }
        int[] out = new int[size];
        int step = (keepRows ? 1 : 0) * (m.perSide ? 2 : 1);
        int from = m.perSide ? side(d) : 0;
        switch (m) {
            case CONN_STATE -> copy(connState, step, from, out);
            case ADDRESS -> copy(addr, step, from, out);
            case PORT -> copy(port, step, from, out);
            case TTL -> copy(ttlFirst, step, from, out);
            case TTL_MIN -> copy(ttlMin, step, from, out);
            case TTL_MAX -> copy(ttlMax, step, from, out);
            case IP_ID -> copy(ipId, step, from, out);
            case MSS -> copy(mss, step, from, out);
            case WSCALE -> copy(wscale, step, from, out);
            case RETRANSMITS -> copy(retransmits, step, from, out);
            case ZERO_WINDOWS -> copy(zeroWindows, step, from, out);
            case KEEPALIVES -> copy(keepalives, step, from, out);
            case RSTS -> copy(rsts, step, from, out);
            case STATE -> copy(state, step, from, out);
            default -> throw new AssertionError(m);
        }
        return out;
    }

    private static void copy(int[] src, int step, int from, int[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = src[step * i + from];
        }
    }

    private static void copy(short[] src, int step, int from, int[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = src[step * i + from];
        }
    }

    private static void copy(byte[] src, int step, int from, int[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = src[step * i + from];
        }
    }

    /** The address table the address ids refer to. */
    public AddressTable addresses() { return addresses; }
    /** The TTL / hop-limit baselines of every host, over all connections. */
    public HostTtls hosts() { return hosts; }
    /** Number of connections. */
    public int size() { return size; }

    /**
     * How many connections ended in Zeek conn_state {@code s}, counted as they ended (also when the
     * rows are not kept).
     *
     * <pre>{@code
     * long refused = flows.count(ConnState.REJ);
     * }</pre>
     */
    public long count(ConnState s) { return stateCounts[s.ordinal()]; }

    /**
     * Whether every row is kept; false for the columns of {@link FlowTracker#rowless}, which answer
     * only for the row just ended, while the tracker's listener is told of it.
     */
    public boolean keepsRows() { return keepRows; }

    /** How many rows the columns have room for now (every row, or one when the rows are not kept). */
    int capacity() { return ts.length; }

    /**
     * The uid connection {@code row} has as the {@code ordinal}-th connection of the capture: a thread
     * that tracks a share of the connections numbers its rows from 0, and gives its resets the uid of
     * the connection's place in the whole capture: {@code flows.uid(row, 41)}.
     */
    public String uid(int row, int ordinal) {
        return Uids.uid(addresses.hi(addr[2 * at(row)]), addresses.lo(addr[2 * at(row)]), port[2 * at(row)],
                addresses.hi(addr[2 * at(row) + 1]), addresses.lo(addr[2 * at(row) + 1]), port[2 * at(row) + 1], ts[at(row)],
                ordinal);
    }

    /** Zeek-like unique id of connection {@code row}, stable across runs on the same capture. */
    public String uid(int row) {
        if (storedUids != null) {
            return storedUids[row];
        }
        return uid(row, row);
    }

    /**
     * The uid a connection gets as the {@code ordinal}-th (from 0) connection of its capture, from its
     * originator's and responder's addresses (as {@link AddressTable#hi}/{@link AddressTable#lo} hold
     * them) and ports and its first timestamp: how a job that tracks a capture in pieces gives each
     * connection the uid one read of the whole capture gives it.
     * {@code FlowColumns.uid(0, 0xffff_c000_0201L, 40000, 0, 0xffff_c000_0202L, 80, ts, 0)}.
     */
    public static String uid(long origHi, long origLo, int origPort, long respHi, long respLo, int respPort, long ts,
                             int ordinal) {
        return Uids.uid(origHi, origLo, origPort, respHi, respLo, respPort, ts, ordinal);
    }

    /** Time of the packet that started the connection, ns since the epoch (Zeek's {@code ts}). */
    public long ts(int row) { return ts[at(row)]; }
    /** Zeek's duration in ns: last packet counted (not after both sides closed) minus {@link #ts}. */
    public long durationNanos(int row) { return lastTime[at(row)] - ts[at(row)]; }
    /** Time of the connection's last packet of any kind, ns since the epoch. */
    public long lastTs(int row) { return lastTs[at(row)]; }
    /** Bytes acknowledged but never seen, both directions (Zeek's {@code missed_bytes}). */
    public long missedBytes(int row) { return missedBytes[at(row)]; }
    /** Largest gap between two consecutive packets of the connection, ns. */
    public long maxIdleNanos(int row) { return maxIdle[at(row)]; }
    /** SYN (the last one before the SYN-ACK) to SYN-ACK, ns, or {@code Long.MIN_VALUE}. */
    public long rttSynNanos(int row) { return rttSyn[at(row)]; }
    /** SYN-ACK to the originator's ACK of it, ns, or {@code Long.MIN_VALUE}. */
    public long rttAckNanos(int row) { return rttAck[at(row)]; }
    /** Zeek's conn_state. */
    public ConnState connState(int row) { return STATES[connState[at(row)]]; }
    /** Zeek's history letters. */
    public String history(int row) { return history[at(row)]; }
    /** True when the SYN and the SYN-ACK both carried the timestamp option. */
    public boolean tsNegotiated(int row) { return (bits[at(row)] & BIT_TS_NEGOTIATED) != 0; }
    /** True when the roles were flipped: the first packet seen came from the responder. */
    public boolean flipped(int row) { return (bits[at(row)] & BIT_FLIPPED) != 0; }
    /**
     * True when a SYN started this connection on a tuple whose previous connection was still held: one
     * side had closed or reset it, or the SYN carried another initial sequence number (port reuse).
     */
    public boolean startedByReuse(int row) { return (bits[at(row)] & BIT_REUSE) != 0; }
    /** 4 or 6. */
    public int ipVersion(int row) { return (bits[at(row)] & BIT_V6) != 0 ? 6 : 4; }

    /** Address id (in {@link #addresses()}) of that side. */
    public int address(int row, Direction d) { return addr[2 * at(row) + side(d)]; }
    /** Port of that side. */
    public int port(int row, Direction d) { return port[2 * at(row) + side(d)]; }
    /** Packets sent by that side (Zeek's {@code orig_pkts} / {@code resp_pkts}). */
    public long packets(int row, Direction d) { return pkts[2 * at(row) + side(d)]; }
    /** IP bytes sent by that side (Zeek's {@code orig_ip_bytes} / {@code resp_ip_bytes}). */
    public long ipBytes(int row, Direction d) { return ipBytes[2 * at(row) + side(d)]; }
    /** TCP payload bytes sent by that side, retransmissions included. */
    public long payloadBytes(int row, Direction d) { return payloadBytes[2 * at(row) + side(d)]; }
    /** Zeek's {@code orig_bytes} / {@code resp_bytes} (sequence space), {@code Long.MIN_VALUE} when the duration is 0. */
    public long bytes(int row, Direction d) { return size2[2 * at(row) + side(d)]; }
    /** First packet of that side, ns, or {@code Long.MIN_VALUE} when it sent none. */
    public long firstTs(int row, Direction d) { return firstTs[2 * at(row) + side(d)]; }
    /** Last packet of that side, ns, or {@code Long.MIN_VALUE} when it sent none. */
    public long lastTs(int row, Direction d) { return lastTs2[2 * at(row) + side(d)]; }
    /** Sequence number of that side's first SYN, or {@code Long.MIN_VALUE}. */
    public long isn(int row, Direction d) { return isn[2 * at(row) + side(d)]; }
    /** Highest sequence number sent plus its length (what that side would send next), or {@code Long.MIN_VALUE}. */
    public long nextSeq(int row, Direction d) { return nextSeq[2 * at(row) + side(d)]; }
    /** Highest acknowledgment number sent by that side, or {@code Long.MIN_VALUE}. */
    public long maxAck(int row, Direction d) { return maxAck[2 * at(row) + side(d)]; }
    /** TTL / hop limit of that side's first packet, -1 when none. */
    public int ttl(int row, Direction d) { return ttlFirst[2 * at(row) + side(d)]; }
    /** Lowest TTL of that side, -1 when none. */
    public int ttlMin(int row, Direction d) { return ttlMin[2 * at(row) + side(d)]; }
    /** Highest TTL of that side, -1 when none. */
    public int ttlMax(int row, Direction d) { return ttlMax[2 * at(row) + side(d)]; }
    /** IP ID pattern of that side, {@code null} when unknown (IPv6, or too few packets). */
    public IpIdBehaviour ipIdBehaviour(int row, Direction d) {
        int b = ipId[2 * at(row) + side(d)];
        return b < 0 ? null : IP_IDS[b];
    }
    /** MSS option of that side's SYN, -1 when absent. */
    public int mss(int row, Direction d) { return mss[2 * at(row) + side(d)]; }
    /** Window-scale shift of that side's SYN, -1 when absent. */
    public int wscale(int row, Direction d) { return wscale[2 * at(row) + side(d)]; }
    /** Segments with payload that did not advance the sequence space (Zeek's rule). */
    public int retransmits(int row, Direction d) { return retransmits[2 * at(row) + side(d)]; }
    /** Packets that advertised a zero window (not counting RSTs and after the peer's FIN, as Zeek). */
    public int zeroWindows(int row, Direction d) { return zeroWindows[2 * at(row) + side(d)]; }
    /** Keep-alives (at most one byte, one below the next sequence number; Wireshark's rule). */
    public int keepalives(int row, Direction d) { return keepalives[2 * at(row) + side(d)]; }
    /** RST segments sent by that side. */
    public int rsts(int row, Direction d) { return rsts[2 * at(row) + side(d)]; }
    /** Zeek's endpoint state of that side at the end. */
    public EndpointState state(int row, Direction d) { return ENDPOINT_STATES[state[2 * at(row) + side(d)]]; }

    /** True when the read kept the per-packet assignment ({@link #flowOfPacket}). */
    public boolean hasPackets() { return packetFlow != null; }
    /** Number of packet rows assigned. */
    public int packetCount() { return packetCount; }
    /** The connection row of packet row {@code packetRow}. */
    public int flowOfPacket(int packetRow) { return packetFlow[packetRow] >>> 1; }
    /** The direction of packet row {@code packetRow} within its connection. */
    public Direction directionOfPacket(int packetRow) {
        return (packetFlow[packetRow] & 1) == 0 ? Direction.ORIG : Direction.RESP;
    }

    /**
     * The columns a stored {@code flows} table (of {@code FlowTables.flows}, e.g. a cluster job's Parquet
     * output) was built from, so that the DSL's queries run on it: every value the table holds, its uids
     * as they are; what it does not hold is left unknown (no packets, no per-host baselines, and
     * {@link #startedByReuse} false).
     *
     * <pre>{@code
     * FlowColumns fc = FlowColumns.restore(ParquetTables.read(Path.of("out/flows")));
     * }</pre>
     */
    public static FlowColumns restore(Table flows) {
        FlowColumns c = new FlowColumns(new AddressTable());
        int n = flows.rowCount();
        c.ensure(n);
        c.size = n;
        c.storedUids = new String[n];
        for (int row = 0; row < n; row++) {
            c.storedUids[row] = text(flows, "uid", row);
            long ts = num(flows, "ts", row);
            c.ts[row] = ts;
            double duration = dbl(flows, "duration", row);
            c.lastTime[row] = Double.isNaN(duration) ? ts : ts + Math.round(duration * 1e9);
            c.lastTs[row] = num(flows, "last_ts", row);
            c.missedBytes[row] = num(flows, "missed_bytes", row);
            c.maxIdle[row] = Math.round(dbl(flows, "max_idle_ms", row) * 1e6);
            c.rttSyn[row] = nanosOfMillis(dbl(flows, "rtt_syn_ms", row));
            c.rttAck[row] = nanosOfMillis(dbl(flows, "rtt_ack_ms", row));
            c.connState[row] = (byte) ConnState.valueOf(text(flows, "conn_state", row)).ordinal();
            c.stateCounts[c.connState[row]]++;
            String h = text(flows, "history", row);
            c.history[row] = c.histories.intern(h);
            boolean tsNegotiated = Boolean.TRUE.equals(flows.column("ts_negotiated").get(row));
            c.bits[row] = (byte) ((tsNegotiated ? BIT_TS_NEGOTIATED : 0) | (h.indexOf('^') >= 0 ? BIT_FLIPPED : 0)
                    | (num(flows, "ip_version", row) == 6 ? BIT_V6 : 0));
            c.restoreSide(flows, row, "orig_", 2 * row);
            c.restoreSide(flows, row, "resp_", 2 * row + 1);
        }
        return c;
    }

    private void restoreSide(Table t, int row, String p, int i) {
        addr[i] = addresses.intern(text(t, p + "h", row));
        port[i] = (int) num(t, p + "p", row);
        pkts[i] = num(t, p + "pkts", row);
        ipBytes[i] = num(t, p + "ip_bytes", row);
        payloadBytes[i] = num(t, p + "payload_bytes", row);
        size2[i] = num(t, p + "bytes", row);
        firstTs[i] = num(t, p + "first_ts", row);
        lastTs2[i] = num(t, p + "last_ts", row);
        isn[i] = num(t, p + "isn", row);
        nextSeq[i] = num(t, p + "next_seq", row);
        maxAck[i] = num(t, p + "max_ack", row);
        ttlFirst[i] = (short) orMinusOne(num(t, p + "ttl", row));
        ttlMin[i] = (short) orMinusOne(num(t, p + "ttl_min", row));
        ttlMax[i] = (short) orMinusOne(num(t, p + "ttl_max", row));
        String ipIdText = text(t, p + "ip_id", row);
        ipId[i] = (byte) (ipIdText == null ? -1 : IpIdBehaviour.valueOf(ipIdText).ordinal());
        mss[i] = (int) orMinusOne(num(t, p + "mss", row));
        wscale[i] = (byte) orMinusOne(num(t, p + "wscale", row));
        retransmits[i] = (int) num(t, p + "retransmits", row);
        zeroWindows[i] = (int) num(t, p + "zero_windows", row);
        keepalives[i] = (int) num(t, p + "keepalives", row);
        rsts[i] = (int) num(t, p + "rsts", row);
        state[i] = (byte) EndpointState.valueOf(text(t, p + "state", row)).ordinal();
    }

    /** A whole-number cell as a long, {@code Long.MIN_VALUE} when missing. */
    private static long num(Table t, String column, int row) {
        Column<?> c = t.column(column);
        return c.isMissing(row) ? NIL : ((Number) c.get(row)).longValue();
    }

    private static double dbl(Table t, String column, int row) {
        Column<?> c = t.column(column);
        return c.isMissing(row) ? Double.NaN : ((Number) c.get(row)).doubleValue();
    }

    private static String text(Table t, String column, int row) {
        Column<?> c = t.column(column);
        return c.isMissing(row) ? null : (String) c.get(row);
    }

    private static long orMinusOne(long v) {
        return v == NIL ? -1 : v;
    }

    private static long nanosOfMillis(double ms) {
        return Double.isNaN(ms) ? NIL : Math.round(ms * 1e6);
    }
}
