package io.rstscope.capture;

/**
 * The decoded headers of the current packet. One instance is reused for every packet of a read, so a
 * {@link PacketSink} must copy what it keeps; nothing here is valid after the sink returns.
 *
 * <p>Addresses are 128-bit values in two longs; IPv4 addresses are held in their IPv4-mapped IPv6 form
 * ({@code ::ffff:a.b.c.d}, RFC 4291 §2.5.5.2) so that both families share one key space.
 * Fields that were not present in the packet hold -1 (for example {@link #mss()} without the MSS option).
 */
public final class DecodedPacket implements Cloneable {

    /** TCP flag bits as they sit in the 12 bits after the data offset (RFC 9293 §3.1, RFC 3168, RFC 9768 AE). */
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20,
            ECE = 0x40, CWR = 0x80, AE = 0x100;

    long frame;
    long tsNanos;
    int iface;
    int linkType;
    int capLen;
    int origLen;
    long fileOffset;

    int ipVersion;
    long srcHi, srcLo, dstHi, dstLo;
    int ipId;
    int ttl;
    int tos;
    boolean df;
    boolean fragment;
    int ipLen;
    int ipProto;
    int tunnels;

    /** True when a TCP header was announced by the (first-fragment) IP layer: tshark's {@code tcp}. */
    boolean tcpSeen;
    /** True when the TCP flags byte was captured. */
    boolean flagsSeen;
    /** True when the whole fixed TCP header is present and valid: the packet joins the packets table. */
    boolean tcp;
    int sport, dport;
    int seq, ack;
    int flags;
    int win;
    int urgent;
    int tcpHeaderLen;
    int payloadLen;
    int capturedPayloadLen;
    int mss;
    int wscale;
    boolean sackPerm;
    int sackBlocks;
    boolean tsPresent;
    int tsval, tsecr;
    /** Whether the segment carries a TCP-MD5 signature (RFC 2385, kind 19) or TCP-AO (RFC 5925, kind 29). */
    boolean authOption;
    /** The buffer holding the packet, and where its TCP payload starts in it (valid while the sink runs). */
    byte[] data;
    int payloadOffset;

    IssueKind problem;
    String problemFormat;
    long problemA, problemB;

    /**
     * Copies this packet into {@code into}, keeping at most {@code payloadKept} bytes of its payload
     * (copied only then): how the reader hands packets to the threads that track them without allocating
     * a packet each time. {@code into.payload(n)} then answers for
     * {@code n <= payloadKept}: {@code p.copyTo(slot, p.flags() == DecodedPacket.RST ? 256 : 0)}.
     */
    public void copyTo(DecodedPacket into, int payloadKept) {
        into.frame = frame;
        into.tsNanos = tsNanos;
        into.iface = iface;
        into.linkType = linkType;
        into.capLen = capLen;
        into.origLen = origLen;
        into.fileOffset = fileOffset;
        into.ipVersion = ipVersion;
        into.srcHi = srcHi;
        into.srcLo = srcLo;
        into.dstHi = dstHi;
        into.dstLo = dstLo;
        into.ipId = ipId;
        into.ttl = ttl;
        into.tos = tos;
        into.df = df;
        into.fragment = fragment;
        into.ipLen = ipLen;
        into.ipProto = ipProto;
        into.tunnels = tunnels;
        into.tcpSeen = tcpSeen;
        into.flagsSeen = flagsSeen;
        into.tcp = tcp;
        into.sport = sport;
        into.dport = dport;
        into.seq = seq;
        into.ack = ack;
        into.flags = flags;
        into.win = win;
        into.urgent = urgent;
        into.tcpHeaderLen = tcpHeaderLen;
        into.payloadLen = payloadLen;
        into.capturedPayloadLen = capturedPayloadLen;
        into.mss = mss;
        into.wscale = wscale;
        into.sackPerm = sackPerm;
        into.sackBlocks = sackBlocks;
        into.tsPresent = tsPresent;
        into.tsval = tsval;
        into.tsecr = tsecr;
        into.authOption = authOption;
        into.problem = problem;
        into.problemFormat = problemFormat;
        into.problemA = problemA;
        into.problemB = problemB;
        int n = data == null ? 0 : Math.max(0, Math.min(payloadKept, Math.min(capturedPayloadLen, data.length - payloadOffset)));
        into.data = n == 0 ? null : java.util.Arrays.copyOfRange(data, payloadOffset, payloadOffset + n);
        into.payloadOffset = 0;
    }

    /**
     * An independent copy: the reader hands every sink the same object, refilled for each record, so a
     * sink that keeps a packet past its call keeps a copy: {@code kept.add(p.copy())}.
     */
    public DecodedPacket copy() {
        try {
            DecodedPacket c = (DecodedPacket) clone();
            // The buffer is the reader's and is refilled: the copy keeps its own payload bytes.
            c.data = data == null ? null : payload(Integer.MAX_VALUE);
            c.payloadOffset = 0;
            return c;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    void reset() {
        ipVersion = 0;
        srcHi = srcLo = dstHi = dstLo = 0;
        ipId = -1;
        ttl = -1;
        tos = -1;
        df = false;
        fragment = false;
        ipLen = 0;
        ipProto = -1;
        tunnels = 0;
        tcpSeen = flagsSeen = tcp = false;
        sport = dport = -1;
        seq = ack = 0;
        flags = 0;
        win = -1;
        urgent = 0;
        tcpHeaderLen = 0;
        payloadLen = 0;
        capturedPayloadLen = 0;
        mss = -1;
        wscale = -1;
        sackPerm = false;
        sackBlocks = 0;
        tsPresent = false;
        tsval = tsecr = 0;
        authOption = false;
        data = null;
        payloadOffset = 0;
        problem = null;
        problemFormat = null;
    }

    /** 1-based packet number in the file. */
    public long frame() { return frame; }
    /** Timestamp in nanoseconds since the epoch. */
    public long tsNanos() { return tsNanos; }
    /** pcapng interface id (0 for pcap). */
    public int iface() { return iface; }
    /** The LINKTYPE_ number of the packet's interface. */
    public int linkType() { return linkType; }
    /** Bytes captured. */
    public int capLen() { return capLen; }
    /** Bytes on the wire. */
    public int origLen() { return origLen; }
    /** Offset of the packet's record in the file. */
    public long fileOffset() { return fileOffset; }
    /** 4 or 6 for the innermost IP header decoded, 0 when the packet is not IP. */
    public int ipVersion() { return ipVersion; }
    /** Upper 64 bits of the source address. */
    public long srcHi() { return srcHi; }
    /** Lower 64 bits of the source address. */
    public long srcLo() { return srcLo; }
    /** Upper 64 bits of the destination address. */
    public long dstHi() { return dstHi; }
    /** Lower 64 bits of the destination address. */
    public long dstLo() { return dstLo; }
    /** IPv4 identification, or the IPv6 fragment header's identification; -1 when absent. */
    public int ipId() { return ipId; }
    /** IPv4 TTL or IPv6 hop limit. */
    public int ttl() { return ttl; }
    /** IPv4 TOS byte or IPv6 traffic class. */
    public int tos() { return tos; }
    /** IPv4 Don't Fragment bit. */
    public boolean df() { return df; }
    /** True for any IP fragment (first or not). */
    public boolean fragment() { return fragment; }
    /** The IP packet's length as its header states it (IPv4 total length, IPv6 40 + payload length). */
    public int ipLen() { return ipLen; }
    /** Encapsulation levels passed through (IP-in-IP and the like) before the IP header decoded. */
    public int tunnels() { return tunnels; }
    /** True when the packet is a TCP segment whose fixed header was decoded. */
    public boolean tcp() { return tcp; }
    /** TCP source port. */
    public int sport() { return sport; }
    /** TCP destination port. */
    public int dport() { return dport; }
    /** Sequence number (unsigned 32 bits held in an int). */
    public int seq() { return seq; }
    /** Acknowledgment number (unsigned 32 bits held in an int). */
    public int ack() { return ack; }
    /** TCP flags, see {@link #SYN} and friends. */
    public int flags() { return flags; }
    /** Raw (unscaled) window. */
    public int win() { return win; }
    /** Urgent pointer. */
    public int urgent() { return urgent; }
    /** TCP header length in bytes, options included. */
    public int tcpHeaderLen() { return tcpHeaderLen; }
    /** TCP payload bytes as the IP header states them (not only those captured). */
    public int payloadLen() { return payloadLen; }
    /**
     * TCP payload bytes actually captured (at most {@link #payloadLen()}, less when the snap length cut the
     * segment); negative when even the TCP options were cut.
     */
    public int capturedPayloadLen() { return capturedPayloadLen; }
    /** Whether the segment carries a TCP-MD5 signature (RFC 2385) or a TCP-AO option (RFC 5925). */
    public boolean authOption() { return authOption; }

    /**
     * A copy of the captured TCP payload, at most {@code max} bytes (empty when none was captured):
     * {@code p.payload(64)}.
     */
    public byte[] payload(int max) {
        int n = data == null ? 0 : Math.max(0, Math.min(Math.min(max, capturedPayloadLen), data.length - payloadOffset));
        return data == null || n == 0 ? new byte[0] : java.util.Arrays.copyOfRange(data, payloadOffset, payloadOffset + n);
    }
    /** MSS option value, -1 when absent. */
    public int mss() { return mss; }
    /** Window scale option shift, -1 when absent. */
    public int wscale() { return wscale; }
    /** SACK-permitted option present. */
    public boolean sackPerm() { return sackPerm; }
    /** Number of SACK blocks. */
    public int sackBlocks() { return sackBlocks; }
    /** Timestamp option present. */
    public boolean tsPresent() { return tsPresent; }
    /** TSval (unsigned 32 bits in an int); meaningful when {@link #tsPresent()}. */
    public int tsval() { return tsval; }
    /** TSecr (unsigned 32 bits in an int); meaningful when {@link #tsPresent()}. */
    public int tsecr() { return tsecr; }
}
