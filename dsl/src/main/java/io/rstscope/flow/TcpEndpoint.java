package io.rstscope.flow;

/**
 * One side of a tracked connection: Zeek's endpoint state and sequence bookkeeping, the small
 * reassembly model that finds content gaps, and rstscope's own per-direction measurements.
 * Sequence values are unsigned 32-bit numbers held in ints; relative sequence numbers are 64-bit.
 */
final class TcpEndpoint {

    /** Zeek's limit beyond which a SYN or RST sequence jump is not believed (TCP_Endpoint.h TOO_LARGE_SEQ_DELTA). */
    static final int TOO_LARGE_SEQ_DELTA = 1048576;
    private static final int MAX_PENDING_BLOCKS = 64;

    boolean isOrig;
    EndpointState state = EndpointState.INACTIVE;
    EndpointState prevState = EndpointState.INACTIVE;
    TcpEndpoint peer;

    /** Unsigned 32-bit start in a long: the ISN (or the pretended one of a mid-stream pickup). */
    long startSeq;
    int lastSeq;
    int seqWraps;
    /** Highest ack the peer sent for this side's data. */
    int ackSeq;
    int ackWraps;
    int finCnt;
    int rstCnt;
    long finSeq;
    boolean didClose;
    long histLastSyn, histLastFin, histLastRst;
    int rxmtCnt, rxmtThresh = 1;
    int win0Cnt, win0Thresh = 1;
    int gapCnt, gapThresh = 1;

    // Reassembly model: relative sequence of the first byte not yet delivered, the trim point of the
    // acknowledged data, and the out-of-order blocks held above a hole (start, end pairs, sorted).
    long reassemSeq = 1;
    long trimSeq = 1;
    long[] pending;
    int pendingCount;

    // rstscope's measurements of this side.
    long pkts, ipBytes, payloadBytes;
    long firstTs = Long.MIN_VALUE, lastTs = Long.MIN_VALUE;
    int ttlFirst = -1, ttlMin = -1, ttlMax = -1;
    // The first two distinct TTLs and their counts (fields, not arrays: one allocation less per connection).
    int ttlValue0, ttlValue1;
    long ttlCount0, ttlCount1;
    int ipIdSeen, ipIdZero, ipIdPairs, ipIdSteps, ipIdSame, ipIdPrev = -1;
    /** IPv4 packets other than RSTs: with DF set, with DF clear, and with DF clear and IP ID 0. */
    int dfSet, dfClear, idZeroNoDf;
    long isn = Long.MIN_VALUE;
    boolean seqSeen, ackSeen;
    int maxSeqEnd, maxAck;
    int mss = -1, wscale = -1;
    boolean synTs;
    int retransmits, zeroWindows, keepalives;

    TcpEndpoint(boolean isOrig) {
        this.isOrig = isOrig;
    }

    /** Reads a field of each cache line of this endpoint ({@link Connection#touch()}). */
    long touch() {
        return startSeq + pkts + isn + ttlMin + keepalives + (didClose ? 1 : 0) + (pending == null ? 0 : 1);
    }

    /** Zeek's SetState: remembers the previous state when it changes; returns true when the handshake just ended. */
    boolean setState(EndpointState next) {
        if (next == state) {
            return false;
        }
        boolean handshakeOver = !next.handshake() && state.handshake() && peer.state.handshake();
        prevState = state;
        state = next;
        return handshakeOver;
    }

    long fullLastSeq() {
        return ((long) seqWraps << 32) + Integer.toUnsignedLong(lastSeq);
    }

    long fullAckSeq() {
        return ((long) ackWraps << 32) + Integer.toUnsignedLong(ackSeq);
    }

    void initSeqs(long start, int ack, int last) {
        startSeq = start;
        ackSeq = ack;
        lastSeq = last;
    }

    void updateLastSeq(int seq) {
        if (Integer.compareUnsigned(seq, lastSeq) < 0) {
            seqWraps++;
        }
        lastSeq = seq;
    }

    void updateAckSeq(int seq) {
        if (Integer.compareUnsigned(seq, ackSeq) < 0) {
            ackWraps++;
        }
        ackSeq = seq;
    }

    boolean noDataAcked() {
        long ack = fullAckSeq();
        return ack == startSeq || ack == startSeq + 1;
    }

    /** Zeek's endpoint size (the {@code orig_bytes} / {@code resp_bytes}): sequence space used, not bytes sent. */
    long size() {
        if (prevState == EndpointState.SYN_SENT && state == EndpointState.RESET
                && peer.state == EndpointState.INACTIVE && !noDataAcked()) {
            return 0; // a half-open connection discovered and aborted: its sequence numbers mean nothing
        }
        long last = fullLastSeq();
        long ack = fullAckSeq();
        long size = Math.max(last, ack) - startSeq;
        if (size != 0) {
            size--; // the SYN octet, seen or pretended
        }
        if (finCnt > 0 && size != 0) {
            size--; // the FIN octet
        }
        return size;
    }

    /** In an established or cleanly closing state: only then are content gaps believed. */
    boolean clean() {
        return state == EndpointState.ESTABLISHED
                || (state == EndpointState.CLOSED && prevState == EndpointState.ESTABLISHED);
    }

    /** Payload of this side handed to the reassembly model at relative sequence {@code seq}. */
    void dataSent(long seq, int len) {
        long end = seq + len;
        if (end <= reassemSeq) {
            return;
        }
        if (seq <= reassemSeq) {
            reassemSeq = end;
            drainPending();
            return;
        }
        if (pending == null) {
            pending = new long[8];
        }
        if (pendingCount == MAX_PENDING_BLOCKS) {
            return; // beyond what any real hole needs; later acks report the rest as missing
        }
        if (pendingCount * 2 == pending.length) {
            pending = java.util.Arrays.copyOf(pending, pending.length * 2);
        }
        int i = pendingCount;
        while (i > 0 && pending[2 * (i - 1)] > seq) {
            pending[2 * i] = pending[2 * (i - 1)];
            pending[2 * i + 1] = pending[2 * (i - 1) + 1];
            i--;
        }
        pending[2 * i] = seq;
        pending[2 * i + 1] = end;
        pendingCount++;
    }

    private void drainPending() {
        int k = 0;
        while (k < pendingCount && pending[2 * k] <= reassemSeq) {
            reassemSeq = Math.max(reassemSeq, pending[2 * k + 1]);
            k++;
        }
        removeFirst(k);
    }

    private void removeFirst(int k) {
        if (k > 0) {
            System.arraycopy(pending, 2 * k, pending, 0, 2 * (pendingCount - k));
            pendingCount -= k;
        }
    }

    /**
     * The peer acknowledged this side's data up to relative {@code seq}: bytes acknowledged but never
     * seen are a content gap (Zeek's TCP_Reassembler::AckReceived). Returns the bytes missed that count.
     */
    long ackReceived(long seq, boolean partial, Connection c) {
        if (finCnt > 0 && Long.compareUnsigned(seq, finSeq) >= 0) {
            seq = finSeq - 1;
        }
        if (Long.compareUnsigned(seq, trimSeq) <= 0) {
            return 0;
        }
        long missed = 0;
        if (Long.compareUnsigned(seq, reassemSeq) > 0) {
            if (seq <= 2 && partial) {
                // A mid-stream pickup pretends a SYN: the first ack then claims one or two octets that
                // never existed (Zeek ignores them the same way).
                trimSeq = seq;
                return 0;
            }
            boolean counts = clean() && peer.clean();
            int k = 0;
            while (k < pendingCount && Long.compareUnsigned(pending[2 * k], seq) < 0) {
                if (pending[2 * k] > reassemSeq) {
                    missed += gap(pending[2 * k] - reassemSeq, counts, c);
                }
                reassemSeq = Math.max(reassemSeq, pending[2 * k + 1]);
                k++;
            }
            removeFirst(k);
            if (Long.compareUnsigned(seq, reassemSeq) > 0) {
                missed += gap(seq - reassemSeq, counts, c);
                reassemSeq = seq;
            }
            drainPending();
        }
        trimSeq = seq;
        return missed;
    }

    private long gap(long len, boolean counts, Connection c) {
        if (!counts) {
            return 0;
        }
        if (++gapCnt == gapThresh) {
            c.addHistory(isOrig ? 'G' : 'g');
            gapThresh = nextThreshold(gapThresh);
        }
        return len;
    }

    /** Zeek's logarithmic history letters: recorded at the 1st, 10th, 100th... occurrence. */
    static int nextThreshold(int t) {
        long n = (long) t * 10;
        return n > Integer.MAX_VALUE ? t : (int) n;
    }

    /** Counts a TTL toward the most common of this side (the first two distinct values are counted). */
    void ttl(int ttl) {
        if (ttlFirst < 0) {
            ttlFirst = ttlMin = ttlMax = ttl;
        } else {
            ttlMin = Math.min(ttlMin, ttl);
            ttlMax = Math.max(ttlMax, ttl);
        }
        if (ttlCount0 == 0 || ttlValue0 == ttl) {
            ttlValue0 = ttl;
            ttlCount0++;
        } else if (ttlCount1 == 0 || ttlValue1 == ttl) {
            ttlValue1 = ttl;
            ttlCount1++;
        }
    }

    void ipId(int id) {
        ipIdSeen++;
        if (id == 0) {
            ipIdZero++;
            return; // Linux sends ID 0 with DF on some segments even when it counts: leave zeros out of the pattern
        }
        if (ipIdPrev >= 0) {
            ipIdPairs++;
            int step = (id - ipIdPrev) & 0xffff;
            if (step == 0) {
                ipIdSame++;
            } else if (step <= 1024) {
                ipIdSteps++;
            }
        }
        ipIdPrev = id;
    }

    /** Counts an IPv4 packet that is no RST toward the host's DF and IP-ID habits ({@link HostProfile}). */
    void ipv4Habits(boolean df, int id) {
        if (df) {
            dfSet++;
        } else {
            dfClear++;
            idZeroNoDf += id == 0 ? 1 : 0;
        }
    }

    /** The IP ID pattern of this side, or {@code null} when too few IPv4 packets tell. */
    IpIdBehaviour ipIdBehaviour() {
        if (ipIdSeen == 0) {
            return null;
        }
        if (ipIdZero == ipIdSeen) {
            return IpIdBehaviour.ZERO;
        }
        if (ipIdPairs == 0) {
            return null;
        }
        if (ipIdSame == ipIdPairs) {
            return IpIdBehaviour.CONSTANT;
        }
        if (ipIdSteps * 5L >= ipIdPairs * 4L) {
            return IpIdBehaviour.INCREMENTING;
        }
        return IpIdBehaviour.RANDOM;
    }
}
