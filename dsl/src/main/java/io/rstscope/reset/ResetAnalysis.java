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
import java.util.function.ToIntFunction;

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

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final int ODD_SYN_FLAGS = DecodedPacket.FIN | DecodedPacket.RST | DecodedPacket.URG | DecodedPacket.PSH;

    private final PacketColumns packets;
    private final FlowColumns flows;
    private final ResetOptions options;
    /** The host baselines to use instead of the connections' own ({@code null}: {@code flows.hosts()}). */
    private final ToIntFunction<String> hostTtl;
    /** Flow row of the connection that used the same tuple before, or -1. */
    private final int[] previousOnTuple;

    private ResetAnalysis(PacketColumns packets, FlowColumns flows, ResetOptions options, ToIntFunction<String> hostTtl) {
        this.packets = packets;
        this.flows = flows;
        this.options = options;
        this.hostTtl = hostTtl;
        this.previousOnTuple = previousOnTuple(flows);
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
        return new ResetAnalysis(p, flows, options, null).run();
    }

    /**
     * Explains every RST of some of a capture's connections, given their packets (in capture order) and
     * the connections tracked from them, with each host's usual TTL taken from {@code hostTtl} (the host's
     * address as rstscope prints it, to the most common TTL over the whole capture, or -1 when unknown)
     * rather than from these connections alone: how a cluster job that splits a capture by connection
     * gets the answers of one machine.
     *
     * <pre>{@code
     * Map<String, Integer> usual = Map.of("192.0.2.10", 64);
     * List<ResetRow> rows = ResetAnalysis.analyze(packets, flows, ResetOptions.DEFAULT,
     *         host -> usual.getOrDefault(host, -1));
     * }</pre>
     */
    public static List<ResetRow> analyze(PacketColumns packets, FlowColumns flows, ResetOptions options,
                                         ToIntFunction<String> hostTtl) {
        if (!flows.hasPackets()) {
            throw new IllegalArgumentException("reset analysis needs the packets: track them with new FlowTracker(true)");
        }
        return new ResetAnalysis(packets, flows, options, java.util.Objects.requireNonNull(hostTtl, "hostTtl")).run();
    }

    private List<ResetRow> run() {
        int n = packets.size();
        int flowCount = flows.size();
        boolean[] hasRst = new boolean[flowCount];
        int[] nonRst = new int[flowCount];
        for (int i = 0; i < n; i++) {
            int f = flows.flowOfPacket(i);
            if ((packets.flags(i) & DecodedPacket.RST) != 0) {
                hasRst[f] = true;
            } else {
                nonRst[f]++;
            }
        }
        // A connection made of resets alone, on a tuple used before, is usually the end of that earlier
        // connection after an idle gap long enough for the tracker (as Zeek) to have expired it: replay
        // the earlier one first, so the reset is judged with its history.
        boolean[] needed = hasRst.clone();
        int[] before = new int[flowCount];
        Arrays.fill(before, -1);
        for (int f = 0; f < flowCount; f++) {
            if (hasRst[f] && nonRst[f] == 0 && previousOnTuple[f] >= 0) {
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

    /** One side of the connection during the replay. */
    private static final class Side {
        boolean syn;
        int synFlags;
        long synSeq = -1;
        long synTs = Long.MIN_VALUE;
        boolean synAck;
        boolean tsOnSyn;
        int wscale = -1;
        /** Next sequence number this side will send (SND.NXT), -1 before any. */
        long sndNxt = -1;
        long lastAck = -1;
        int lastWin = -1;
        boolean winFromSyn;
        boolean fin;
        long finTs;
        long payload;
        long lastTs = Long.MIN_VALUE;
        int nonRstPackets;
        int ttlA = -1, ttlB = -1;
        int ttlCountA, ttlCountB;
        int lastIpId = -1;
        int idSteps, idPairs;
        int retransmits;
        /** Retransmissions since the peer last acknowledged new data. */
        int unansweredRetransmits;
        int keepalives;
        int unansweredKeepalives;

        void ttl(int ttl) {
            if (ttlA < 0 || ttl == ttlA) {
                ttlA = ttl;
                ttlCountA++;
            } else if (ttlB < 0 || ttl == ttlB) {
                ttlB = ttl;
                ttlCountB++;
            }
        }

        int ttlMode() {
            return ttlCountB > ttlCountA ? ttlB : ttlA;
        }

        boolean incrementsIpId() {
            return idPairs >= 2 && idSteps * 2 > idPairs;
        }
    }

    /** Replays one connection. */
    private final class Replay {
        final int flow;
        final int[] rows;
        /** Index in {@link #rows} of this connection's first packet; those before belong to the tuple's earlier connection. */
        final int ownFrom;
        /** Whether the earlier connection's originator is this one's responder. */
        final boolean flippedEarlier;
        final Side[] side = {new Side(), new Side()};
        final long rtt;
        boolean handshakeDone;

        Replay(int flow, int[] rows, int ownFrom, boolean flippedEarlier) {
            this.flow = flow;
            this.rows = rows;
            this.ownFrom = ownFrom;
            this.flippedEarlier = flippedEarlier;
            long r1 = flows.rttSynNanos(flow), r2 = flows.rttAckNanos(flow);
            this.rtt = (r1 > 0 ? r1 : 0) + (r2 > 0 ? r2 : 0);
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
            long prevTs = Long.MIN_VALUE;
            int prevRow = -1;
            List<Integer> rstRows = new ArrayList<>();
            for (int k = 0; k < rows.length; k++) {
                int i = rows[k];
                int s = dir(i);
                int flags = packets.flags(i);
                if ((flags & DecodedPacket.RST) != 0) {
                    if (k >= ownFrom) {
                        ResetRow row = judge(i, s, prevRow, prevTs, after[k], nonRst == 0, rstRows);
                        challenged(out, row);
                        out.add(row);
                    }
                    rstRows.add(i);
                }
                update(i, s, flags);
                prevTs = packets.ts(i);
                prevRow = i;
            }
        }

        int dir(int row) {
            int d = flows.directionOfPacket(row) == Direction.ORIG ? 0 : 1;
            return flippedEarlier && flows.flowOfPacket(row) != flow ? 1 - d : d;
        }

        /**
         * When {@code row} answers a challenge ACK, the in-window reset that drew the challenge from the
         * same side (already in {@code out}) becomes a CHALLENGE_ACK too, its own cause the runner-up.
         */
        void challenged(List<ResetRow> out, ResetRow row) {
            if (row.cause() != Cause.CHALLENGE_ACK || out.isEmpty()) {
                return;
            }
            int last = out.size() - 1;
            ResetRow prev = out.get(last);
            if (prev.flow() == flow && prev.sender() == row.sender() && prev.seqCheck() == SeqCheck.IN_WINDOW
                    && prev.cause() != Cause.CHALLENGE_ACK) {
                List<Evidence> ev = new ArrayList<>(prev.evidence());
                ev.add(new Evidence("challenged", 0, "the peer answered this in-window reset with a challenge ACK "
                        + "(RFC 5961 §3.2) instead of closing"));
                out.set(last, new ResetRow(prev.frame(), prev.ts(), prev.flow(), prev.uid(), prev.origH(), prev.origP(),
                        prev.respH(), prev.respP(), prev.sender(), prev.stage(), Cause.CHALLENGE_ACK, prev.cause(),
                        prev.origin(), prev.form(), prev.seqCheck(), prev.ttl(), prev.ttlBaseline(), prev.gapBeforeMs(),
                        prev.forgedScore(), prev.verdict(), List.copyOf(ev), prev.seenAt()));
            }
        }

        void update(int i, int s, int flags) {
            Side me = side[s], peer = side[1 - s];
            long seq = Integer.toUnsignedLong(packets.seq(i));
            long ack = Integer.toUnsignedLong(packets.ack(i));
            int len = packets.payloadLen(i);
            long ts = packets.ts(i);
            boolean isRst = (flags & DecodedPacket.RST) != 0;
            if (!isRst) {
                me.nonRstPackets++;
                me.ttl(packets.ttl(i));
                int id = packets.ipId(i);
                if (id >= 0) {
                    if (me.lastIpId >= 0) {
                        me.idPairs++;
                        int step = (id - me.lastIpId) & 0xffff;
                        if (step >= 1 && step <= 64) {
                            me.idSteps++;
                        }
                    }
                    me.lastIpId = id;
                }
            }
            if ((flags & DecodedPacket.SYN) != 0 && !isRst) {
                me.syn = true;
                me.synFlags = flags;
                me.synSeq = seq;
                me.synTs = ts;
                me.tsOnSyn = packets.tsPresent(i);
                me.wscale = packets.wscale(i);
                if ((flags & DecodedPacket.ACK) != 0) {
                    me.synAck = true;
                }
            }
            if (!isRst) {
                long end = seq + len + ((flags & DecodedPacket.SYN) != 0 ? 1 : 0) + ((flags & DecodedPacket.FIN) != 0 ? 1 : 0);
                if (len > 0 && me.sndNxt >= 0 && end <= me.sndNxt) {
                    me.retransmits++;
                    me.unansweredRetransmits++;
                } else if (len <= 1 && me.sndNxt >= 0 && seq == me.sndNxt - 1 && (flags & (DecodedPacket.SYN | DecodedPacket.FIN)) == 0) {
                    // A keep-alive probe: one byte (or none) below SND.NXT (RFC 9293 §3.8.4).
                    me.keepalives++;
                    me.unansweredKeepalives++;
                } else if (me.sndNxt < 0 || after(end, me.sndNxt)) {
                    me.sndNxt = end;
                }
                if ((flags & DecodedPacket.ACK) != 0) {
                    if (me.lastAck < 0 || after(ack, me.lastAck)) {
                        peer.unansweredRetransmits = 0;
                    }
                    me.lastAck = ack;
                    me.lastWin = packets.win(i);
                    me.winFromSyn = (flags & DecodedPacket.SYN) != 0;
                } else if ((flags & DecodedPacket.SYN) != 0) {
                    me.lastWin = packets.win(i);
                    me.winFromSyn = true;
                }
                if (len > 1 || (len == 1 && seq != me.sndNxt - 1)) {
                    me.payload += len;
                    // Real data either way ends a run of keep-alive probes. An ACK from the peer does not:
                    // a prober that goes on probing never got it (it may show in this capture only).
                    peer.unansweredKeepalives = 0;
                    me.unansweredKeepalives = 0;
                }
                if ((flags & DecodedPacket.FIN) != 0 && !me.fin) {
                    me.fin = true;
                    me.finTs = ts;
                }
                if (s == 0 && (flags & DecodedPacket.ACK) != 0 && (flags & DecodedPacket.SYN) == 0 && side[1].synAck
                        && ack == side[1].synSeq + 1) {
                    handshakeDone = true;
                }
            }
            me.lastTs = ts;
        }

        ResetRow judge(int i, int s, int prevRow, long prevTs, int sentAfter, boolean onlyRsts, List<Integer> earlierRsts) {
            Side me = side[s], peer = side[1 - s];
            int flags = packets.flags(i);
            long seq = Integer.toUnsignedLong(packets.seq(i));
            long ack = Integer.toUnsignedLong(packets.ack(i));
            long ts = packets.ts(i);
            boolean bare = (flags & DecodedPacket.ACK) == 0;
            Form form = bare ? Form.RST : Form.RST_ACK;
            Sender sender = s == 0 ? Sender.CLIENT : Sender.SERVER;
            List<Evidence> ev = new ArrayList<>();
            long gap = prevTs == Long.MIN_VALUE ? -1 : ts - prevTs;
            boolean prevFromPeer = prevRow >= 0 && dir(prevRow) != s;
            int prevFlags = prevRow >= 0 ? packets.flags(prevRow) : 0;

            // ---- stage ----
            Stage stage;
            boolean anySyn = side[0].syn || side[1].syn;
            if ((flags & DecodedPacket.SYN) != 0) {
                stage = Stage.HANDSHAKE; // SYN and RST together: an (odd) attempt to connect
            } else if (onlyRsts) {
                stage = Stage.STRAY;
            } else if (!anySyn) {
                stage = Stage.MIDSTREAM;
            } else if (!handshakeDone) {
                stage = Stage.HANDSHAKE;
            } else if (side[0].fin || side[1].fin) {
                stage = Stage.TEARDOWN;
            } else if (side[0].payload > 0 || side[1].payload > 0) {
                stage = Stage.DATA_TRANSFER;
            } else {
                stage = Stage.POST_HANDSHAKE;
            }

            // ---- sequence check (RFC 9293 §3.10.7, RFC 5961 §3.2) ----
            SeqCheck check;
            long rcvNxt = peer.lastAck >= 0 ? peer.lastAck : me.sndNxt;
            // The window of a SYN is never scaled (RFC 7323 §2.2).
            long window = peer.lastWin < 0 ? -1
                    : (long) peer.lastWin << (side[0].wscale >= 0 && side[1].wscale >= 0 && !peer.winFromSyn ? peer.wscale : 0);
            boolean replyToSyn = prevFromPeer && (prevFlags & DecodedPacket.SYN) != 0 && (prevFlags & DecodedPacket.ACK) == 0
                    && !bare && ack == peer.synSeq + 1 + ((prevFlags & DecodedPacket.FIN) != 0 ? 1 : 0);
            boolean replyToAck = prevFromPeer && bare && (prevFlags & DecodedPacket.ACK) != 0
                    && seq == Integer.toUnsignedLong(packets.ack(prevRow));
            if (replyToSyn) {
                check = SeqCheck.REPLY_TO_SYN;
            } else if (replyToAck) {
                check = SeqCheck.REPLY_TO_ACK;
            } else if (rcvNxt < 0) {
                check = SeqCheck.UNCHECKABLE;
            } else if (seq == rcvNxt || seq == me.sndNxt) {
                // The receiver's RCV.NXT lies between its last ACK and what the sender has sent: data the
                // capture saw leave may not be acknowledged yet. Either end is exact for a real stack.
                check = SeqCheck.EXACT;
            } else if (window > 0 && after(seq, rcvNxt) && !after(seq, (rcvNxt + window) & 0xffffffffL)) {
                check = SeqCheck.IN_WINDOW;
            } else {
                check = SeqCheck.OUT_OF_WINDOW;
            }

            // ---- TTL baseline: this side's usual TTL in the connection, else its host's ----
            int ttl = packets.ttl(i);
            int baseline = me.nonRstPackets > 0 ? me.ttlMode() : -1;
            if (baseline < 0 && hostTtl != null) {
                baseline = hostTtl.applyAsInt(flows.addresses().text(flows.address(flow, s == 0 ? Direction.ORIG : Direction.RESP)));
            } else if (baseline < 0) {
                baseline = flows.hosts().of(flows.address(flow, s == 0 ? Direction.ORIG : Direction.RESP))
                        .map(TtlBaseline::mostCommon).orElse(-1);
            }
            boolean ttlCloser = baseline >= 0 && ttl > baseline;
            boolean ttlFarther = baseline >= 0 && ttl <= baseline - 2;

            // ---- cause ----
            Cause cause;
            Cause runnerUp = null;
            boolean firewallByTtl = false;
            boolean oddPeerSyn = (peer.synFlags & ODD_SYN_FLAGS) != 0;
            boolean oddOwnSyn = (me.synFlags & ODD_SYN_FLAGS) != 0;
            if ((flags & DecodedPacket.SYN) != 0) {
                cause = Cause.MALFORMED_SYN;
                ev.add(new Evidence("syn_with_rst", 0, "the segment carries SYN and RST together"));
            } else if (replyToSyn) {
                if (ttlCloser) {
                    cause = Cause.FIREWALL_REJECT;
                    runnerUp = Cause.PORT_CLOSED;
                    firewallByTtl = true;
                    ev.add(new Evidence("ttl_closer_than_host", 0, "ttl " + ttl + ", " + sender.name().toLowerCase()
                            + " baseline " + baseline + ": sent by something closer than the host"));
                } else if (oddPeerSyn) {
                    cause = Cause.PORT_CLOSED;
                    runnerUp = Cause.MALFORMED_SYN;
                    ev.add(new Evidence("odd_flag_syn", 0, "the refused SYN carried " + flagNames(peer.synFlags)));
                } else {
                    cause = Cause.PORT_CLOSED;
                    runnerUp = Cause.FIREWALL_REJECT;
                    ev.add(new Evidence("refused_syn", 0, "RST|ACK with ack = ISN+1 in reply to the SYN; a host's own "
                            + "REJECT rule sends the same"));
                }
            } else if (stage == Stage.HANDSHAKE && s == 0 && oddOwnSyn && prevFromPeer) {
                cause = Cause.MALFORMED_SYN;
                runnerUp = Cause.HALF_OPEN_SCAN;
                ev.add(new Evidence("odd_flag_syn", 0, "the client's SYN carried " + flagNames(me.synFlags)
                        + " and was answered; the client's kernel reset it"));
            } else if (stage == Stage.HANDSHAKE && s == 0 && replyToAck && (prevFlags & DecodedPacket.SYN) != 0) {
                cause = Cause.HALF_OPEN_SCAN;
                ev.add(new Evidence("reset_of_syn_ack", 0, "bare RST answering the SYN/ACK: the client's kernel knew no "
                        + "socket for it (a raw-socket SYN)"));
            } else if (s == 0 && replyToAck && me.syn && (prevFlags & (DecodedPacket.SYN)) == 0
                    && Integer.toUnsignedLong(packets.ack(prevRow)) != me.synSeq + 1 && me.lastTs == me.synTs) {
                // The SYN was answered by a plain ACK for another sequence space: the server still holds
                // the old connection (RFC 9293 §3.10.7.4 TIME_WAIT, or RFC 5961 §4 challenge ACK).
                boolean oldClosed = previousClosedCleanly();
                cause = oldClosed ? Cause.TIME_WAIT_REUSE : Cause.CHALLENGE_ACK;
                runnerUp = oldClosed ? Cause.CHALLENGE_ACK : Cause.TIME_WAIT_REUSE;
                ev.add(new Evidence("syn_answered_by_old_ack", 0, "the SYN got an ACK of " + packets.ack(prevRow)
                        + " instead of a SYN/ACK; the previous connection on this tuple "
                        + (oldClosed ? "had closed (TIME_WAIT)" : "was still open")));
            } else if (s == 1 && bare && me.synAck && seq == me.synSeq + 1 && peer.payload == 0 && me.payload == 0
                    && prevFromPeer && (prevFlags & DecodedPacket.ACK) != 0 && stage != Stage.TEARDOWN) {
                cause = Cause.BACKLOG_OVERFLOW;
                stage = Stage.HANDSHAKE;
                ev.add(new Evidence("reset_after_third_ack", 0, "bare RST with seq = ISN+1 right after the client's "
                        + "third ACK: the accept queue was full (tcp_abort_on_overflow)"));
            } else {
                cause = null;
            }

            // ---- forgery signals ----
            int score = 0;
            // A scanner crafts its SYN in user space (nmap -sS picks a random TTL); the kernel's reset that
            // follows says nothing about forgery by differing from it.
            boolean craftedSyn = cause == Cause.HALF_OPEN_SCAN || cause == Cause.MALFORMED_SYN;
            if (craftedSyn && (ttlCloser || ttlFarther)) {
                ev.add(new Evidence("ttl_differs_from_crafted_syn", 0, "ttl " + ttl + ", the scanner's SYN had " + baseline));
            } else if (ttlCloser && !firewallByTtl) {
                score += 3;
                ev.add(new Evidence("ttl_closer_than_sender", 3, "ttl " + ttl + ", sender's baseline " + baseline));
            } else if (ttlFarther) {
                score += 2;
                ev.add(new Evidence("ttl_off_baseline", 2, "ttl " + ttl + ", sender's baseline " + baseline));
            }
            int id = packets.ipId(i);
            if (id > 0 && me.incrementsIpId() && me.lastIpId >= 0) {
                int step = (id - me.lastIpId) & 0xffff;
                if (step == 0 || step > 1000) {
                    score += 1;
                    ev.add(new Evidence("ip_id_jump", 1, "ip id " + id + " after " + me.lastIpId + " from a sender that increments"));
                }
            }
            if (!bare && side[0].tsOnSyn && side[1].tsOnSyn && !packets.tsPresent(i) && !replyToSyn) {
                score += 1;
                ev.add(new Evidence("timestamp_missing", 1, "RST|ACK without the timestamp option on a connection that negotiated it"));
            }
            if (check == SeqCheck.IN_WINDOW) {
                // One point only: a genuine abort whose last data was lost before the capture point
                // also lands inside the window, past what the receiver has seen.
                score += 1;
                ev.add(new Evidence("seq_in_window_inexact", 1, "seq " + seq + ", expected " + rcvNxt));
            } else if (check == SeqCheck.OUT_OF_WINDOW && rcvNxt >= 0 && after(rcvNxt, seq) && !bare) {
                score += 2;
                ev.add(new Evidence("seq_behind_data", 2, "seq " + seq + " is behind " + rcvNxt + ", already sent"));
            }
            if (sentAfter > 0) {
                score += 3;
                ev.add(new Evidence("sender_keeps_sending", 3, sentAfter + " packets from the claimed sender after the RST"));
            }
            int flurry = 0;
            for (int j : earlierRsts) {
                if (dir(j) == s && ts - packets.ts(j) < SECOND
                        && (packets.seq(j) != packets.seq(i) || packets.ttl(j) != ttl)) {
                    flurry++;
                }
            }
            if (flurry > 0 && check != SeqCheck.REPLY_TO_ACK) {
                score += 2;
                ev.add(new Evidence("rst_flurry", 2, (flurry + 1) + " RSTs within a second with differing seq or ttl"));
            }
            if (bare && packets.win(i) != 0 && !replyToSyn && (flags & DecodedPacket.SYN) == 0) {
                score += 1;
                ev.add(new Evidence("bare_rst_with_window", 1, "window " + packets.win(i) + " on a bare RST (stacks send 0)"));
            }
            if (rtt >= 2 * MS && prevFromPeer && gap >= 0 && gap * 4 < rtt && !replyToSyn && !replyToAck) {
                score += 2;
                ev.add(new Evidence("faster_than_rtt", 2, "answered " + gap / 1000 + " µs after the peer's packet, the "
                        + "path's round trip is " + rtt / 1000 + " µs"));
            }
            Verdict verdict = score >= FORGED_FROM ? Verdict.FORGED : score >= SUSPICIOUS_FROM ? Verdict.SUSPICIOUS : Verdict.GENUINE;
            Origin origin = verdict == Verdict.FORGED || firewallByTtl ? Origin.MIDDLEBOX
                    : verdict == Verdict.SUSPICIOUS || stage == Stage.STRAY ? Origin.UNKNOWN : Origin.ENDPOINT;

            // ---- causes of resets that are not about the handshake ----
            if (cause == null) {
                long idle = options.idleThreshold().toNanos();
                if (verdict == Verdict.FORGED) {
                    if (gap >= SECOND && gap >= 10 * Math.max(rtt, MS)) {
                        cause = Cause.IDLE_TIMEOUT;
                        ev.add(new Evidence("idle_before_injection", 0, "silent for " + gap / MS + " ms, then reset by the path"));
                    } else {
                        cause = Cause.POLICY_INJECTION;
                        ev.add(new Evidence("injected_after_traffic", 0, "reset by the path " + Math.max(gap, 0) / 1000
                                + " µs after the connection's previous packet"));
                    }
                } else if (stage == Stage.STRAY) {
                    cause = Cause.UNKNOWN;
                    ev.add(new Evidence("stray", 0, "no other packet of this connection is in the capture"));
                } else if (!bare && me.unansweredKeepalives >= 2) {
                    cause = Cause.KEEPALIVE_TIMEOUT;
                    ev.add(new Evidence("keepalives_unanswered", 0, me.unansweredKeepalives + " keep-alive probes went unanswered"));
                } else if (me.unansweredRetransmits >= 2 || (bare && me.retransmits >= 2 && prevFromPeer && peer.lastTs - me.lastTs > 0
                        && me.unansweredRetransmits > 0)) {
                    cause = Cause.RETRANSMISSION_TIMEOUT;
                    if (bare) {
                        runnerUp = Cause.DATA_AFTER_CLOSE;
                    }
                    ev.add(new Evidence("retransmissions_unanswered", 0, me.retransmits + " retransmissions by the sender went unacknowledged"
                            + (bare ? "; it gave up and then answered the peer's next segment with a reset" : "")));
                } else if (gap >= idle && idle > 0) {
                    cause = Cause.IDLE_TIMEOUT;
                    runnerUp = s == 0 ? Cause.CLIENT_ABORT : Cause.APP_ABORT;
                    ev.add(new Evidence("idle_gap", 0, "silent for " + gap / MS + " ms, more than the "
                            + idle / MS + " ms idle threshold"));
                } else if (bare) {
                    if (me.fin) {
                        cause = Cause.DATA_AFTER_CLOSE;
                        ev.add(new Evidence("data_after_fin", 0, "the " + sender.name().toLowerCase() + " had sent its FIN; "
                                + "the peer's data reached a closed socket"));
                    } else if (stage == Stage.TEARDOWN && peer.fin) {
                        cause = Cause.FAST_TEARDOWN;
                    } else {
                        cause = Cause.DATA_AFTER_CLOSE;
                        runnerUp = Cause.RETRANSMISSION_TIMEOUT;
                        ev.add(new Evidence("reply_to_forgotten_connection", 0, "a passive reset: the peer's segment found "
                                + "no socket, which vanished without a FIN (it gave up retransmitting, or was aborted silently)"));
                    }
                } else if (stage == Stage.TEARDOWN) {
                    cause = Cause.FAST_TEARDOWN;
                    ev.add(new Evidence("reset_in_close", 0, "RST|ACK after a FIN instead of finishing the close"));
                } else if (s == 0) {
                    cause = Cause.CLIENT_ABORT;
                    if (stage == Stage.POST_HANDSHAKE) {
                        runnerUp = Cause.HALF_OPEN_SCAN;
                    }
                    ev.add(new Evidence("active_reset", 0, "RST|ACK with seq = SND.NXT from the client: an abortive close"));
                } else {
                    cause = Cause.APP_ABORT;
                    ev.add(new Evidence("active_reset", 0, "RST|ACK with seq = SND.NXT from the server: the application "
                            + "closed with linger 0 or with unread data"));
                }
            }
            // An in-window reset answered by a challenge ACK, and the exact reset that followed it.
            if (check == SeqCheck.REPLY_TO_ACK && prevFromPeer && (prevFlags & (DecodedPacket.SYN | DecodedPacket.FIN)) == 0
                    && packets.payloadLen(prevRow) == 0 && !earlierRsts.isEmpty()
                    && dir(earlierRsts.get(earlierRsts.size() - 1)) == s && cause != Cause.TIME_WAIT_REUSE) {
                cause = Cause.CHALLENGE_ACK;
                runnerUp = null;
                ev.add(new Evidence("answers_challenge_ack", 0, "the peer answered the previous reset with an ACK "
                        + "(RFC 5961 §3.2) and this reset repeats it at exactly that ACK"));
            }

            AddressTable fa = flows.addresses();
            return new ResetRow(packets.frame(i), ts, flow, flows.uid(flow),
                    fa.text(flows.address(flow, Direction.ORIG)), flows.port(flow, Direction.ORIG),
                    fa.text(flows.address(flow, Direction.RESP)), flows.port(flow, Direction.RESP),
                    sender, stage, cause, runnerUp == cause ? null : runnerUp, origin, form, check, ttl, baseline,
                    gap < 0 ? -1 : gap / 1e6, score, verdict, List.copyOf(ev), null);
        }

        boolean previousClosedCleanly() {
            int prev = previousOnTuple[flow];
            if (side[1].fin && side[0].fin) {
                return true;
            }
            return prev >= 0 && flows.connState(prev) == ConnState.SF;
        }
    }

    /** True when unsigned 32-bit sequence {@code a} comes after {@code b} (RFC 1982 serial arithmetic). */
    private static boolean after(long a, long b) {
        return (int) (a - b) > 0;
    }

    private static String flagNames(int flags) {
        StringBuilder sb = new StringBuilder();
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE"};
        for (int b = 0; b < names.length; b++) {
            if ((flags & (1 << b)) != 0) {
                sb.append(sb.length() > 0 ? "+" : "").append(names[b]);
            }
        }
        return sb.toString();
    }
}
