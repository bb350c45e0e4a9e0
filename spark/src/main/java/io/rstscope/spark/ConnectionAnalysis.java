package io.rstscope.spark;

import io.rstscope.capture.AddressTable;
import io.rstscope.capture.DecodedPacket;
import io.rstscope.capture.DecodedPacketRows;
import io.rstscope.flow.FlowColumns;
import io.rstscope.flow.FlowTracker;
import io.rstscope.flow.HostTtls;
import io.rstscope.flow.HostProfile;
import io.rstscope.flow.TtlBaseline;
import io.rstscope.reset.ResetOptions;
import io.rstscope.reset.ResetStream;
import io.rstscope.reset.ResetRow;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.ToIntFunction;
import org.apache.spark.sql.Row;

/**
 * The per-connection operator run on the packets of one connection key (one tuple of one sensor), in
 * capture order: the library's {@link FlowTracker} rebuilds the connections (port reuse and Zeek's timers
 * as locally) and tells each packet and each ended connection to a {@link ResetStream}, which explains
 * the connection's resets as it ends, with the hosts' TTL baselines of the whole sensor. This is the one
 * place the Spark job calls the library's tracking and reset analysis.
 *
 * <pre>{@code
 * ConnectionAnalysis a = ConnectionAnalysis.of(sortedPackets, at, fileIndexAt, earlier, host -> usual.getOrDefault(host, -1));
 * Table flows = FlowTables.flows(a.flows(), a.resets());
 * }</pre>
 *
 * @param flows       the connections of the key, in order of their first packet
 * @param resets      their resets, explained, by frame ({@code null} when analysed for the TTLs only)
 * @param firstFile   per connection, the file (its index in the sensor's order) of its first packet
 * @param firstFrame  per connection, the frame of its first packet in that file
 * @param packetFile  per packet, its file's index
 * @param packetFrame per packet, its frame in its file
 * @param packetTs    per packet, its time
 */
record ConnectionAnalysis(FlowColumns flows, List<ResetRow> resets, int[] firstFile, long[] firstFrame,
                          int[] packetFile, long[] packetFrame, long[] packetTs) {

    /**
     * Tracks the packets (rows of {@link PacketSchema#SCHEMA}, sorted by file index and frame), the
     * tracker's clock at each the latest time of the sensor's capture so far: the packet's {@code clock}
     * in its file, or the latest time of the files before it ({@code earlier}, by file index), whichever
     * is later. {@code hostTtl} null: no reset analysis (the first pass, for the TTL baselines).
     */
    static ConnectionAnalysis of(Iterator<Row> packets, int[] at, int fileIndexAt, long[] earlier,
                                 ToIntFunction<String> hostTtl) {
        ResetStream stream = hostTtl == null ? null : new ResetStream(ResetOptions.DEFAULT, hostTtl);
        FlowTracker tracker = new FlowTracker(true, stream);
        DecodedPacket p = new DecodedPacket();
        int[] files = new int[16];
        long[] frames = new long[16];
        long[] times = new long[16];
        int n = 0;
        while (packets.hasNext()) {
            Row r = packets.next();
            DecodedPacketRows.fill(p, r, at);
            int file = r.getInt(fileIndexAt);
            tracker.advanceClock(Math.max(r.getLong(at[PacketSchema.CLOCK]), earlier[file]));
            tracker.accept(p);
            if (n == files.length) {
                files = Arrays.copyOf(files, n * 2);
                frames = Arrays.copyOf(frames, n * 2);
                times = Arrays.copyOf(times, n * 2);
            }
            times[n] = p.tsNanos();
            files[n] = file;
            frames[n] = p.frame();
            n++;
        }
        FlowColumns flows = tracker.finish();
        int[] firstFile = new int[flows.size()];
        long[] firstFrame = new long[flows.size()];
        Arrays.fill(firstFrame, -1);
        for (int i = 0; i < n; i++) {
            int f = flows.flowOfPacket(i);
            if (firstFrame[f] < 0) {
                firstFile[f] = files[i];
                firstFrame[f] = frames[i];
            }
        }
        List<ResetRow> resets = stream == null ? null : stream.finish(flows);
        return new ConnectionAnalysis(flows, resets, firstFile, firstFrame, Arrays.copyOf(files, n),
                Arrays.copyOf(frames, n), Arrays.copyOf(times, n));
    }

    /** The index of the file that holds each reset's packet, in the order of {@code rows}. */
    int[] filesOf(List<ResetRow> rows) {
        java.util.Map<Long, java.util.List<Integer>> byFrame = new java.util.HashMap<>();
        for (int i = 0; i < packetFrame.length; i++) {
            byFrame.computeIfAbsent(packetFrame[i], k -> new java.util.ArrayList<>(1)).add(i);
        }
        int[] out = new int[rows.size()];
        for (int r = 0; r < out.length; r++) {
            ResetRow row = rows.get(r);
            out[r] = -1;
            for (int i : byFrame.getOrDefault(row.frame(), List.of())) {
                if (packetTs[i] == row.ts()) {
                    out[r] = packetFile[i];
                    break;
                }
            }
            if (out[r] < 0) {
                throw new IllegalStateException("no packet of frame " + row.frame() + " among the connection's packets");
            }
        }
        return out;
    }

    /** In {@link #ttlCounts}: the row that counts a host's IPv4 packets (not RSTs) with DF set. */
    static final int DF_SET = -2;
    /** In {@link #ttlCounts}: the row that counts a host's IPv4 packets (not RSTs) with DF clear. */
    static final int DF_CLEAR = -3;
    /** In {@link #ttlCounts}: the row that counts, of those with DF clear, the ones with IP ID 0. */
    static final int ID_ZERO_NO_DF = -4;

    /**
     * The counts behind each host's habits in these connections, to add up over a sensor: per host one
     * row with TTL -1 and its lowest TTL, one per TTL counted (see {@link HostTtls#count}), and three for
     * its DF and IP-ID habits ({@link #DF_SET}, {@link #DF_CLEAR}, {@link #ID_ZERO_NO_DF}; see
     * {@link HostProfile}).
     */
    void ttlCounts(TtlSink sink) {
        HostTtls hosts = flows.hosts();
        AddressTable a = flows.addresses();
        for (int id = 0; id < a.size(); id++) {
            var b = hosts.of(id);
            if (b.isEmpty()) {
                continue;
            }
            TtlBaseline t = b.get();
            sink.accept(t.address(), -1, 0, t.min());
            for (int ttl = t.min(); ttl <= t.max(); ttl++) {
                long c = hosts.count(id, ttl);
                if (c > 0) {
                    sink.accept(t.address(), ttl, c, t.min());
                }
            }
            HostProfile p = hosts.profile(id).orElseThrow();
            sink.accept(t.address(), DF_SET, p.dfSet(), t.min());
            sink.accept(t.address(), DF_CLEAR, p.dfClear(), t.min());
            sink.accept(t.address(), ID_ZERO_NO_DF, p.idZeroNoDf(), t.min());
        }
    }

    /** Receives TTL counts. */
    interface TtlSink {
        void accept(String host, int ttl, long count, int min);
    }
}
