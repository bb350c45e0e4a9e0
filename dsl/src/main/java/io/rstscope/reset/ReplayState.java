package io.rstscope.reset;

import static io.rstscope.reset.ResetJudge.after;

import io.rstscope.capture.DecodedPacket;
import java.util.ArrayList;
import java.util.List;

/**
 * What a stack would know of one connection at a moment of its replay, updated one segment at a time:
 * for both sides the ISN, next sequence number, last acknowledgment and window, FIN, retransmissions,
 * keep-alive probes, TTLs and IP IDs; whether the handshake completed; the RSTs seen so far.
 *
 * <pre>{@code
 * ReplayState state = new ReplayState();
 * for (Segment seg : segmentsOfOneConnection) {
 *     if (seg.rst()) {
 *         // judge it here, against the state before it: ResetJudge.judge(seg, previous, state, ctx, ...)
 *     }
 *     state.update(seg);
 * }
 * }</pre>
 */
public final class ReplayState {

    final Side[] side;
    boolean handshakeDone;
    /** What {@link #handshakeDone} would be with the roles the other way round (see {@link #mirrored()}). */
    boolean handshakeDoneMirrored;
    /** The RSTs followed so far, in order; most connections have none, and share the empty list. */
    List<Segment> resets;

    /** A state before any segment. */
    public ReplayState() {
        this(new Side(), new Side(), List.of());
    }

    private ReplayState(Side originator, Side responder, List<Segment> resets) {
        this.side = new Side[] {originator, responder};
        this.resets = resets;
    }

    /** An independent copy of this state. */
    public ReplayState copy() {
        ReplayState c = new ReplayState(side[0].copy(), side[1].copy(),
                resets.isEmpty() ? List.of() : new ArrayList<>(resets));
        c.handshakeDone = handshakeDone;
        c.handshakeDoneMirrored = handshakeDoneMirrored;
        return c;
    }

    /**
     * The state this one would be had every segment followed come from the other side: what a replay
     * finds when the tracker decides at the end that the roles are the other way round.
     */
    public ReplayState mirrored() {
        List<Segment> r = resets.isEmpty() ? List.of() : new ArrayList<>(resets.size());
        for (int i = 0; i < resets.size(); i++) {
            r.add(resets.get(i).mirrored());
        }
        ReplayState m = new ReplayState(side[1].copy(), side[0].copy(), r);
        m.handshakeDone = handshakeDoneMirrored;
        m.handshakeDoneMirrored = handshakeDone;
        return m;
    }

    /** Whether side {@code s} (0 originator, 1 responder) has a TTL of its own in the connection (else its host's is needed). */
    boolean knowsTtl(int s) {
        return side[s].nonRstPackets > 0 && side[s].ttlMode() >= 0;
    }

    /**
     * Whether side {@code s} sent enough packets of its own in the connection (two, not RSTs) for its DF
     * bit to be judged within it; else its host's habits across the capture are needed.
     */
    boolean knowsHabits(int s) {
        return side[s].nonRstPackets >= 2;
    }

    /** Follows one more segment of the connection (or of the tuple's earlier connection replayed before it). */
    public void update(Segment i) {
        int s = i.side();
        int flags = i.flags();
        if (i.rst()) {
            if (resets.isEmpty()) {
                resets = new ArrayList<>(2);
            }
            resets.add(i);
        }
        Side me = side[s], peer = side[1 - s];
        long seq = Integer.toUnsignedLong(i.seq());
        long ack = Integer.toUnsignedLong(i.ack());
        int len = i.payloadLen();
        long ts = i.ts();
        boolean isRst = (flags & DecodedPacket.RST) != 0;
        if (!isRst) {
            me.nonRstPackets++;
            me.ttl(i.ttl());
            int id = i.ipId();
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
            me.tsOnSyn = i.tsPresent();
            me.wscale = i.wscale();
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
                me.lastWin = i.win();
                me.winFromSyn = (flags & DecodedPacket.SYN) != 0;
            } else if ((flags & DecodedPacket.SYN) != 0) {
                me.lastWin = i.win();
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
            if (s == 1 && (flags & DecodedPacket.ACK) != 0 && (flags & DecodedPacket.SYN) == 0 && side[0].synAck
                    && ack == side[0].synSeq + 1) {
                handshakeDoneMirrored = true;
            }
        }
        me.lastTs = ts;
    }

    /** One side of the connection during the replay. */
    static final class Side implements Cloneable {

        Side copy() {
            try {
                return (Side) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }

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
}
