package io.rstscope.reset;

import io.rstscope.capture.DecodedPacket;
import io.rstscope.capture.PacketColumns;
import io.rstscope.flow.FlowColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The published forgery fingerprints of one connection's resets: Weaver, Sommer and Paxson's (NDSS 2009)
 * RST SEQ CHANGE, DATA SEQ RST, RST SEQ DATA, RST ACK CHANGE and the racing reset; the censors' type 1 and
 * type 2 resets and fixed payloads; a flurry that is not one reply per segment; the DF bit and the
 * TCP-MD5 / TCP-AO signature against the claimed sender's other packets. Each is a {@link Signal}; {@link #signals(int)} gives those a reset
 * shows, as evidence with their points.
 *
 * <pre>{@code
 * Fingerprints f = new Fingerprints(packets, rows, dirs, rttNanos, Fingerprints.repeatedPayloads(packets, flows));
 * List<Evidence> ev = f.signals(k);          // k: index in rows of a reset
 * }</pre>
 *
 * <p>A reset whose sequence number is an acknowledgment number the peer sent is a reply to one of the
 * peer's segments (RFC 9293 §3.10.7.1): several such replies in a row are what a closed socket sends to
 * each segment still in flight (the nDPI ethereum capture), not a flurry, and their sequence numbers
 * say nothing about forgery.
 */
final class Fingerprints {

    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    /** Censor type 2's steps past the first reset: one and three full-size segments of 1460 bytes. */
    private static final long[] TYPE_2_STEPS = {1460, 4380};

    private final PacketColumns p;
    private final int[] rows;
    private final int[] dirs;
    private final long rtt;
    private final Set<Integer> repeatedPayloads;
    /** Acknowledgment numbers each side sent (non-RST segments with ACK). */
    private final List<Set<Long>> acks = List.of(new HashSet<>(), new HashSet<>());
    /** Per index: the highest data start each side had sent before it (-1 for none). */
    private final long[][] dataStartBefore;
    /** Per index: the highest SND.NXT each side had reached before it (-1 for none). */
    private final long[][] nextBefore;
    /** Per index: the highest data start each side sends after it (-1 for none). */
    private final long[][] dataStartAfter;
    /** Per index: the time of each side's next data segment after it (-1 for none). */
    private final long[][] nextDataTs;
    /** Non-RST packets of each side with DF set, and without. */
    private final int[] dfSet = new int[2];
    private final int[] dfClear = new int[2];
    /** Non-RST packets of each side that carry TCP-MD5 or TCP-AO. */
    private final int[] signed = new int[2];
    /** Per index: whether each side's last non-RST packet before it carried TCP-MD5 or TCP-AO. */
    private final boolean[][] signedBefore;

    /**
     * @param p                the packet columns
     * @param rows             the connection's packet rows in order
     * @param dirs             for each of them, 0 for the originator's, 1 for the responder's
     * @param rttNanos         the handshake's round trip, 0 when unknown
     * @param repeatedPayloads rows of resets whose payload other connections' resets carry too
     */
    Fingerprints(PacketColumns p, int[] rows, int[] dirs, long rttNanos, Set<Integer> repeatedPayloads) {
        this.p = p;
        this.rows = rows;
        this.dirs = dirs;
        this.rtt = rttNanos;
        this.repeatedPayloads = repeatedPayloads;
        int n = rows.length;
        dataStartBefore = new long[n][2];
        nextBefore = new long[n][2];
        dataStartAfter = new long[n][2];
        nextDataTs = new long[n][2];
        signedBefore = new boolean[n][2];
        boolean[] lastSigned = {false, false};
        long[] start = {-1, -1};
        long[] next = {-1, -1};
        for (int k = 0; k < n; k++) {
            dataStartBefore[k] = start.clone();
            nextBefore[k] = next.clone();
            signedBefore[k] = lastSigned.clone();
            int i = rows[k];
            int s = dirs[k];
            int flags = p.flags(i);
            if ((flags & DecodedPacket.RST) != 0) {
                continue;
            }
            signed[s] += p.authOption(i) ? 1 : 0;
            lastSigned[s] = p.authOption(i);
            if (p.df(i)) {
                dfSet[s]++;
            } else {
                dfClear[s]++;
            }
            if ((flags & DecodedPacket.ACK) != 0) {
                acks.get(s).add(Integer.toUnsignedLong(p.ack(i)));
            }
            long seq = Integer.toUnsignedLong(p.seq(i));
            long end = (seq + p.payloadLen(i) + ((flags & DecodedPacket.SYN) != 0 ? 1 : 0)
                    + ((flags & DecodedPacket.FIN) != 0 ? 1 : 0)) & 0xffffffffL;
            if (p.payloadLen(i) > 1 && (start[s] < 0 || after(seq, start[s]))) {
                start[s] = seq;
            }
            if (next[s] < 0 || after(end, next[s])) {
                next[s] = end;
            }
        }
        long[] startLater = {-1, -1};
        long[] tsLater = {-1, -1};
        for (int k = n - 1; k >= 0; k--) {
            dataStartAfter[k] = startLater.clone();
            nextDataTs[k] = tsLater.clone();
            int i = rows[k];
            int s = dirs[k];
            if ((p.flags(i) & (DecodedPacket.RST | DecodedPacket.SYN)) == 0 && p.payloadLen(i) > 1) {
                long seq = Integer.toUnsignedLong(p.seq(i));
                if (startLater[s] < 0 || after(seq, startLater[s])) {
                    startLater[s] = seq;
                }
                tsLater[s] = p.ts(i);
            }
        }
    }

    /**
     * Rows of resets whose payload (at least 4 bytes, not a stated reason) resets of another connection
     * carry too: a censor's fixed payload.
     */
    static Set<Integer> repeatedPayloads(PacketColumns p, FlowColumns flows) {
        Map<String, Set<Integer>> flowsOf = new HashMap<>();
        Map<String, List<Integer>> rowsOf = new HashMap<>();
        for (int i = 0; i < p.size(); i++) {
            if ((p.flags(i) & DecodedPacket.RST) == 0 || p.payloadLen(i) < 4) {
                continue;
            }
            byte[] b = p.rstPayload(i);
            if (b.length < 4 || ResetPayload.decode(b, p.payloadLen(i)).isPresent() || allZero(b)) {
                continue;
            }
            String key = Arrays.toString(b);
            flowsOf.computeIfAbsent(key, x -> new HashSet<>()).add(flows.flowOfPacket(i));
            rowsOf.computeIfAbsent(key, x -> new ArrayList<>()).add(i);
        }
        Set<Integer> out = new HashSet<>();
        flowsOf.forEach((key, fs) -> {
            if (fs.size() >= 2) {
                out.addAll(rowsOf.get(key));
            }
        });
        return out;
    }

    /** Whether the reset at index {@code k} carries as its seq an acknowledgment number its peer sent. */
    boolean replyToPeer(int k) {
        return acks.get(1 - dirs[k]).contains(Integer.toUnsignedLong(p.seq(rows[k])));
    }

    /** The fingerprints the reset at index {@code k} of the rows shows. */
    List<Evidence> signals(int k) {
        List<Evidence> ev = new ArrayList<>();
        int i = rows[k];
        int s = dirs[k];
        int flags = p.flags(i);
        boolean bare = (flags & DecodedPacket.ACK) == 0;
        long seq = Integer.toUnsignedLong(p.seq(i));
        boolean reply = replyToPeer(k);
        long ts = p.ts(i);

        // ---- host consistency: the DF bit ----
        int others = dfSet[s] + dfClear[s];
        if (others >= 2 && (dfSet[s] == 0 || dfClear[s] == 0) && p.df(i) != (dfSet[s] > 0) && p.ipVersion(i) == 4) {
            ev.add(Signal.DF_DIFFERS.evidence("DF " + (p.df(i) ? "set" : "clear") + ", the claimed sender's "
                    + others + " other packets have it " + (dfSet[s] > 0 ? "set" : "clear")));
        }

        // ---- host consistency: the signature option ----
        if (signed[s] >= 2 && signedBefore[k][s] && !p.authOption(i)) {
            ev.add(Signal.UNSIGNED_RESET.evidence("no TCP-MD5 or TCP-AO option, which " + signed[s]
                    + " of the claimed sender's packets carry, its last one before the reset too"));
        }

        // ---- DATA SEQ RST, RST SEQ DATA and the racing reset (Weaver, Sommer, Paxson) ----
        long before = dataStartBefore[k][s];
        if (!reply && before >= 0 && !after(seq, before)) {
            ev.add(Signal.DATA_SEQ_RST.evidence("seq " + seq + ", the claimed sender had already sent data from " + before));
        }
        long later = dataStartAfter[k][s];
        if (later >= 0 && !after(seq, later)) {
            ev.add(Signal.RST_SEQ_DATA.evidence("data from " + later + " followed the reset's seq " + seq));
        }
        long nextTs = nextDataTs[k][s];
        long race = Math.max(2 * rtt, 50 * MS);
        if (nextTs >= 0 && nextTs - ts <= race) {
            ev.add(Signal.RACING_RESET.evidence("the claimed sender's data came " + (nextTs - ts) / 1000
                    + " µs after the reset"));
        }

        // ---- earlier resets of the same claimed sender within a second ----
        int flurry = 0;
        boolean seqChange = false, ackChange = false;
        long highest = nextBefore[k][s];
        for (int j = k - 1; j >= 0; j--) {
            int r = rows[j];
            if (ts - p.ts(r) >= SECOND) {
                break;
            }
            if (dirs[j] != s || (p.flags(r) & DecodedPacket.RST) == 0) {
                continue;
            }
            boolean differs = p.seq(r) != p.seq(i) || p.ttl(r) != p.ttl(i);
            if (differs && !(reply && replyToPeer(j))) {
                flurry++;
            }
            if (!reply && p.seq(r) != p.seq(i) && highest >= 0 && after(seq, highest)) {
                seqChange = true;
            }
            if (!bare && (p.flags(r) & DecodedPacket.ACK) != 0 && p.ack(r) != p.ack(i)
                    && nextBefore[j][1 - s] == nextBefore[k][1 - s]) {
                ackChange = true;
            }
        }
        if (flurry > 0 && !reply) {
            ev.add(Signal.RST_FLURRY.evidence((flurry + 1) + " RSTs within a second with differing seq or ttl"));
        }
        if (seqChange) {
            ev.add(Signal.RST_SEQ_CHANGE.evidence("seq " + seq + " after another reset, past the highest the claimed sender sent ("
                    + highest + ")"));
        }
        if (ackChange) {
            ev.add(Signal.RST_ACK_CHANGE.evidence("ack " + Integer.toUnsignedLong(p.ack(i))
                    + " differs from the previous reset's, with no new data from the peer"));
        }

        // ---- censors ----
        if (bare && p.ipVersion(i) == 4 && p.ipId(i) == 0 && !p.df(i) && p.win(i) != 0 && (flags & DecodedPacket.SYN) == 0) {
            ev.add(Signal.CENSOR_TYPE_1.evidence("bare RST, IP ID 0, DF clear, window " + p.win(i) + ", ttl " + p.ttl(i)));
        }
        if (!bare && censorType2(k)) {
            ev.add(Signal.CENSOR_TYPE_2.evidence("RST|ACK at seq " + seq + " in a burst stepped by 1460 and 4380"));
        }
        if (repeatedPayloads.contains(i)) {
            ev.add(Signal.FIXED_PAYLOAD.evidence(p.payloadLen(i) + " payload bytes that resets of other connections carry too"));
        }
        return ev;
    }

    /** Whether the reset at {@code k} is one of three RST|ACK of its sender, within a second, at X, X+1460, X+4380. */
    private boolean censorType2(int k) {
        int s = dirs[k];
        long ts = p.ts(rows[k]);
        List<Integer> burst = new ArrayList<>();
        for (int j = 0; j < rows.length; j++) {
            int r = rows[j];
            int f = p.flags(r);
            if (dirs[j] == s && (f & DecodedPacket.RST) != 0 && (f & DecodedPacket.ACK) != 0
                    && Math.abs(p.ts(r) - ts) < SECOND) {
                burst.add(r);
            }
        }
        if (burst.size() < 3) {
            return false;
        }
        for (int x : burst) {
            long base = Integer.toUnsignedLong(p.seq(x));
            int[] found = {x, -1, -1};
            for (int y : burst) {
                long d = (Integer.toUnsignedLong(p.seq(y)) - base) & 0xffffffffL;
                for (int t = 0; t < TYPE_2_STEPS.length; t++) {
                    if (d == TYPE_2_STEPS[t]) {
                        found[t + 1] = y;
                    }
                }
            }
            if (found[1] >= 0 && found[2] >= 0) {
                boolean member = found[0] == rows[k] || found[1] == rows[k] || found[2] == rows[k];
                boolean cycling = p.ttl(found[0]) != p.ttl(found[1]) || p.ttl(found[1]) != p.ttl(found[2])
                        || p.ipId(found[0]) != p.ipId(found[1]) || p.ipId(found[1]) != p.ipId(found[2]);
                if (member && cycling) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** True when unsigned 32-bit sequence {@code a} comes after {@code b} (RFC 1982 serial arithmetic). */
    private static boolean after(long a, long b) {
        return (int) (a - b) > 0;
    }
}
