package io.rstscope.flow;

import io.rstscope.capture.DecodedPacket;
import java.util.Arrays;

/**
 * One TCP connection while it is open: Zeek's per-packet TCP analysis (state machine, history,
 * sequence bookkeeping, timers) on two {@link TcpEndpoint}s, plus rstscope's measurements. The two
 * endpoints are kept by the side that created the connection ({@code a} = source of the first
 * packet); which of them is the originator can change when Zeek's rules flip the roles.
 */
final class Connection {

    static final long NONE = Long.MAX_VALUE;
    static final long SECOND = 1_000_000_000L;
    // Zeek's defaults (scripts/base/init-bare.zeek).
    static final long ATTEMPT_DELAY = 5 * SECOND;       // tcp_attempt_delay
    static final long SYN_TIMEOUT = 5 * SECOND;         // tcp_SYN_timeout
    static final long SESSION_TIMER = 6 * SECOND;       // tcp_session_timer
    static final long CONNECTION_LINGER = 5 * SECOND;   // tcp_connection_linger
    static final long CLOSE_DELAY = 5 * SECOND;         // tcp_close_delay
    static final long HANDSHAKE_INACTIVITY = 60 * SECOND; // udp_inactivity_timeout: what a new TCP session starts with
    static final long TCP_INACTIVITY = 300 * SECOND;    // tcp_inactivity_timeout
    static final long INTERACTIVE_INACTIVITY = 3600 * SECOND; // Conn::port_inactivity_timeouts

    private static final int SYN_MASK = 0x1, FIN_MASK = 0x2, RST_MASK = 0x4, FIN_RST_MASK = 0x8, DATA_MASK = 0x10,
            ACK_MASK = 0x20, MULTI_FLAG_MASK = 0x40;
    private static final int SEEN_ORIG = 1, SEEN_RESP = 2;

    final long aHi, aLo, bHi, bLo;
    final int aPort, bPort;
    final int ordinal;
    final long startTs;
    final int ipVersion;
    final TcpEndpoint epA, epB;
    private final boolean[] likelyServer;

    /** Started by a SYN that Zeek's reuse rule says opens a new connection on a tuple still held. */
    boolean startedByReuse;
    /** Odd number of role flips: the originator is endpoint b. */
    boolean flipped;
    /** Zeek's connection last_time: not moved once both sides have closed. */
    long lastTime;
    long lastPacketTs;
    long maxIdle;
    long missedBytes;

    private byte[] history = new byte[8];
    private int historyLength;
    private int historySeen;
    private Rstos0 rstos0 = Rstos0.UNDECIDED;

    private boolean partial;
    private int firstPacketSeen;

    boolean active = true;
    /** What the tracker's {@link ConnectionListener} keeps for this connection. */
    Object listenerState;
    /** No timer of this connection is due before this time: packets before it skip all timer work. */
    long timerFloor;
    long attemptAt = NONE;
    private final long[] expireAt = new long[4];
    private int expireCount;
    long closeDeleteAt = NONE;
    long inactivityAt;
    long inactivityTimeout = HANDSHAKE_INACTIVITY;

    long synTs = NONE, synAckTs = NONE, ackTs = NONE;
    private int synAckSeq;
    private TcpEndpoint synSender;

    // Per packet outputs of the state machine (fields, not objects: nothing is allocated per packet).
    private boolean doClose, genEvent, underflow;

    /**
     * Where Zeek's RSTOS0 test stands. Zeek decides RSTOS0 by matching the history against
     * {@code ^\^?S[^HAFGIQ]*R.*$}: the originator's SYN came first and the originator reset before any
     * handshake progress (a SYN-ACK, a pure ACK, a FIN, a content gap, FIN+RST or another multi-flag
     * packet from the originator). The same facts are followed here as the letters are recorded.
     */
    private enum Rstos0 { UNDECIDED, AFTER_ORIG_SYN, YES, NO }

    Connection(DecodedPacket p, int ordinal, long now, boolean[] likelyServer) {
        this.aHi = p.srcHi();
        this.aLo = p.srcLo();
        this.bHi = p.dstHi();
        this.bLo = p.dstLo();
        this.aPort = p.sport();
        this.bPort = p.dport();
        this.ordinal = ordinal;
        this.startTs = p.tsNanos();
        this.ipVersion = p.ipVersion();
        this.likelyServer = likelyServer;
        epA = new TcpEndpoint(true);
        epB = new TcpEndpoint(false);
        epA.peer = epB;
        epB.peer = epA;
        lastTime = p.tsNanos();
        lastPacketTs = Long.MIN_VALUE;
        expireAt[expireCount++] = now + SYN_TIMEOUT;
        inactivityAt = now + HANDSHAKE_INACTIVITY;
        timerFloor = now + SYN_TIMEOUT;
        flipAtCreation(p);
    }

    /**
     * Reads a field or two of each cache line of this connection's state, its endpoints' and its
     * listener's, and returns a sum of them that means nothing: a sweep reads the connections it is about
     * to end this way, several in a row, so that the processor fetches their state together instead of
     * waiting for each in turn as it ends them ({@link FlowTracker}).
     */
    long touch() {
        Object l = listenerState;
        return aHi + lastTime + closeDeleteAt + synTs + expireAt[0] + history.length + expireCount
                + (active ? 1 : 0) + epA.touch() + epB.touch() + (l != null && l.getClass() == Connection.class ? 1 : 0);
    }

    TcpEndpoint orig() {
        return flipped ? epB : epA;
    }

    TcpEndpoint resp() {
        return flipped ? epA : epB;
    }

    boolean matchesA(long hi, long lo, int port) {
        return aHi == hi && aLo == lo && aPort == port;
    }

    /**
     * Zeek's rule for a connection whose first packet is not a pure SYN: when the source port is a
     * likely server port (and the destination port is not, or is a higher one), the packet's source is
     * the responder.
     */
    private void flipAtCreation(DecodedPacket p) {
        int f = p.flags();
        boolean syn = (f & DecodedPacket.SYN) != 0;
        if (syn && (f & DecodedPacket.ACK) == 0) {
            return;
        }
        boolean flip = false;
        if (likelyServer[p.sport()]) {
            flip = likelyServer[p.dport()] ? !syn && p.sport() < p.dport() : true;
        }
        if (flip) {
            flip();
        }
    }

    private void flip() {
        flipped = !flipped;
        epA.isOrig = !epA.isOrig;
        epB.isOrig = !epB.isOrig;
        firstPacketSeen = ((firstPacketSeen & SEEN_ORIG) != 0 ? SEEN_RESP : 0)
                | ((firstPacketSeen & SEEN_RESP) != 0 ? SEEN_ORIG : 0);
        partial = false;
        addHistory('^');
    }

    // ---- lifetime ---------------------------------------------------------------------------------

    /** When Zeek's timers remove this connection if no packet of it comes first; {@link #NONE} when never. */
    long removalTime() {
        long r = closeDeleteAt;
        if (active) {
            TcpEndpoint o = orig(), s = resp();
            if (attemptAt != NONE && (o.state == EndpointState.SYN_SENT || o.state == EndpointState.SYN_ACK_SENT)
                    && s.state == EndpointState.INACTIVE) {
                r = Math.min(r, attemptAt);
            }
            if (expireCount > 0 && expireWouldRemove(o, s)) {
                long idleFrom = lastTime + CONNECTION_LINGER;
                for (int i = 0; i < expireCount; i++) {
                    long t = expireAt[i];
                    if (t <= idleFrom) {
                        t += ((idleFrom - t) / SESSION_TIMER + 1) * SESSION_TIMER;
                    }
                    r = Math.min(r, t);
                }
            }
        }
        return Math.min(r, Math.max(inactivityAt, lastTime + inactivityTimeout));
    }

    private static boolean expireWouldRemove(TcpEndpoint o, TcpEndpoint s) {
        if (o.didClose || s.didClose) {
            if ((o.didClose && s.didClose) || o.state == EndpointState.RESET || s.state == EndpointState.RESET
                    || o.state == EndpointState.INACTIVE || s.state == EndpointState.INACTIVE) {
                return true;
            }
        }
        return o.state == EndpointState.INACTIVE && s.state == EndpointState.INACTIVE;
    }

    /** Fires (without effect) the timers due by {@code now}, once {@link #removalTime()} said they do not remove. */
    void advanceTimers(long now) {
        if (attemptAt <= now) {
            attemptAt = NONE;
        }
        for (int i = 0; i < expireCount; i++) {
            long t = expireAt[i];
            if (t <= now) {
                expireAt[i] = t + ((now - t) / SESSION_TIMER + 1) * SESSION_TIMER;
            }
        }
        if (inactivityAt <= now) {
            inactivityAt = lastTime + inactivityTimeout;
        }
        long floor = Math.min(attemptAt, Math.min(closeDeleteAt, inactivityAt));
        for (int i = 0; i < expireCount; i++) {
            floor = Math.min(floor, expireAt[i]);
        }
        timerFloor = floor;
    }

    private void setInactivityTimeout(long timeout) {
        if (timeout != inactivityTimeout) {
            inactivityTimeout = timeout;
            inactivityAt = lastTime + timeout;
            timerFloor = Math.min(timerFloor, inactivityAt);
        }
    }

    /**
     * Zeek's reuse test: a SYN with a new initial sequence number on a live tuple, or any SYN after one
     * side closed, starts a new connection.
     */
    boolean isReuse(DecodedPacket p) {
        int f = p.flags();
        if ((f & DecodedPacket.SYN) == 0) {
            return false;
        }
        boolean ack = (f & DecodedPacket.ACK) != 0;
        TcpEndpoint o = orig(), s = resp();
        TcpEndpoint connOrig = o;
        if (ack) {
            if (o.state != EndpointState.INACTIVE) {
                return false; // only a half connection can be reused by a SYN-ACK
            }
            connOrig = s;
        }
        if (!(o.didClose || s.didClose)) {
            long seq = Integer.toUnsignedLong(p.seq());
            if (seq == connOrig.startSeq) {
                return false; // same ISN: a retransmission
            }
            // A SYN-ACK seen before its SYN: the SYN that follows is the reversal, not a new connection.
            return ack || connOrig.state != EndpointState.SYN_ACK_SENT || s.state != EndpointState.INACTIVE
                    || seq != s.startSeq;
        }
        return true;
    }

    // ---- one packet ------------------------------------------------------------------------------------

    /** Counts a packet whose TCP header Zeek would not analyse (options cut by the snap length). */
    void skipped(long t) {
        lastPacketTs = Math.max(lastPacketTs, t);
    }

    void process(DecodedPacket p, boolean fromA, long t) {
        TcpEndpoint ep = fromA ? epA : epB;
        TcpEndpoint peer = ep.peer;
        boolean isOrig = ep.isOrig; // the state machine keeps this value even if the roles flip below, as Zeek does
        int f = p.flags();
        boolean syn = (f & DecodedPacket.SYN) != 0, fin = (f & DecodedPacket.FIN) != 0,
                rst = (f & DecodedPacket.RST) != 0, ack = (f & DecodedPacket.ACK) != 0;
        int len = p.payloadLen();
        int seq = p.seq(), ackNum = p.ack();

        measure(ep, p, t, syn, fin, rst, ack, len);
        setPartialStatus(syn, ack, isOrig);

        int segLen = len + (syn ? 1 : 0) + (fin ? 1 : 0) - (rst ? len : 0); // a RST's payload is no sequence space
        int seqEnd = seq + segLen;
        initEndpoint(ep, syn, seq, seqEnd);
        long relSeq = relative(ep, seq, ep.lastSeq, ep.seqWraps);
        boolean seqUnderflow = underflow;

        updateHistory(ep, syn, fin, rst, ack, relSeq, len);
        if (p.win() == 0 && !rst && peer.state != EndpointState.CLOSED && ep.state != EndpointState.RESET) {
            ep.zeroWindows++;
            if (++ep.win0Cnt == ep.win0Thresh) {
                addHistory(ep.isOrig ? 'W' : 'w');
                ep.win0Thresh = TcpEndpoint.nextThreshold(ep.win0Thresh);
            }
        }
        if (!(epA.didClose && epB.didClose)) {
            lastTime = t;
        }
        if (fin) {
            ep.finCnt++;
            ep.finSeq = relSeq + segLen;
        }
        if (rst) {
            ep.rstCnt++;
        }
        long relAck = 0;
        if (ack) {
            if (peer.state == EndpointState.INACTIVE) {
                relAck = 1;
                int a = ackNum - 1;
                peer.initSeqs(Integer.toUnsignedLong(a), a, a);
            } else {
                relAck = relative(peer, ackNum, peer.ackSeq, peer.ackWraps);
                if (underflow) {
                    relAck = 0;
                } else if (!rst) { // acks in RSTs are not trusted
                    int delta = ackNum - peer.ackSeq;
                    if (!(ackNum == 0 && delta > TcpEndpoint.TOO_LARGE_SEQ_DELTA) && delta > 0) {
                        peer.updateAckSeq(ackNum);
                    }
                }
            }
        }
        int deltaLast = updateLastSeq(ep, seqEnd, syn, fin, rst, len);

        doClose = genEvent = false;
        switch (ep.state) {
            case INACTIVE -> inactiveState(ep, peer, seq, len, isOrig, syn, fin, rst, ack, t);
            case SYN_SENT, SYN_ACK_SENT -> synSentState(ep, fin, rst);
            case ESTABLISHED, PARTIAL -> establishedState(ep, peer, syn, fin, rst, ack);
            case CLOSED -> {
                if (rst && peer.state != EndpointState.CLOSED) {
                    setState(ep, EndpointState.RESET);
                    doClose = !ep.didClose;
                }
            }
            case RESET -> { } // nothing changes once a side has reset
        }
        if (ack) {
            // After the state machine, so that a gap revealed by the closing packet is judged on the final state.
            missedBytes += peer.ackReceived(relAck, partial, this);
        }
        if (len > 0 && p.capturedPayloadLen() >= len && !rst && !seqUnderflow) {
            ep.dataSent(syn ? relSeq + 1 : relSeq, len);
        }
        if (doClose) {
            connectionClosed(ep, peer);
        }
    }

    private void measure(TcpEndpoint ep, DecodedPacket p, long t, boolean syn, boolean fin, boolean rst, boolean ack,
                         int len) {
        ep.pkts++;
        ep.ipBytes += p.ipLen();
        ep.payloadBytes += len;
        if (ep.firstTs == Long.MIN_VALUE) {
            ep.firstTs = t;
        }
        ep.lastTs = t;
        if (lastPacketTs != Long.MIN_VALUE) {
            maxIdle = Math.max(maxIdle, t - lastPacketTs);
        }
        lastPacketTs = Math.max(lastPacketTs, t);
        if (p.ttl() >= 0) {
            ep.ttl(p.ttl());
        }
        if (p.ipVersion() == 4 && p.ipId() >= 0) {
            ep.ipId(p.ipId());
            if (!rst) {
                ep.ipv4Habits(p.df(), p.ipId());
            }
        }
        int seq = p.seq();
        // Wireshark's keep-alive: at most one byte, one below the next expected sequence number.
        if (!syn && !fin && !rst && len <= 1 && ep.state != EndpointState.INACTIVE && seq == ep.lastSeq - 1) {
            ep.keepalives++;
        }
        int end = seq + len + (syn ? 1 : 0) + (fin ? 1 : 0) - (rst ? len : 0);
        if (!ep.seqSeen || end - ep.maxSeqEnd > 0) {
            ep.maxSeqEnd = end;
            ep.seqSeen = true;
        }
        if (ack && (!ep.ackSeen || p.ack() - ep.maxAck > 0)) {
            ep.maxAck = p.ack();
            ep.ackSeen = true;
        }
        if (syn) {
            if (ep.isn == Long.MIN_VALUE) {
                ep.isn = Integer.toUnsignedLong(seq);
                ep.mss = p.mss();
                ep.wscale = p.wscale();
                ep.synTs = p.tsPresent();
            }
            if (!ack) {
                if (synAckTs == NONE) {
                    synTs = t;
                    synSender = ep;
                }
            } else if (synAckTs == NONE && synSender != null && ep != synSender) {
                synAckTs = t;
                synAckSeq = seq;
            }
        } else if (ack && !rst && !fin && ackTs == NONE && synAckTs != NONE && ep == synSender
                && p.ack() == synAckSeq + 1) {
            ackTs = t;
        }
    }

    private void setPartialStatus(boolean syn, boolean ack, boolean isOrig) {
        if (isOrig) {
            if ((firstPacketSeen & SEEN_ORIG) == 0) {
                partial = !syn || ack;
                firstPacketSeen |= SEEN_ORIG;
            }
        } else if ((firstPacketSeen & SEEN_RESP) == 0 && !partial) {
            partial = !syn;
        }
    }

    private static void initEndpoint(TcpEndpoint ep, boolean syn, int seq, int seqEnd) {
        long useq = Integer.toUnsignedLong(seq);
        switch (ep.state) {
            case INACTIVE -> {
                if (syn) {
                    ep.initSeqs(useq, seq, seqEnd);
                } else {
                    // pretend a SYN was seen just before this first segment
                    ep.initSeqs(Integer.toUnsignedLong(seq - 1), seq - 1, seq);
                }
            }
            case SYN_SENT, SYN_ACK_SENT -> {
                if (syn && useq != ep.startSeq) {
                    ep.initSeqs(useq, seq, seqEnd);
                }
            }
            case ESTABLISHED, PARTIAL -> {
                if (syn) {
                    ep.initSeqs(useq, seq, seqEnd);
                }
            }
            case RESET -> {
                if (syn && ep.prevState == EndpointState.INACTIVE) {
                    ep.initSeqs(useq, seq, seqEnd); // its numbers so far came from a (possibly forged) RST
                }
            }
            case CLOSED -> { }
        }
    }

    /** Zeek's relative sequence number of {@code cur}; sets {@link #underflow} when it lies before the start. */
    private long relative(TcpEndpoint ep, int cur, int last, int wraps) {
        underflow = false;
        int delta = cur - last;
        if (delta < 0) {
            if (wraps > 0 && Integer.compareUnsigned(cur, last) > 0) {
                wraps--;
            }
        } else if (delta > 0 && Integer.compareUnsigned(cur, last) < 0) {
            wraps++;
        }
        if (wraps == 0) {
            int r = cur - (int) ep.startSeq;
            underflow = r < 0;
            return r;
        }
        return ((long) wraps << 32) + Integer.toUnsignedLong(cur) - ep.startSeq;
    }

    private int updateLastSeq(TcpEndpoint ep, int seqEnd, boolean syn, boolean fin, boolean rst, int len) {
        int deltaLast = seqEnd - ep.lastSeq;
        if ((syn || rst) && (deltaLast > TcpEndpoint.TOO_LARGE_SEQ_DELTA || deltaLast < -TcpEndpoint.TOO_LARGE_SEQ_DELTA)) {
            return deltaLast; // a wild SYN or RST does not move the sequence space
        } else if (fin && Integer.toUnsignedLong(ep.lastSeq) == ep.startSeq + 1) {
            ep.updateLastSeq(seqEnd);
        } else if (ep.state == EndpointState.RESET) {
            return deltaLast;
        } else if (deltaLast > 0) {
            ep.updateLastSeq(seqEnd);
        } else if (len > 0) {
            ep.retransmits++;
            if (++ep.rxmtCnt == ep.rxmtThresh) {
                addHistory(ep.isOrig ? 'T' : 't');
                ep.rxmtThresh = TcpEndpoint.nextThreshold(ep.rxmtThresh);
            }
        }
        return deltaLast;
    }

    // ---- state machine (Zeek's TCPSessionAdapter Update*State) ------------------------------------------

    private void setState(TcpEndpoint ep, EndpointState s) {
        if (ep.setState(s)) {
            setInactivityTimeout(TCP_INACTIVITY);
        }
    }

    private void inactiveState(TcpEndpoint ep, TcpEndpoint peer, int seq, int len, boolean isOrig, boolean syn,
                               boolean fin, boolean rst, boolean ack, long t) {
        if (syn) {
            if (isOrig) {
                setState(ep, ack ? EndpointState.SYN_ACK_SENT : EndpointState.SYN_SENT);
                attemptAt = t + ATTEMPT_DELAY;
                timerFloor = Math.min(timerFloor, attemptAt);
            } else {
                if (!ack && peer.state == EndpointState.SYN_ACK_SENT && Integer.toUnsignedLong(seq) == ep.startSeq) {
                    // The SYN-ACK was seen before its SYN: swap the roles and call it established.
                    partial = false;
                    flip();
                    setState(peer, EndpointState.ESTABLISHED);
                    firstPacketSeen |= SEEN_ORIG;
                }
                if (peer.state == EndpointState.SYN_SENT) {
                    setState(peer, EndpointState.ESTABLISHED);
                }
                setState(ep, EndpointState.ESTABLISHED);
                if (peer.state != EndpointState.PARTIAL) {
                    connectionEstablished();
                }
            }
        }
        if (fin) {
            setState(ep, EndpointState.CLOSED);
            doClose = genEvent = true;
        }
        if (rst) {
            setState(ep, EndpointState.RESET);
            boolean reject = isOrig ? peer.state == EndpointState.ESTABLISHED
                    : peer.state == EndpointState.SYN_SENT || peer.state == EndpointState.SYN_ACK_SENT;
            doClose = true;
            genEvent = !reject;
        }
        if (ep.state == EndpointState.INACTIVE) {
            if (!isOrig && len == 0 && orig().state == EndpointState.SYN_SENT) {
                // Some stacks ack a SYN before answering it: that ack does not make a partial connection.
                return;
            } else if (ack && peer.state == EndpointState.ESTABLISHED) {
                setState(ep, EndpointState.ESTABLISHED); // the SYN was missed, the SYN-ACK was not
                partial = false;
                firstPacketSeen |= isOrig ? SEEN_ORIG : SEEN_RESP;
            } else {
                setState(ep, EndpointState.PARTIAL);
            }
        }
    }

    /** Zeek's connection_established handler in conn/inactivity.zeek: interactive services get an hour. */
    private void connectionEstablished() {
        int service = resp() == epA ? aPort : bPort;
        int origPort = resp() == epA ? bPort : aPort;
        if (orig().state == EndpointState.INACTIVE && !likelyServer[service] && likelyServer[origPort]) {
            service = origPort;
        }
        if (service == 21 || service == 22 || service == 23 || service == 513) {
            setInactivityTimeout(INTERACTIVE_INACTIVITY);
        }
    }

    private void synSentState(TcpEndpoint ep, boolean fin, boolean rst) {
        if (fin) {
            setState(ep, EndpointState.CLOSED);
            doClose = genEvent = true;
        }
        if (rst) {
            setState(ep, EndpointState.RESET);
            active = false;
            doClose = true;
        }
    }

    private void establishedState(TcpEndpoint ep, TcpEndpoint peer, boolean syn, boolean fin, boolean rst, boolean ack) {
        if (syn && ep.state == EndpointState.PARTIAL && peer.state == EndpointState.INACTIVE && !ack) {
            setState(ep, EndpointState.SYN_SENT);
        }
        if (fin && !rst) {
            setState(ep, EndpointState.CLOSED);
            if (peer.state == EndpointState.RESET && peer.prevState == EndpointState.CLOSED) {
                setState(peer, EndpointState.CLOSED); // the peer closed, then reset: still a clean close
            }
            doClose = genEvent = true;
        }
        if (rst) {
            setState(ep, EndpointState.RESET);
            doClose = true;
            if (peer.state != EndpointState.RESET || peer.prevState != EndpointState.ESTABLISHED) {
                active = false;
            }
        }
    }

    private void connectionClosed(TcpEndpoint ep, TcpEndpoint peer) {
        if (ep.didClose) {
            return;
        }
        ep.didClose = true;
        boolean complete = ep.state == EndpointState.RESET || peer.didClose || peer.state == EndpointState.INACTIVE;
        if (complete) {
            if ((ep.prevState != EndpointState.INACTIVE || peer.state != EndpointState.INACTIVE) && genEvent) {
                active = false;
            }
            attemptAt = NONE;
            expireCount = 0;
            closeDeleteAt = lastTime + CLOSE_DELAY;
            timerFloor = Math.min(timerFloor, closeDeleteAt);
        } else if (ep.prevState != EndpointState.INACTIVE && expireCount < expireAt.length) {
            expireAt[expireCount++] = lastTime + SESSION_TIMER; // look again for the other side closing too
            timerFloor = Math.min(timerFloor, lastTime + SESSION_TIMER);
        }
    }

    // ---- history ---------------------------------------------------------------------------------------

    private void updateHistory(TcpEndpoint ep, boolean syn, boolean fin, boolean rst, boolean ack, long relSeq, int len) {
        int n = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
        if (n > 1) {
            if (fin && rst) {
                checkHistory(ep, FIN_RST_MASK, 'I');
            } else {
                checkHistory(ep, MULTI_FLAG_MASK, 'Q');
            }
        } else if (n == 1) {
            if (syn) {
                char code = ack ? 'H' : 'S';
                if (checkHistory(ep, SYN_MASK, code) && relSeq != ep.histLastSyn) {
                    addHistory(ep, code);
                }
                ep.histLastSyn = relSeq;
            }
            if (fin) {
                if (checkHistory(ep, FIN_MASK, 'F') && relSeq + len != ep.histLastFin) {
                    addHistory(ep, 'F');
                }
                ep.histLastFin = relSeq + len;
            }
            if (rst) {
                if (checkHistory(ep, RST_MASK, 'R') && relSeq != ep.histLastRst) {
                    addHistory(ep, 'R');
                }
                ep.histLastRst = relSeq;
            }
        } else if (len > 0) {
            checkHistory(ep, DATA_MASK, 'D');
        } else if (ack) {
            checkHistory(ep, ACK_MASK, 'A');
        }
    }

    /** Records a once-per-direction letter; true when it was already recorded. */
    private boolean checkHistory(TcpEndpoint ep, int mask, char code) {
        if ((code == 'A' || code == 'D') && historyLength == 1 && history[0] == 'H') {
            // The connection began with a SYN-ACK (not flipped then: stealth scans do that), and now
            // productive traffic follows: the SYN-ACK's sender was the server after all.
            flip();
            historyLength = 0;
            rstos0 = Rstos0.UNDECIDED;
            addHistory('^');
            addHistory('h');
            firstPacketSeen |= SEEN_ORIG;
        }
        if (!ep.isOrig) {
            mask <<= 16;
            code = Character.toLowerCase(code);
        }
        if ((historySeen & mask) != 0) {
            return true;
        }
        historySeen |= mask;
        addHistory(code);
        return false;
    }

    private void addHistory(TcpEndpoint ep, char code) {
        addHistory(ep.isOrig ? code : Character.toLowerCase(code));
    }

    void addHistory(char c) {
        if (historyLength == history.length) {
            history = Arrays.copyOf(history, historyLength * 2);
        }
        history[historyLength++] = (byte) c;
        switch (rstos0) {
            case UNDECIDED -> {
                if (c == 'S' && (historyLength == 1 || (historyLength == 2 && history[0] == '^'))) {
                    rstos0 = Rstos0.AFTER_ORIG_SYN;
                } else if (!(c == '^' && historyLength == 1)) {
                    rstos0 = Rstos0.NO;
                }
            }
            case AFTER_ORIG_SYN -> {
                if (c == 'R') {
                    rstos0 = Rstos0.YES;
                } else if (c == 'H' || c == 'A' || c == 'F' || c == 'G' || c == 'I' || c == 'Q') {
                    rstos0 = Rstos0.NO;
                }
            }
            default -> { }
        }
    }

    /** Its history letters, as {@code histories} holds them (one string per distinct history). */
    String history(Histories histories) {
        return histories.intern(history, historyLength);
    }

    // ---- the outcome -----------------------------------------------------------------------------------

    /** Zeek's conn_state, decided from the two endpoint states in Zeek's order. */
    ConnState connState() {
        TcpEndpoint o = orig(), r = resp();
        EndpointState os = o.state, rs = r.state;
        boolean oInactive = os == EndpointState.INACTIVE || os == EndpointState.PARTIAL;
        boolean rInactive = rs == EndpointState.INACTIVE || rs == EndpointState.PARTIAL;
        if (rs == EndpointState.RESET) {
            if (os == EndpointState.SYN_SENT || os == EndpointState.SYN_ACK_SENT
                    || (os == EndpointState.RESET && o.size() == 0 && r.size() == 0)) {
                return ConnState.REJ;
            }
            return oInactive ? ConnState.RSTRH : ConnState.RSTR;
        }
        if (os == EndpointState.RESET) {
            if (rInactive) {
                return rstos0 == Rstos0.YES ? ConnState.RSTOS0 : ConnState.OTH;
            }
            return ConnState.RSTO;
        }
        if (rs == EndpointState.CLOSED && os == EndpointState.CLOSED) {
            return ConnState.SF;
        }
        if (os == EndpointState.CLOSED) {
            return rInactive ? ConnState.SH : ConnState.S2;
        }
        if (rs == EndpointState.CLOSED) {
            return oInactive ? ConnState.SHR : ConnState.S3;
        }
        if (os == EndpointState.SYN_SENT && rs == EndpointState.INACTIVE) {
            return ConnState.S0;
        }
        if (os == EndpointState.ESTABLISHED && rs == EndpointState.ESTABLISHED) {
            return ConnState.S1;
        }
        return ConnState.OTH;
    }

    /** Handshake RTT SYN to SYN-ACK in ns, or {@code Long.MIN_VALUE}. */
    long rttSyn() {
        return synAckTs != NONE && synTs != NONE ? synAckTs - synTs : Long.MIN_VALUE;
    }

    /** Handshake RTT SYN-ACK to the ACK that completes it, in ns, or {@code Long.MIN_VALUE}. */
    long rttAck() {
        return ackTs != NONE ? ackTs - synAckTs : Long.MIN_VALUE;
    }
}
