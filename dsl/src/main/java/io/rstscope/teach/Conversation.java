package io.rstscope.teach;

import io.rstscope.capture.Frames;

/**
 * Plays both endpoints of one TCP connection and writes every segment it sends as an Ethernet frame.
 * It keeps each side's sequence space (ISN, SND.NXT), what it acknowledged, its window, TTL (as seen at
 * the capture point), IP ID counter and TCP timestamp clock, so the segments look as a real stack
 * sends them (RFC 9293; timestamps RFC 7323). Times are in nanoseconds; {@link #advance} moves the
 * clock.
 *
 * <pre>{@code
 * Conversation c = Conversation.ipv4(writer::write, "10.0.0.1", 40000, "10.0.0.2", 80, t0);
 * c.handshake();                 // SYN, SYN/ACK, ACK, one RTT apart
 * c.send(Side.CLIENT, 120);      // request
 * c.send(Side.SERVER, 3000);     // response, cut into MSS-sized segments, acknowledged
 * c.close(Side.CLIENT);          // FIN, FIN, ACK
 * }</pre>
 *
 * <p>A conversation is a simulation with state, not a value: each call appends segments.
 */
public final class Conversation {

    /** Which endpoint. */
    public enum Side { CLIENT, SERVER }

    /** Receives each frame: a {@code CaptureWriter::write} fits. */
    @FunctionalInterface
    public interface FrameSink {
        /** One Ethernet frame sent at {@code tsNanos}. */
        void frame(long tsNanos, byte[] frame);
    }

    private static final byte[] CLIENT_MAC = Frames.mac("02:00:00:00:00:01");
    private static final byte[] SERVER_MAC = Frames.mac("02:00:00:00:00:02");
    private static final byte[] ZEROS = new byte[65536];

    private final FrameSink sink;
    private final Frames.Ipv4 v4;
    private final Frames.Ipv6 v6;
    private final int clientPort;
    private final int serverPort;
    private final Peer client;
    private final Peer server;
    private long now;
    private long rttNanos = 20_000_000L;

    /** One endpoint's state. */
    private static final class Peer {
        long isn;
        long next;
        /** The highest sequence number of the peer acknowledged so far (RCV.NXT). */
        long rcvNext;
        int ttl = 64;
        int ipId;
        int idStep = 1;
        int window = 64240;
        int wscale = 7;
        int mss = 1460;
        boolean timestamps = true;
        boolean sackPermitted = true;
        boolean windowScale = true;
        long tsClock;
        /** The last TSval this side sent, echoed by the peer as TSecr; -1 before any. */
        long lastTsval = -1;
    }

    private Conversation(FrameSink sink, Frames.Ipv4 v4, Frames.Ipv6 v6, int clientPort, int serverPort, long start) {
        this.sink = sink;
        this.v4 = v4;
        this.v6 = v6;
        this.clientPort = clientPort;
        this.serverPort = serverPort;
        this.now = start;
        this.client = new Peer();
        this.server = new Peer();
        long seed = mix(start ^ ((long) clientPort << 16) ^ serverPort);
        client.isn = seed & 0xffffffffL;
        server.isn = mix(seed) & 0xffffffffL;
        client.next = client.isn;
        server.next = server.isn;
        client.ipId = (int) (seed >>> 40) & 0xffff;
        server.ipId = (int) (seed >>> 20) & 0xffff;
        client.tsClock = (seed >>> 8) & 0xffffffL;
        server.tsClock = (seed >>> 32) & 0xffffffL;
    }

    /** An IPv4 conversation starting at {@code startNanos}. */
    public static Conversation ipv4(FrameSink sink, String client, int clientPort, String server, int serverPort,
                                    long startNanos) {
        return new Conversation(sink, Frames.ipv4(client, server), null, clientPort, serverPort, startNanos);
    }

    /** An IPv6 conversation starting at {@code startNanos}. */
    public static Conversation ipv6(FrameSink sink, String client, int clientPort, String server, int serverPort,
                                    long startNanos) {
        return new Conversation(sink, null, Frames.ipv6(client, server), clientPort, serverPort, startNanos);
    }

    private static long mix(long x) {
        x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
        x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return x ^ (x >>> 33);
    }

    private Peer peer(Side s) {
        return s == Side.CLIENT ? client : server;
    }

    private Peer other(Side s) {
        return s == Side.CLIENT ? server : client;
    }

    // ---- settings ----

    /** Sets both initial sequence numbers (before the handshake). */
    public void isn(long clientIsn, long serverIsn) {
        client.isn = clientIsn & 0xffffffffL;
        client.next = client.isn;
        server.isn = serverIsn & 0xffffffffL;
        server.next = server.isn;
    }

    /** The TTL (or hop limit) each side's packets have when they reach the capture point. */
    public void ttl(int clientTtl, int serverTtl) {
        client.ttl = clientTtl;
        server.ttl = serverTtl;
    }

    /** Whether both sides offer the timestamp option (on by default, as Linux does). */
    public void timestamps(boolean on) {
        client.timestamps = on;
        server.timestamps = on;
    }

    /** The TTL (or hop limit) of {@code side}'s packets from now on, e.g. after a route change. */
    public void ttl(Side side, int ttl) {
        peer(side).ttl = ttl;
    }

    /**
     * Which options {@code side} offers in its SYN or SYN/ACK (all three by default, as Linux does).
     * A SYN/ACK carries an option only when the SYN offered it too, and data segments carry timestamps
     * and scale their window only when both sides offered them (RFC 7323 §1.3 and §2.2, RFC 2018).
     */
    public void offer(Side side, boolean sackPermitted, boolean timestamps, boolean windowScale) {
        Peer p = peer(side);
        p.sackPermitted = sackPermitted;
        p.timestamps = timestamps;
        p.windowScale = windowScale;
    }

    /** {@code side}'s receive window in bytes and the shift it offers (Windows: 65535 and 8). */
    public void window(Side side, int bytes, int shift) {
        peer(side).window = bytes;
        peer(side).wscale = shift;
    }

    /** The round-trip time between the endpoints, used by {@link #handshake()} and acknowledgments. */
    public void rtt(long nanos) {
        rttNanos = nanos;
    }

    /** Makes one side send IP ID 0 (as Linux does on DF packets of connected sockets). */
    public void zeroIpId(Side side) {
        peer(side).idStep = 0;
        peer(side).ipId = 0;
    }

    /** Moves the clock forward. */
    public void advance(long nanos) {
        now += nanos;
    }

    /** The current time in nanoseconds. */
    public long now() {
        return now;
    }

    /** The next sequence number {@code side} will send (SND.NXT). */
    public long nextSeq(Side side) {
        return peer(side).next;
    }

    /** The IP ID {@code side}'s next segment will carry. */
    public int nextIpId(Side side) {
        return peer(side).ipId;
    }

    /** The next sequence number {@code side} expects from its peer (RCV.NXT). */
    public long rcvNext(Side side) {
        return peer(side).rcvNext;
    }

    // ---- the life of a connection ----

    /** SYN, SYN/ACK and ACK, half an RTT apart at a capture point in the middle. */
    public void handshake() {
        syn();
        advance(rttNanos / 2);
        synAck();
        advance(rttNanos / 2);
        ack(Side.CLIENT);
    }

    /** The client's SYN with MSS, SACK-permitted, timestamps and window scale (Linux's order). */
    public void syn() {
        syn(0);
    }

    /**
     * A SYN with more flags beside SYN ({@code FIN}, {@code RST}, {@code URG}, {@code ECE | CWR}), as a
     * crafted probe or an ECN-setup SYN sends it. A FIN beside the SYN takes a sequence number too.
     */
    public void syn(int moreFlags) {
        client.next = client.isn;
        emit(Side.CLIENT, Frames.SYN | moreFlags, client.isn, 0, 0, client.window, true);
        client.next = client.isn + 1 + ((moreFlags & Frames.FIN) != 0 ? 1 : 0);
    }

    /** The server's SYN/ACK. */
    public void synAck() {
        server.rcvNext = client.isn + 1;
        server.next = server.isn;
        emit(Side.SERVER, Frames.SYN | Frames.ACK, server.isn, server.rcvNext, 0, server.window, true);
        server.next = server.isn + 1;
        client.rcvNext = server.next;
    }

    /** A pure ACK from {@code side} of everything it has received. */
    public void ack(Side side) {
        Peer p = peer(side);
        emit(side, Frames.ACK, p.next, p.rcvNext, 0, scaled(p), false);
    }

    /**
     * {@code side} sends {@code bytes} of payload in MSS-sized segments (PSH on the last), and the peer
     * acknowledges every second segment and the last one, as delayed ACKs do.
     */
    public void send(Side side, int bytes) {
        Peer p = peer(side);
        Peer o = other(side);
        int segments = 0;
        while (bytes > 0) {
            int len = Math.min(bytes, o.mss);
            bytes -= len;
            emit(side, Frames.ACK | (bytes == 0 ? Frames.PSH : 0), p.next, p.rcvNext, len, scaled(p), false);
            p.next += len;
            o.rcvNext = p.next;
            segments++;
            advance(50_000L);
            if (bytes == 0 || segments % 2 == 0) {
                advance(rttNanos / 2);
                ack(side == Side.CLIENT ? Side.SERVER : Side.CLIENT);
            }
        }
    }

    /**
     * A retransmission: {@code side} sends {@code bytes} again from {@code seq}, an earlier sequence
     * number, with its current acknowledgment; SND.NXT does not move.
     */
    public void retransmit(Side side, long seq, int bytes) {
        Peer p = peer(side);
        emit(side, Frames.ACK | Frames.PSH, seq, p.rcvNext, bytes, scaled(p), false);
    }

    /**
     * A keep-alive probe as Linux sends it: an ACK with no payload and seq = SND.NXT − 1, a sequence
     * number the peer has already acknowledged, so a live peer answers with an ACK (RFC 1122 §4.2.3.6).
     */
    public void keepAlive(Side side) {
        Peer p = peer(side);
        emit(side, Frames.ACK, p.next - 1, p.rcvNext, 0, scaled(p), false);
    }

    /**
     * {@code side} sends {@code bytes} that are lost before the capture point: SND.NXT moves, nothing is
     * written, and the peer does not receive them.
     */
    public void lose(Side side, int bytes) {
        peer(side).next += bytes;
    }

    /** {@code side} sends payload without waiting for any acknowledgment (data still in flight). */
    public void sendUnacked(Side side, int bytes) {
        Peer p = peer(side);
        emit(side, Frames.ACK | Frames.PSH, p.next, p.rcvNext, bytes, scaled(p), false);
        p.next += bytes;
    }

    /** {@code side} sends a FIN/ACK. */
    public void fin(Side side) {
        Peer p = peer(side);
        emit(side, Frames.FIN | Frames.ACK, p.next, p.rcvNext, 0, scaled(p), false);
        p.next += 1;
        other(side).rcvNext = p.next;
    }

    /** An orderly close started by {@code side}: FIN, the peer's FIN, the last ACK. */
    public void close(Side side) {
        Side peerSide = side == Side.CLIENT ? Side.SERVER : Side.CLIENT;
        fin(side);
        advance(rttNanos / 2);
        fin(peerSide);
        advance(rttNanos / 2);
        ack(side);
    }

    /**
     * An active reset, as {@code close()} with SO_LINGER 0 or with unread data sends it on Linux:
     * RST|ACK with seq = SND.NXT, the current window and the timestamp option when negotiated.
     */
    public void abort(Side side) {
        Peer p = peer(side);
        emit(side, Frames.RST | Frames.ACK, p.next, p.rcvNext, 0, scaled(p), false);
    }

    /**
     * A passive reset from {@code side} in reply to a segment that carried {@code ackOfSegment}: a bare
     * RST with seq = that acknowledgment, window 0, no options and IP ID 0 (RFC 9293 §3.10.7.1 and
     * what Linux sends).
     */
    public void replyReset(Side side, long ackOfSegment) {
        emitRaw(side, Frames.RST, ackOfSegment, 0, 0, 0, false, peer(side).ttl, 0);
    }

    /**
     * The refusal of a SYN by a closed port: RST|ACK with seq 0 and ack = the SYN's sequence number plus
     * its length (ISN+1, or ISN+2 for a SYN that also carried FIN), window 0, IP ID 0
     * (RFC 9293 §3.10.7.1).
     */
    public void refuse() {
        emitRaw(Side.SERVER, Frames.RST | Frames.ACK, 0, client.next, 0, 0, false, server.ttl, 0);
    }

    /**
     * Any segment, fully specified: for what a middlebox forges or a broken stack sends.
     *
     * @param from      whose addresses the segment carries
     * @param flags     TCP flags
     * @param seq       sequence number
     * @param ack       acknowledgment number
     * @param payload   payload bytes (zeros)
     * @param window    raw window field
     * @param tsOption  whether to carry the timestamp option
     * @param ttl       TTL or hop limit at the capture point
     * @param ipId      IPv4 identification
     */
    public void emitRaw(Side from, int flags, long seq, long ack, int payload, int window, boolean tsOption,
                        int ttl, int ipId) {
        write(from, flags, seq, ack, payload, window, tsOption ? timestampOption(peer(from)) : null, ttl, ipId,
                true);
    }

    /**
     * Any segment with any TCP options (padded to 4 bytes; {@code null} for none) and the IPv4
     * don't-fragment bit as given: for crafted probes and middleboxes that build packets their own way.
     * The IP ID and DF are ignored on IPv6.
     */
    public void emitRaw(Side from, int flags, long seq, long ack, int payload, int window, byte[] options,
                        int ttl, int ipId, boolean df) {
        write(from, flags, seq, ack, payload, window, options == null ? null : pad(options), ttl, ipId, df);
    }

    /**
     * A reset (or any segment) carrying {@code payload} as its data, as an RST diagnostic payload or a
     * vendor's reset text is sent (RFC 9293 §3.5.3 allows data on a reset):
     * {@code c.emitPayload(SERVER, Frames.RST | Frames.ACK, seq, ack, 0, Frames.ascii("BIG-IP: ..."), 243, 0x1234, true)}.
     */
    public void emitPayload(Side from, int flags, long seq, long ack, int window, byte[] payload, int ttl, int ipId,
                            boolean df) {
        write(from, flags, seq, ack, payload, window, null, ttl, ipId, df);
    }

    private int scaled(Peer p) {
        boolean scaling = client.windowScale && server.windowScale;
        return Math.min(0xffff, p.window >> (scaling ? Math.max(0, p.wscale) : 0));
    }

    private void emit(Side from, int flags, long seq, long ack, int payload, int window, boolean synOptions) {
        Peer p = peer(from);
        byte[] options;
        if (synOptions) {
            // A SYN/ACK answers only the options the SYN offered (RFC 7323 §2.2 and §3.2, RFC 2018 §2).
            Peer o = other(from);
            boolean answer = (flags & Frames.ACK) != 0;
            boolean sack = p.sackPermitted && (!answer || o.sackPermitted);
            boolean ts = p.timestamps && (!answer || o.timestamps);
            boolean ws = p.windowScale && (!answer || o.windowScale);
            // Linux's layouts: MSS, SACK-permitted, timestamps, NOP, window scale (20 bytes); without
            // timestamps MSS, NOP, NOP, SACK-permitted, NOP, window scale (12 bytes).
            byte[] none = new byte[0];
            options = Frames.concat(Frames.mss(p.mss),
                    sack ? (ts ? Frames.sackPermitted() : Frames.concat(Frames.nop(), Frames.nop(),
                            Frames.sackPermitted())) : none,
                    ts ? timestamps(p) : none,
                    ws ? Frames.concat(Frames.nop(), Frames.wscale(p.wscale)) : none);
            options = pad(options);
        } else {
            options = p.timestamps && other(from).timestamps ? timestampOption(p) : null;
        }
        int id = p.ipId;
        p.ipId = (p.ipId + p.idStep) & 0xffff;
        write(from, flags, seq, ack, payload, window, options, p.ttl, id, true);
    }

    /** The timestamp option aligned by two NOPs, as on every segment after the SYNs (RFC 7323 appendix A). */
    private byte[] timestampOption(Peer p) {
        return Frames.concat(Frames.nop(), Frames.nop(), timestamps(p));
    }

    private byte[] timestamps(Peer p) {
        // The clock ticks at 1 kHz (Linux); TSecr echoes the peer's latest TSval (RFC 7323 §4.3).
        long tsval = (p.tsClock + now / 1_000_000L) & 0xffffffffL;
        Peer o = p == client ? server : client;
        long tsecr = Math.max(0, o.lastTsval);
        p.lastTsval = tsval;
        return Frames.timestamps(tsval, tsecr);
    }

    private static byte[] pad(byte[] options) {
        int n = (options.length + 3) & ~3;
        if (n == options.length) {
            return options;
        }
        byte[] out = new byte[n];
        System.arraycopy(options, 0, out, 0, options.length);
        for (int i = options.length; i < n; i++) {
            out[i] = 1;
        }
        return out;
    }

    private void write(Side from, int flags, long seq, long ack, int payload, int window, byte[] options,
                       int ttl, int ipId, boolean df) {
        write(from, flags, seq, ack, payload == 0 ? new byte[0] : java.util.Arrays.copyOf(ZEROS, payload), window,
                options, ttl, ipId, df);
    }

    private void write(Side from, int flags, long seq, long ack, byte[] body, int window, byte[] options,
                       int ttl, int ipId, boolean df) {
        boolean fromClient = from == Side.CLIENT;
        Frames.Tcp tcp = Frames.tcp(fromClient ? clientPort : serverPort, fromClient ? serverPort : clientPort)
                .seq(seq & 0xffffffffL).ack(ack & 0xffffffffL).flags(flags).window(window);
        if (options != null) {
            tcp = tcp.options(options);
        }
        byte[] ip;
        int etherType;
        if (v4 != null) {
            Frames.Ipv4 h = (fromClient ? v4 : v4.reversed()).ttl(ttl).id(ipId & 0xffff).df(df);
            ip = h.tcp(tcp, body);
            etherType = Frames.ETHERTYPE_IPV4;
        } else {
            Frames.Ipv6 h = (fromClient ? v6 : v6.reversed()).hopLimit(ttl);
            ip = h.tcp(tcp, body);
            etherType = Frames.ETHERTYPE_IPV6;
        }
        byte[] frame = Frames.ethernet(fromClient ? SERVER_MAC : CLIENT_MAC, fromClient ? CLIENT_MAC : SERVER_MAC,
                etherType, ip);
        sink.frame(now, frame);
    }
}
