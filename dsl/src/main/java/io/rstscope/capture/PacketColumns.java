package io.rstscope.capture;

import java.util.Arrays;

/**
 * The TCP packets of a capture, one primitive array per field, in file order. This is what the
 * {@code packets} table is built from; it costs a few dozen bytes per packet and no object.
 * Unsigned 32-bit fields (seq, ack, tsval, tsecr) are held in ints; read them with
 * {@link Integer#toUnsignedLong(int)}. Absent values are -1.
 */
public final class PacketColumns implements PacketSink {

    private final AddressTable addresses;
    private int size;
    private int[] frame;
    private long[] ts;
    private long[] fileOffset;
    private short[] iface;
    private byte[] ipVersion;
    private int[] src;
    private int[] dst;
    private char[] sport;
    private char[] dport;
    private short[] flags;
    private int[] seq;
    private int[] ack;
    private char[] win;
    private int[] payloadLen;
    private int[] ipLen;
    private short[] ttl;
    private int[] ipId;
    private short[] tos;
    private byte[] bits;
    private int[] mss;
    private byte[] wscale;
    private int[] tsval;
    private int[] tsecr;

    static final int BIT_DF = 1, BIT_SACK_PERM = 2, BIT_TS = 4, BIT_FRAGMENT = 8;

    /** Empty columns whose addresses are interned in {@code addresses}. */
    public PacketColumns(AddressTable addresses) {
        this.addresses = addresses;
        allocate(1024);
    }

    private void allocate(int n) {
        frame = Arrays.copyOf(frame == null ? new int[0] : frame, n);
        ts = Arrays.copyOf(ts == null ? new long[0] : ts, n);
        fileOffset = Arrays.copyOf(fileOffset == null ? new long[0] : fileOffset, n);
        iface = Arrays.copyOf(iface == null ? new short[0] : iface, n);
        ipVersion = Arrays.copyOf(ipVersion == null ? new byte[0] : ipVersion, n);
        src = Arrays.copyOf(src == null ? new int[0] : src, n);
        dst = Arrays.copyOf(dst == null ? new int[0] : dst, n);
        sport = Arrays.copyOf(sport == null ? new char[0] : sport, n);
        dport = Arrays.copyOf(dport == null ? new char[0] : dport, n);
        flags = Arrays.copyOf(flags == null ? new short[0] : flags, n);
        seq = Arrays.copyOf(seq == null ? new int[0] : seq, n);
        ack = Arrays.copyOf(ack == null ? new int[0] : ack, n);
        win = Arrays.copyOf(win == null ? new char[0] : win, n);
        payloadLen = Arrays.copyOf(payloadLen == null ? new int[0] : payloadLen, n);
        ipLen = Arrays.copyOf(ipLen == null ? new int[0] : ipLen, n);
        ttl = Arrays.copyOf(ttl == null ? new short[0] : ttl, n);
        ipId = Arrays.copyOf(ipId == null ? new int[0] : ipId, n);
        tos = Arrays.copyOf(tos == null ? new short[0] : tos, n);
        bits = Arrays.copyOf(bits == null ? new byte[0] : bits, n);
        mss = Arrays.copyOf(mss == null ? new int[0] : mss, n);
        wscale = Arrays.copyOf(wscale == null ? new byte[0] : wscale, n);
        tsval = Arrays.copyOf(tsval == null ? new int[0] : tsval, n);
        tsecr = Arrays.copyOf(tsecr == null ? new int[0] : tsecr, n);
    }

    /** Appends the packet when it is a decoded TCP segment; other packets are not rows. */
    @Override
    public void accept(DecodedPacket p) {
        if (!p.tcp) {
            return;
        }
        int i = size;
        if (i == frame.length) {
            allocate(i + (i >> 1));
        }
        frame[i] = (int) p.frame;
        ts[i] = p.tsNanos;
        fileOffset[i] = p.fileOffset;
        iface[i] = (short) p.iface;
        ipVersion[i] = (byte) p.ipVersion;
        src[i] = addresses.intern(p.srcHi, p.srcLo);
        dst[i] = addresses.intern(p.dstHi, p.dstLo);
        sport[i] = (char) p.sport;
        dport[i] = (char) p.dport;
        flags[i] = (short) p.flags;
        seq[i] = p.seq;
        ack[i] = p.ack;
        win[i] = (char) p.win;
        payloadLen[i] = p.payloadLen;
        ipLen[i] = p.ipLen;
        ttl[i] = (short) p.ttl;
        ipId[i] = p.ipId;
        tos[i] = (short) p.tos;
        bits[i] = (byte) ((p.df ? BIT_DF : 0) | (p.sackPerm ? BIT_SACK_PERM : 0) | (p.tsPresent ? BIT_TS : 0)
                | (p.fragment ? BIT_FRAGMENT : 0));
        mss[i] = p.mss;
        wscale[i] = (byte) p.wscale;
        tsval[i] = p.tsval;
        tsecr[i] = p.tsecr;
        size = i + 1;
    }

    /** Grows every array to hold {@code rows} rows, so a large read resizes once instead of many times. */
    public void ensureCapacity(int rows) {
        if (rows > frame.length) {
            allocate(rows);
        }
    }

    /** The address table the src/dst ids refer to. */
    public AddressTable addresses() { return addresses; }
    /** Number of rows. */
    public int size() { return size; }
    /** 1-based packet number in the file. */
    public int frame(int row) { return frame[row]; }
    /** Timestamp, ns since the epoch. */
    public long ts(int row) { return ts[row]; }
    /** Offset of the packet's record in the file. */
    public long fileOffset(int row) { return fileOffset[row]; }
    /** pcapng interface id. */
    public int iface(int row) { return iface[row]; }
    /** 4 or 6. */
    public int ipVersion(int row) { return ipVersion[row]; }
    /** Source address id in {@link #addresses()}. */
    public int src(int row) { return src[row]; }
    /** Destination address id in {@link #addresses()}. */
    public int dst(int row) { return dst[row]; }
    /** Source port. */
    public int sport(int row) { return sport[row]; }
    /** Destination port. */
    public int dport(int row) { return dport[row]; }
    /** TCP flags (see {@link DecodedPacket#SYN}...). */
    public int flags(int row) { return flags[row]; }
    /** Sequence number, unsigned in an int. */
    public int seq(int row) { return seq[row]; }
    /** Acknowledgment number, unsigned in an int. */
    public int ack(int row) { return ack[row]; }
    /** Raw window. */
    public int win(int row) { return win[row]; }
    /** TCP payload bytes. */
    public int payloadLen(int row) { return payloadLen[row]; }
    /** IP length from the IP header. */
    public int ipLen(int row) { return ipLen[row]; }
    /** TTL or hop limit. */
    public int ttl(int row) { return ttl[row]; }
    /** IPv4 identification, -1 when absent. */
    public int ipId(int row) { return ipId[row]; }
    /** TOS / traffic class. */
    public int tos(int row) { return tos[row]; }
    /** IPv4 Don't Fragment. */
    public boolean df(int row) { return (bits[row] & BIT_DF) != 0; }
    /** SACK-permitted option. */
    public boolean sackPerm(int row) { return (bits[row] & BIT_SACK_PERM) != 0; }
    /** Timestamp option present. */
    public boolean tsPresent(int row) { return (bits[row] & BIT_TS) != 0; }
    /** Part of a fragmented IP packet. */
    public boolean fragment(int row) { return (bits[row] & BIT_FRAGMENT) != 0; }
    /** MSS option, -1 when absent. */
    public int mss(int row) { return mss[row]; }
    /** Window-scale shift, -1 when absent. */
    public int wscale(int row) { return wscale[row]; }
    /** TSval, unsigned in an int. */
    public int tsval(int row) { return tsval[row]; }
    /** TSecr, unsigned in an int. */
    public int tsecr(int row) { return tsecr[row]; }
}
