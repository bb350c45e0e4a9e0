package io.rstscope.reset;

import io.rstscope.capture.DecodedPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The published forgery fingerprints of one connection's resets: Weaver, Sommer and Paxson's (NDSS 2009)
 * RST SEQ CHANGE, DATA SEQ RST, RST SEQ DATA, RST ACK CHANGE and the racing reset; the censors' type 1 and
 * type 2 resets and fixed payloads; a flurry that is not one reply per segment; the DF bit and the
 * TCP-MD5 / TCP-AO signature against the claimed sender's other packets. Each is a {@link Signal}; {@link #signals}
 * gives those a reset shows, as evidence with their points.
 *
 * <pre>{@code
 * Fingerprints f = new Fingerprints();
 * Fingerprints.Rst r = null;
 * for (DecodedPacket p : packetsOfOneConnection) {          // in capture order
 *     Fingerprints.Rst seen = f.follow(Segment.of(p, side(p)), p.ipVersion() == 4, p.authOption(), p.payload(256));
 *     r = seen != null ? seen : r;
 * }
 * List<Evidence> ev = f.signals(r, rttNanos);              // once the connection has ended
 * }</pre>
 *
 * <p>The state is built as the connection's packets arrive: what each side had sent before each reset
 * (its highest data start and SND.NXT, whether its last packet was signed) is kept with the reset; what
 * comes after it (the claimed sender's later data, the peer's acknowledgment of the reset's seq) is added
 * to the resets still in the connection as later packets arrive; counts over the whole connection (DF set
 * and clear, signed packets) are read when the resets are judged, once the connection has ended. The fixed
 * payload of a censor is a fact of the whole capture: {@link #payloadKey} names the payloads to compare
 * across connections, and {@link #fixedPayload} gives the signal.
 *
 * <p>A reset whose sequence number is an acknowledgment number the peer sent is a reply to one of the
 * peer's segments (RFC 9293 §3.10.7.1): several such replies in a row are what a closed socket sends to
 * each segment still in flight (the nDPI ethereum capture), not a flurry, and their sequence numbers
 * say nothing about forgery.
 */
final class Fingerprints {

    static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    /** Censor type 2's steps past the first reset: one and three full-size segments of 1460 bytes. */
    private static final long[] TYPE_2_STEPS = {1460, 4380};
    /**
     * How many of each side's latest acknowledgment numbers are kept (each new one counted, repeats of the
     * last not). A reset that replies to one of the peer's segments carries the acknowledgment number of a
     * segment still in flight, one of the latest the peer sent, so the latest ones answer; keeping all of
     * them would grow with every segment of a long transfer, for each connection open at once.
     */
    static final int ACKS_KEPT = 256;

    /** One reset of the connection: what its sender had done before it, and what came after it so far. */
    static final class Rst {
        final Segment seg;
        final boolean ipv4;
        final boolean auth;
        /** Its captured payload (empty for none). */
        final byte[] payload;
        /** The highest data start and SND.NXT each side had reached before it (-1 for none). */
        final long[] startBefore;
        final long[] nextBefore;
        /** Whether each side's last non-RST packet before it carried TCP-MD5 or TCP-AO. */
        final boolean[] signedBefore;
        /** The highest data start each side sends after it, and the time of its next data segment (-1 for none). */
        long[] startAfter = {-1, -1};
        long[] nextDataTs = {-1, -1};
        /** Whether its seq is an acknowledgment number the peer sent. */
        boolean reply;

        Rst(Segment seg, boolean ipv4, boolean auth, byte[] payload, long[] startBefore, long[] nextBefore,
            boolean[] signedBefore) {
            this.seg = seg;
            this.ipv4 = ipv4;
            this.auth = auth;
            this.payload = payload;
            this.startBefore = startBefore;
            this.nextBefore = nextBefore;
            this.signedBefore = signedBefore;
        }

        Rst copy(boolean mirror) {
            Rst r = new Rst(mirror ? seg.mirrored() : seg, ipv4, auth, payload, swap(startBefore, mirror),
                    swap(nextBefore, mirror), mirror ? new boolean[] {signedBefore[1], signedBefore[0]}
                    : signedBefore.clone());
            r.startAfter = swap(startAfter, mirror);
            r.nextDataTs = swap(nextDataTs, mirror);
            r.reply = reply;
            return r;
        }
    }

    private final long[] start;
    private final long[] next;
    private final boolean[] lastSigned;
    /** Non-RST packets of each side with DF set, and without. */
    private final int[] dfSet;
    private final int[] dfClear;
    /** Non-RST packets of each side that carry TCP-MD5 or TCP-AO. */
    private final int[] signed;
    /** The latest acknowledgment numbers each side sent (non-RST segments with ACK), a ring of {@link #ACKS_KEPT}. */
    private final int[][] acks;
    private final int[] ackCount;
    /** The connection's resets in order (with the tuple's earlier connection's last ones when it goes on from it). */
    private final List<Rst> resets;

    /** The state before any packet. */
    Fingerprints() {
        this(new long[] {-1, -1}, new long[] {-1, -1}, new boolean[2], new int[2], new int[2], new int[2],
                new int[][] {new int[0], new int[0]}, new int[2], new ArrayList<>());
    }

    private Fingerprints(long[] start, long[] next, boolean[] lastSigned, int[] dfSet, int[] dfClear, int[] signed,
                         int[][] acks, int[] ackCount, List<Rst> resets) {
        this.start = start;
        this.next = next;
        this.lastSigned = lastSigned;
        this.dfSet = dfSet;
        this.dfClear = dfClear;
        this.signed = signed;
        this.acks = acks;
        this.ackCount = ackCount;
        this.resets = resets;
    }

    /**
     * An independent copy, with the roles the other way round when {@code mirror}, that keeps only the
     * resets from {@code fromTs} on (earlier ones are more than a second before any later packet) and
     * each side's latest {@code acksKept} acknowledgment numbers (at most {@link #ACKS_KEPT}).
     */
    Fingerprints copy(boolean mirror, long fromTs, int acksKept) {
        List<Rst> r = new ArrayList<>();
        for (Rst x : resets) {
            if (x.seg.ts() >= fromTs) {
                r.add(x.copy(mirror));
            }
        }
        int a = mirror ? 1 : 0, b = 1 - a;
        return new Fingerprints(swap(start, mirror), swap(next, mirror), new boolean[] {lastSigned[a], lastSigned[b]},
                new int[] {dfSet[a], dfSet[b]}, new int[] {dfClear[a], dfClear[b]}, new int[] {signed[a], signed[b]},
                new int[][] {latestAcks(a, acksKept), latestAcks(b, acksKept)},
                new int[] {Math.min(ackCount[a], acksKept), Math.min(ackCount[b], acksKept)}, r);
    }

    /** Side {@code s}'s latest {@code keep} acknowledgment numbers, oldest first. */
    private int[] latestAcks(int s, int keep) {
        int n = ackCount[s];
        int m = Math.min(n, Math.min(keep, ACKS_KEPT));
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            out[i] = acks[s][(n - m + i) % ACKS_KEPT];
        }
        return out;
    }

    /**
     * Follows one more packet of the connection; for a reset, returns what is kept of it (to give to
     * {@link #signals} once the connection has ended), else {@code null}.
     */
    Rst follow(Segment seg, boolean ipv4, boolean auth, byte[] payload) {
        int s = seg.side();
        int flags = seg.flags();
        if (seg.rst()) {
            Rst r = new Rst(seg, ipv4, auth, payload, start.clone(), next.clone(), lastSigned.clone());
            r.reply = acked(1 - s, seg.seq());
            resets.add(r);
            return r;
        }
        signed[s] += auth ? 1 : 0;
        lastSigned[s] = auth;
        if (seg.df()) {
            dfSet[s]++;
        } else {
            dfClear[s]++;
        }
        if ((flags & DecodedPacket.ACK) != 0) {
            addAck(s, seg.ack());
            for (Rst r : resets) {
                r.reply |= r.seg.side() != s && r.seg.seq() == seg.ack();
            }
        }
        long seq = Integer.toUnsignedLong(seg.seq());
        long end = (seq + seg.payloadLen() + ((flags & DecodedPacket.SYN) != 0 ? 1 : 0)
                + ((flags & DecodedPacket.FIN) != 0 ? 1 : 0)) & 0xffffffffL;
        if (seg.payloadLen() > 1 && (start[s] < 0 || after(seq, start[s]))) {
            start[s] = seq;
        }
        if (next[s] < 0 || after(end, next[s])) {
            next[s] = end;
        }
        if ((flags & DecodedPacket.SYN) == 0 && seg.payloadLen() > 1) {
            for (Rst r : resets) {
                if (r.startAfter[s] < 0 || after(seq, r.startAfter[s])) {
                    r.startAfter[s] = seq;
                }
                if (r.nextDataTs[s] < 0) {
                    r.nextDataTs[s] = seg.ts();
                }
            }
        }
        return null;
    }

    private void addAck(int s, int ack) {
        int n = ackCount[s];
        int[] ring = acks[s];
        if (n > 0 && ring[(n - 1) % ACKS_KEPT] == ack) {
            return;
        }
        if (n < ACKS_KEPT && n == ring.length) {
            ring = acks[s] = Arrays.copyOf(ring, Math.min(ACKS_KEPT, Math.max(4, 2 * n)));
        }
        ring[n % ACKS_KEPT] = ack;
        ackCount[s] = n + 1;
    }

    private boolean acked(int s, int seq) {
        int n = Math.min(ackCount[s], ACKS_KEPT);
        for (int i = 0; i < n; i++) {
            if (acks[s][i] == seq) {
                return true;
            }
        }
        return false;
    }

    /** Whether the reset carries as its seq an acknowledgment number its peer sent. */
    static boolean replyToPeer(Rst r) {
        return r.reply;
    }

    /** The fingerprints the reset shows, but the fixed payload (a fact of the whole capture, {@link #fixedPayload}). */
    List<Evidence> signals(Rst r, long rtt) {
        List<Evidence> ev = new ArrayList<>();
        Segment i = r.seg;
        int k = resets.indexOf(r);
        int s = i.side();
        int flags = i.flags();
        boolean bare = (flags & DecodedPacket.ACK) == 0;
        long seq = Integer.toUnsignedLong(i.seq());
        boolean reply = replyToPeer(r);
        long ts = i.ts();

        // ---- host consistency: the DF bit ----
        int others = dfSet[s] + dfClear[s];
        if (others >= 2 && (dfSet[s] == 0 || dfClear[s] == 0) && i.df() != (dfSet[s] > 0) && r.ipv4) {
            ev.add(Signal.DF_DIFFERS.evidence("DF " + (i.df() ? "set" : "clear") + ", the claimed sender's "
                    + others + " other packets have it " + (dfSet[s] > 0 ? "set" : "clear")));
        }

        // ---- host consistency: the signature option ----
        if (signed[s] >= 2 && r.signedBefore[s] && !r.auth) {
            ev.add(Signal.UNSIGNED_RESET.evidence("no TCP-MD5 or TCP-AO option, which " + signed[s]
                    + " of the claimed sender's packets carry, its last one before the reset too"));
        }

        // ---- DATA SEQ RST, RST SEQ DATA and the racing reset (Weaver, Sommer, Paxson) ----
        long before = r.startBefore[s];
        if (!reply && before >= 0 && !after(seq, before)) {
            ev.add(Signal.DATA_SEQ_RST.evidence("seq " + seq + ", the claimed sender had already sent data from " + before));
        }
        long later = r.startAfter[s];
        if (later >= 0 && !after(seq, later)) {
            ev.add(Signal.RST_SEQ_DATA.evidence("data from " + later + " followed the reset's seq " + seq));
        }
        long nextTs = r.nextDataTs[s];
        long race = Math.max(2 * rtt, 50 * MS);
        if (nextTs >= 0 && nextTs - ts <= race) {
            ev.add(Signal.RACING_RESET.evidence("the claimed sender's data came " + (nextTs - ts) / 1000
                    + " µs after the reset"));
        }

        // ---- earlier resets of the same claimed sender within a second ----
        int flurry = 0;
        boolean seqChange = false, ackChange = false;
        long highest = r.nextBefore[s];
        for (int j = k - 1; j >= 0; j--) {
            Rst e = resets.get(j);
            Segment o = e.seg;
            if (ts - o.ts() >= SECOND) {
                break;
            }
            if (o.side() != s) {
                continue;
            }
            boolean differs = o.seq() != i.seq() || o.ttl() != i.ttl();
            if (differs && !(reply && replyToPeer(e))) {
                flurry++;
            }
            if (!reply && o.seq() != i.seq() && highest >= 0 && after(seq, highest)) {
                seqChange = true;
            }
            if (!bare && (o.flags() & DecodedPacket.ACK) != 0 && o.ack() != i.ack()
                    && e.nextBefore[1 - s] == r.nextBefore[1 - s]) {
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
            ev.add(Signal.RST_ACK_CHANGE.evidence("ack " + Integer.toUnsignedLong(i.ack())
                    + " differs from the previous reset's, with no new data from the peer"));
        }

        // ---- censors ----
        if (bare && r.ipv4 && i.ipId() == 0 && !i.df() && i.win() != 0 && (flags & DecodedPacket.SYN) == 0) {
            ev.add(Signal.CENSOR_TYPE_1.evidence("bare RST, IP ID 0, DF clear, window " + i.win() + ", ttl " + i.ttl()));
        }
        if (!bare && censorType2(r)) {
            ev.add(Signal.CENSOR_TYPE_2.evidence("RST|ACK at seq " + seq + " in a burst stepped by 1460 and 4380"));
        }
        return ev;
    }

    /** Whether the reset is one of three RST|ACK of its sender, within a second, at X, X+1460, X+4380. */
    private boolean censorType2(Rst k) {
        int s = k.seg.side();
        long ts = k.seg.ts();
        List<Segment> burst = new ArrayList<>();
        for (Rst j : resets) {
            Segment r = j.seg;
            if (r.side() == s && (r.flags() & DecodedPacket.ACK) != 0 && Math.abs(r.ts() - ts) < SECOND) {
                burst.add(r);
            }
        }
        if (burst.size() < 3) {
            return false;
        }
        for (Segment x : burst) {
            long base = Integer.toUnsignedLong(x.seq());
            Segment[] found = {x, null, null};
            for (Segment y : burst) {
                long d = (Integer.toUnsignedLong(y.seq()) - base) & 0xffffffffL;
                for (int t = 0; t < TYPE_2_STEPS.length; t++) {
                    if (d == TYPE_2_STEPS[t]) {
                        found[t + 1] = y;
                    }
                }
            }
            if (found[1] != null && found[2] != null) {
                boolean member = found[0] == k.seg || found[1] == k.seg || found[2] == k.seg;
                boolean cycling = found[0].ttl() != found[1].ttl() || found[1].ttl() != found[2].ttl()
                        || found[0].ipId() != found[1].ipId() || found[1].ipId() != found[2].ipId();
                if (member && cycling) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The key under which the reset's payload is compared with other connections' resets: a payload of at
     * least 4 bytes, not a stated reason, not all zero; {@code null} for any other reset.
     */
    static String payloadKey(Rst r) {
        byte[] b = r.payload;
        if (r.seg.payloadLen() < 4 || b.length < 4 || ResetPayload.decode(b, r.seg.payloadLen()).isPresent()
                || allZero(b)) {
            return null;
        }
        return Arrays.toString(b);
    }

    /** The signal of a reset whose payload ({@code payloadLen} bytes) resets of other connections carry too. */
    static Evidence fixedPayload(int payloadLen) {
        return Signal.FIXED_PAYLOAD.evidence(payloadLen + " payload bytes that resets of other connections carry too");
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static long[] swap(long[] a, boolean mirror) {
        return mirror ? new long[] {a[1], a[0]} : a.clone();
    }

    /** True when unsigned 32-bit sequence {@code a} comes after {@code b} (RFC 1982 serial arithmetic). */
    private static boolean after(long a, long b) {
        return (int) (a - b) > 0;
    }
}
