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

    /**
     * One reset of the connection: what its sender had done before it, and what came after it so far. Each
     * side's value in a field of its own (0 for side 0, 1 for side 1), not in two-element arrays: a
     * connection's fingerprints are held for every connection open at once and every ended one its tuple
     * remembers, and five small arrays more per object were most of their memory.
     */
    static final class Rst {
        final Segment seg;
        final boolean ipv4;
        final boolean auth;
        /** Its captured payload (empty for none). */
        final byte[] payload;
        /** The highest data start and SND.NXT each side had reached before it (-1 for none). */
        final long startBefore0, startBefore1, nextBefore0, nextBefore1;
        /** Whether each side's last non-RST packet before it carried TCP-MD5 or TCP-AO. */
        final boolean signedBefore0, signedBefore1;
        /** The highest data start each side sends after it, and the time of its next data segment (-1 for none). */
        long startAfter0 = -1, startAfter1 = -1, nextDataTs0 = -1, nextDataTs1 = -1;
        /** Whether its seq is an acknowledgment number the peer sent. */
        boolean reply;

        Rst(Segment seg, boolean ipv4, boolean auth, byte[] payload, long startBefore0, long startBefore1,
            long nextBefore0, long nextBefore1, boolean signedBefore0, boolean signedBefore1) {
            this.seg = seg;
            this.ipv4 = ipv4;
            this.auth = auth;
            this.payload = payload;
            this.startBefore0 = startBefore0;
            this.startBefore1 = startBefore1;
            this.nextBefore0 = nextBefore0;
            this.nextBefore1 = nextBefore1;
            this.signedBefore0 = signedBefore0;
            this.signedBefore1 = signedBefore1;
        }

        Rst copy(boolean mirror) {
            Rst r = mirror
                    ? new Rst(seg.mirrored(), ipv4, auth, payload, startBefore1, startBefore0, nextBefore1,
                            nextBefore0, signedBefore1, signedBefore0)
                    : new Rst(seg, ipv4, auth, payload, startBefore0, startBefore1, nextBefore0, nextBefore1,
                            signedBefore0, signedBefore1);
            r.startAfter0 = mirror ? startAfter1 : startAfter0;
            r.startAfter1 = mirror ? startAfter0 : startAfter1;
            r.nextDataTs0 = mirror ? nextDataTs1 : nextDataTs0;
            r.nextDataTs1 = mirror ? nextDataTs0 : nextDataTs1;
            r.reply = reply;
            return r;
        }

        long startBefore(int s) {
            return s == 0 ? startBefore0 : startBefore1;
        }

        long nextBefore(int s) {
            return s == 0 ? nextBefore0 : nextBefore1;
        }

        boolean signedBefore(int s) {
            return s == 0 ? signedBefore0 : signedBefore1;
        }

        long startAfter(int s) {
            return s == 0 ? startAfter0 : startAfter1;
        }

        long nextDataTs(int s) {
            return s == 0 ? nextDataTs0 : nextDataTs1;
        }

        /** Side {@code s} sent data from {@code seq} at {@code ts}, after this reset. */
        void dataAfter(int s, long seq, long ts) {
            if (s == 0) {
                if (startAfter0 < 0 || after(seq, startAfter0)) {
                    startAfter0 = seq;
                }
                if (nextDataTs0 < 0) {
                    nextDataTs0 = ts;
                }
            } else {
                if (startAfter1 < 0 || after(seq, startAfter1)) {
                    startAfter1 = seq;
                }
                if (nextDataTs1 < 0) {
                    nextDataTs1 = ts;
                }
            }
        }
    }

    private static final int[] NO_ACKS = new int[0];
    private static final List<Rst> NO_RESETS = List.of();

    // Each side's value in a field of its own (see Rst).
    private long start0 = -1, start1 = -1, next0 = -1, next1 = -1;
    private boolean lastSigned0, lastSigned1;
    /** Non-RST packets of each side with DF set, and without. */
    private int dfSet0, dfSet1, dfClear0, dfClear1;
    /** Non-RST packets of each side that carry TCP-MD5 or TCP-AO. */
    private int signed0, signed1;
    /** The latest acknowledgment numbers each side sent (non-RST segments with ACK), a ring of {@link #ACKS_KEPT}. */
    private int[] acks0 = NO_ACKS, acks1 = NO_ACKS;
    private int ackCount0, ackCount1;
    /**
     * The connection's resets in order (with the tuple's earlier connection's last ones when it goes on from
     * it); most connections have none, and share the empty list.
     */
    private List<Rst> resets = NO_RESETS;

    /** The state before any packet. */
    Fingerprints() {
    }

    /**
     * An independent copy, with the roles the other way round when {@code mirror}, that keeps only the
     * resets from {@code fromTs} on (earlier ones are more than a second before any later packet) and
     * each side's latest {@code acksKept} acknowledgment numbers (at most {@link #ACKS_KEPT}).
     */
    Fingerprints copy(boolean mirror, long fromTs, int acksKept) {
        Fingerprints f = new Fingerprints();
        for (int j = 0, n = resets.size(); j < n; j++) {
            Rst x = resets.get(j);
            if (x.seg.ts() >= fromTs) {
                if (f.resets.isEmpty()) {
                    f.resets = new ArrayList<>(2);
                }
                f.resets.add(x.copy(mirror));
            }
        }
        int a = mirror ? 1 : 0, b = 1 - a;
        f.start0 = start(a);
        f.start1 = start(b);
        f.next0 = next(a);
        f.next1 = next(b);
        f.lastSigned0 = lastSigned(a);
        f.lastSigned1 = lastSigned(b);
        f.dfSet0 = dfSet(a);
        f.dfSet1 = dfSet(b);
        f.dfClear0 = dfClear(a);
        f.dfClear1 = dfClear(b);
        f.signed0 = signed(a);
        f.signed1 = signed(b);
        f.acks0 = latestAcks(a, acksKept);
        f.acks1 = latestAcks(b, acksKept);
        f.ackCount0 = Math.min(ackCount(a), acksKept);
        f.ackCount1 = Math.min(ackCount(b), acksKept);
        return f;
    }

    /** Side {@code s}'s latest {@code keep} acknowledgment numbers, oldest first. */
    private int[] latestAcks(int s, int keep) {
        int n = ackCount(s);
        int m = Math.min(n, Math.min(keep, ACKS_KEPT));
        if (m == 0) {
            return NO_ACKS;
        }
        int[] ring = acks(s);
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            out[i] = ring[(n - m + i) % ACKS_KEPT];
        }
        return out;
    }

    private long start(int s) {
        return s == 0 ? start0 : start1;
    }

    private long next(int s) {
        return s == 0 ? next0 : next1;
    }

    private boolean lastSigned(int s) {
        return s == 0 ? lastSigned0 : lastSigned1;
    }

    private int dfSet(int s) {
        return s == 0 ? dfSet0 : dfSet1;
    }

    private int dfClear(int s) {
        return s == 0 ? dfClear0 : dfClear1;
    }

    private int signed(int s) {
        return s == 0 ? signed0 : signed1;
    }

    private int[] acks(int s) {
        return s == 0 ? acks0 : acks1;
    }

    private int ackCount(int s) {
        return s == 0 ? ackCount0 : ackCount1;
    }

    /**
     * Follows one more packet of the connection; for a reset, returns what is kept of it (to give to
     * {@link #signals} once the connection has ended), else {@code null}.
     */
    Rst follow(Segment seg, boolean ipv4, boolean auth, byte[] payload) {
        int s = seg.side();
        int flags = seg.flags();
        if (seg.rst()) {
            Rst r = new Rst(seg, ipv4, auth, payload, start0, start1, next0, next1, lastSigned0, lastSigned1);
            r.reply = acked(1 - s, seg.seq());
            if (resets.isEmpty()) {
                resets = new ArrayList<>(2);
            }
            resets.add(r);
            return r;
        }
        int signedNow = auth ? 1 : 0;
        if (s == 0) {
            signed0 += signedNow;
            lastSigned0 = auth;
            if (seg.df()) {
                dfSet0++;
            } else {
                dfClear0++;
            }
        } else {
            signed1 += signedNow;
            lastSigned1 = auth;
            if (seg.df()) {
                dfSet1++;
            } else {
                dfClear1++;
            }
        }
        // Indexed loops over the resets: an iterator per packet was most of what the reading allocated
        // when the methods run on the first-tier compiler, which does not remove it.
        if ((flags & DecodedPacket.ACK) != 0) {
            addAck(s, seg.ack());
            for (int j = 0, n = resets.size(); j < n; j++) {
                Rst r = resets.get(j);
                r.reply |= r.seg.side() != s && r.seg.seq() == seg.ack();
            }
        }
        long seq = Integer.toUnsignedLong(seg.seq());
        long end = (seq + seg.payloadLen() + ((flags & DecodedPacket.SYN) != 0 ? 1 : 0)
                + ((flags & DecodedPacket.FIN) != 0 ? 1 : 0)) & 0xffffffffL;
        if (s == 0) {
            if (seg.payloadLen() > 1 && (start0 < 0 || after(seq, start0))) {
                start0 = seq;
            }
            if (next0 < 0 || after(end, next0)) {
                next0 = end;
            }
        } else {
            if (seg.payloadLen() > 1 && (start1 < 0 || after(seq, start1))) {
                start1 = seq;
            }
            if (next1 < 0 || after(end, next1)) {
                next1 = end;
            }
        }
        if ((flags & DecodedPacket.SYN) == 0 && seg.payloadLen() > 1) {
            for (int j = 0, n = resets.size(); j < n; j++) {
                resets.get(j).dataAfter(s, seq, seg.ts());
            }
        }
        return null;
    }

    private void addAck(int s, int ack) {
        int n = ackCount(s);
        int[] ring = acks(s);
        if (n > 0 && ring[(n - 1) % ACKS_KEPT] == ack) {
            return;
        }
        if (n < ACKS_KEPT && n == ring.length) {
            ring = Arrays.copyOf(ring, Math.min(ACKS_KEPT, Math.max(4, 2 * n)));
            if (s == 0) {
                acks0 = ring;
            } else {
                acks1 = ring;
            }
        }
        ring[n % ACKS_KEPT] = ack;
        if (s == 0) {
            ackCount0 = n + 1;
        } else {
            ackCount1 = n + 1;
        }
    }

    private boolean acked(int s, int seq) {
        int n = Math.min(ackCount(s), ACKS_KEPT);
        int[] ring = acks(s);
        for (int i = 0; i < n; i++) {
            if (ring[i] == seq) {
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
        int others = dfSet(s) + dfClear(s);
        if (others >= 2 && (dfSet(s) == 0 || dfClear(s) == 0) && i.df() != (dfSet(s) > 0) && r.ipv4) {
            ev.add(Signal.DF_DIFFERS.evidence("DF " + (i.df() ? "set" : "clear") + ", the claimed sender's "
                    + others + " other packets have it " + (dfSet(s) > 0 ? "set" : "clear")));
        }

        // ---- host consistency: the signature option ----
        if (signed(s) >= 2 && r.signedBefore(s) && !r.auth) {
            ev.add(Signal.UNSIGNED_RESET.evidence("no TCP-MD5 or TCP-AO option, which " + signed(s)
                    + " of the claimed sender's packets carry, its last one before the reset too"));
        }

        // ---- DATA SEQ RST, RST SEQ DATA and the racing reset (Weaver, Sommer, Paxson) ----
        long before = r.startBefore(s);
        if (!reply && before >= 0 && !after(seq, before)) {
            ev.add(Signal.DATA_SEQ_RST.evidence("seq " + seq + ", the claimed sender had already sent data from " + before));
        }
        long later = r.startAfter(s);
        if (later >= 0 && !after(seq, later)) {
            ev.add(Signal.RST_SEQ_DATA.evidence("data from " + later + " followed the reset's seq " + seq));
        }
        long nextTs = r.nextDataTs(s);
        long race = Math.max(2 * rtt, 50 * MS);
        if (nextTs >= 0 && nextTs - ts <= race) {
            ev.add(Signal.RACING_RESET.evidence("the claimed sender's data came " + (nextTs - ts) / 1000
                    + " µs after the reset"));
        }

        // ---- earlier resets of the same claimed sender within a second ----
        int flurry = 0;
        boolean seqChange = false, ackChange = false;
        long highest = r.nextBefore(s);
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
                    && e.nextBefore(1 - s) == r.nextBefore(1 - s)) {
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
        for (int n = 0; n < resets.size(); n++) {
            Segment r = resets.get(n).seg;
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

    /** True when unsigned 32-bit sequence {@code a} comes after {@code b} (RFC 1982 serial arithmetic). */
    private static boolean after(long a, long b) {
        return (int) (a - b) > 0;
    }
}
