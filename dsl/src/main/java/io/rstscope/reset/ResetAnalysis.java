package io.rstscope.reset;

import io.rstscope.capture.AddressTable;
import io.rstscope.capture.CaptureData;
import io.rstscope.capture.DecodedPacket;
import io.rstscope.capture.PacketColumns;
import io.rstscope.capture.ReadOptions;
import io.rstscope.flow.ConnState;
import io.rstscope.flow.Direction;
import io.rstscope.flow.FlowColumns;
import io.rstscope.flow.FlowTracker;
import io.rstscope.flow.TrackedCapture;
import io.rstscope.flow.TtlBaseline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Explains every RST of a capture: stage, sender, origin, cause (and a runner-up where one vantage
 * point cannot separate two), the RFC 9293 / RFC 5961 sequence check, and a forgery score with the
 * evidence behind it.
 *
 * <pre>{@code
 * TrackedCapture cap = FlowTracker.read(Path.of("incident.pcap"), ReadOptions.DEFAULT);
 * for (ResetRow r : ResetAnalysis.analyze(cap, ResetOptions.DEFAULT)) {
 *     System.out.println(r.summary());
 * }
 * }</pre>
 *
 * <p>Each connection that holds an RST is replayed packet by packet from the packet columns, keeping
 * for both sides what a stack would know at that moment (ISN, next sequence number, last
 * acknowledgment and window, FIN, retransmissions, keep-alive probes, TTLs and IP IDs); each RST is
 * judged against that state and against what the claimed sender did afterwards.
 *
 * <p>The rules follow what the wire shows (checked on Linux 6.x): a closed port answers a SYN with
 * RST|ACK, seq 0, ack = ISN+1; passive resets (replies to a segment with ACK) are bare with window 0;
 * active resets (linger 0, unread data) are RST|ACK with seq = SND.NXT and the timestamp option when it
 * was negotiated; Linux sends no RST when its retransmissions run out; with tcp_abort_on_overflow the
 * server sends a bare RST with seq = ISN+1 right after the third ACK; iptables REJECT answers with the
 * firewall's own TTL. Forgery signals prefer a false negative to a false positive.
 */
public final class ResetAnalysis {

    /** Score from which a reset is FORGED. */
    public static final int FORGED_FROM = 4;
    /** Score from which a reset is SUSPICIOUS. */
    public static final int SUSPICIOUS_FROM = 2;


    private final PacketColumns packets;
    private final FlowColumns flows;
    private final ResetOptions options;
    /** Flow row of the connection that used the same tuple before, or -1. */
    private final int[] previousOnTuple;
    /** Rows of resets whose payload resets of other connections carry too. */
    private final java.util.Set<Integer> repeatedPayloads;

    private ResetAnalysis(PacketColumns packets, FlowColumns flows, ResetOptions options) {
        this.packets = packets;
        this.flows = flows;
        this.options = options;
        this.previousOnTuple = previousOnTuple(flows);
        this.repeatedPayloads = Fingerprints.repeatedPayloads(packets, flows);
    }

    /** Reads, tracks and explains every RST of {@code file}. */
    public static List<ResetRow> analyze(Path file) {
        return analyze(FlowTracker.read(file, ReadOptions.DEFAULT), ResetOptions.DEFAULT);
    }

    /** Explains every RST of a tracked capture (read with its packets). */
    public static List<ResetRow> analyze(TrackedCapture cap, ResetOptions options) {
        return analyze(cap.data(), cap.flows(), options);
    }

    /** Explains every RST, given the packet columns and the connections built from them. */
    public static List<ResetRow> analyze(CaptureData data, FlowColumns flows, ResetOptions options) {
        PacketColumns p = data.packets();
        if (p == null || !flows.hasPackets()) {
            throw new IllegalArgumentException("reset analysis needs the packets: read the capture with ReadOptions.DEFAULT");
        }
        return new ResetAnalysis(p, flows, options).run();
    }

    private List<ResetRow> run() {
        int n = packets.size();
        int flowCount = flows.size();
        boolean[] hasRst = new boolean[flowCount];
        boolean[] hasSyn = new boolean[flowCount];
        int[] nonRst = new int[flowCount];
        for (int i = 0; i < n; i++) {
            int f = flows.flowOfPacket(i);
            if ((packets.flags(i) & DecodedPacket.RST) != 0) {
                hasRst[f] = true;
            } else {
                nonRst[f]++;
            }
            hasSyn[f] |= (packets.flags(i) & DecodedPacket.SYN) != 0;
        }
        // A connection made of resets alone, or without a SYN, on a tuple used before, is usually the end
        // of that earlier connection after an idle gap long enough for the tracker (as Zeek) to have
        // expired it (a segment after minutes of silence, and the reset a firewall that forgot the flow
        // answers it with): replay the earlier one first, so the reset is judged with its history.
        boolean[] needed = hasRst.clone();
        int[] before = new int[flowCount];
        Arrays.fill(before, -1);
        for (int f = 0; f < flowCount; f++) {
            if (hasRst[f] && (nonRst[f] == 0 || !hasSyn[f]) && previousOnTuple[f] >= 0) {
                before[f] = previousOnTuple[f];
                needed[before[f]] = true;
            }
        }
        // Group the packets of the needed connections, in file order (a counting sort by flow).
        int[] count = new int[flowCount + 1];
        for (int i = 0; i < n; i++) {
            int f = flows.flowOfPacket(i);
            if (needed[f]) {
                count[f + 1]++;
            }
        }
        for (int f = 0; f < flowCount; f++) {
            count[f + 1] += count[f];
        }
        int[] order = new int[count[flowCount]];
        int[] fill = Arrays.copyOf(count, count.length);
        for (int i = 0; i < n; i++) {
            int f = flows.flowOfPacket(i);
            if (needed[f]) {
                order[fill[f]++] = i;
            }
        }
        List<ResetRow> rows = new ArrayList<>();
        for (int f = 0; f < flowCount; f++) {
            if (!hasRst[f]) {
                continue;
            }
            int[] own = Arrays.copyOfRange(order, count[f], count[f + 1]);
            int b = before[f];
            if (b < 0) {
                new Replay(f, own, 0, false).run(rows);
            } else {
                int[] earlier = Arrays.copyOfRange(order, count[b], count[b + 1]);
                int[] all = Arrays.copyOf(earlier, earlier.length + own.length);
                System.arraycopy(own, 0, all, earlier.length, own.length);
                boolean flippedEarlier = flows.address(b, Direction.ORIG) != flows.address(f, Direction.ORIG)
                        || flows.port(b, Direction.ORIG) != flows.port(f, Direction.ORIG);
                new Replay(f, all, earlier.length, flippedEarlier).run(rows);
            }
        }
        rows.sort((a, b) -> Long.compare(a.frame(), b.frame()));
        return rows;
    }

    private static int[] previousOnTuple(FlowColumns flows) {
        int[] prev = new int[flows.size()];
        Map<String, Integer> last = new HashMap<>();
        for (int f = 0; f < flows.size(); f++) {
            int a = flows.address(f, Direction.ORIG), b = flows.address(f, Direction.RESP);
            int pa = flows.port(f, Direction.ORIG), pb = flows.port(f, Direction.RESP);
            String key = a < b || (a == b && pa < pb) ? a + ":" + pa + "-" + b + ":" + pb : b + ":" + pb + "-" + a + ":" + pa;
            Integer before = last.put(key, f);
            prev[f] = before == null ? -1 : before;
        }
        return prev;
    }

    /** Replays one connection. */
    private final class Replay {
        final int flow;
        final int[] rows;
        /** Index in {@link #rows} of this connection's first packet; those before belong to the tuple's earlier connection. */
        final int ownFrom;
        /** Whether the earlier connection's originator is this one's responder. */
        final boolean flippedEarlier;
        final ReplayState state = new ReplayState();
        final JudgeContext ctx;

        Replay(int flow, int[] rows, int ownFrom, boolean flippedEarlier) {
            this.flow = flow;
            this.rows = rows;
            this.ownFrom = ownFrom;
            this.flippedEarlier = flippedEarlier;
            long r1 = flows.rttSynNanos(flow), r2 = flows.rttAckNanos(flow);
            long rtt = (r1 > 0 ? r1 : 0) + (r2 > 0 ? r2 : 0);
            int prev = previousOnTuple[flow];
            AddressTable fa = flows.addresses();
            this.ctx = new JudgeContext(flow, flows.uid(flow),
                    fa.text(flows.address(flow, Direction.ORIG)), flows.port(flow, Direction.ORIG),
                    fa.text(flows.address(flow, Direction.RESP)), flows.port(flow, Direction.RESP),
                    rtt, options.idleThreshold().toNanos(), prev >= 0 && flows.connState(prev) == ConnState.SF,
                    s -> flows.hosts().of(flows.address(flow, s == 0 ? Direction.ORIG : Direction.RESP))
                            .map(TtlBaseline::mostCommon).orElse(-1));
        }

        void run(List<ResetRow> out) {
            // A first pass finds what each side did after each of its RSTs.
            int[] after = new int[rows.length];
            int[] later = {0, 0};
            for (int k = rows.length - 1; k >= 0; k--) {
                int i = rows[k];
                int s = dir(i);
                int flags = packets.flags(i);
                if ((flags & DecodedPacket.RST) != 0) {
                    after[k] = later[s];
                } else if ((flags & DecodedPacket.SYN) == 0) {
                    later[s]++;
                }
            }
            int nonRst = 0;
            for (int i : rows) {
                nonRst += (packets.flags(i) & DecodedPacket.RST) == 0 ? 1 : 0;
            }
            int[] dirs = new int[rows.length];
            for (int k = 0; k < rows.length; k++) {
                dirs[k] = dir(rows[k]);
            }
            Fingerprints prints = new Fingerprints(packets, rows, dirs, ctx.rtt(), repeatedPayloads);
            Segment prev = null;
            for (int k = 0; k < rows.length; k++) {
                Segment seg = segment(rows[k]);
                if (seg.rst() && k >= ownFrom) {
                    ResetFacts facts = new ResetFacts(prints.signals(k), prints.replyToPeer(k),
                            ResetPayload.decode(packets.rstPayload(rows[k]), packets.payloadLen(rows[k])).orElse(null));
                    ResetRow row = ResetJudge.judge(seg, prev, state, ctx, after[k], nonRst == 0, facts);
                    ResetJudge.challenged(out, row);
                    out.add(row);
                }
                state.update(seg);
                prev = seg;
            }
        }

        Segment segment(int i) {
            return new Segment(packets.ts(i), packets.frame(i), dir(i), packets.flags(i), packets.seq(i), packets.ack(i),
                    packets.win(i), packets.ttl(i), packets.ipId(i), packets.payloadLen(i), packets.tsPresent(i),
                    packets.wscale(i), packets.df(i));
        }

        int dir(int row) {
            int d = flows.directionOfPacket(row) == Direction.ORIG ? 0 : 1;
            return flippedEarlier && flows.flowOfPacket(row) != flow ? 1 - d : d;
        }
    }
}
