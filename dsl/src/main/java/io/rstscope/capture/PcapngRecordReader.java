package io.rstscope.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * pcapng files (draft-ietf-opsawg-pcapng): sections, each opened by a Section Header Block that fixes
 * the byte order, holding Interface Description Blocks (each with its own link type, snap length and
 * timestamp resolution) and packet blocks (Enhanced, Simple and the obsolete Packet Block). Blocks of
 * any other type are skipped by their length.
 */
final class PcapngRecordReader implements RecordReader {

    static final int SHB = 0x0A0D0D0A;
    private static final int IDB = 1;
    private static final int OPB = 2;
    private static final int SPB = 3;
    private static final int EPB = 6;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    /** A block larger than this is taken for damage (Wireshark's own limit is of the same order). */
    static final int MAX_BLOCK = 16 << 20;

    private final ByteSource src;
    private final Path file;
    private boolean bigEndian;
    private long packets;

    // Per interface of the current section.
    private int ifaceCount;
    private int[] ifLinkType = new int[4];
    private int[] ifSnapLen = new int[4];
    private long[] ifTsMul = new long[4];
    private long[] ifTsDiv = new long[4];
    private int[] ifTsShift = new int[4];
    private long[] ifTsOffsetNs = new long[4];
    /** End offset of the first section header block, 0 until it is read. */
    private long firstBlockEnd = Long.MAX_VALUE;
    /** Every link type seen, across sections. */
    private int[] allLinkTypes = new int[0];

    PcapngRecordReader(ByteSource src, Path file) {
        this.src = src;
        this.file = file;
    }

    @Override
    public boolean next(RawRecord r) throws IOException {
        while (true) {
            if (!src.ensure(12)) {
                int left = src.available();
                if (left == 0) {
                    return false;
                }
                throw damaged(src.offset(), "file ends inside a block header (" + left + " of 12 bytes)");
            }
            byte[] b = src.buf;
            int p = src.pos;
            long at = src.offset();
            int type = ByteSource.i32(b, p, bigEndian);
            if (type == SHB) {
                readSectionHeader(at);
                continue;
            }
            if (packets == 0 && at == 0) {
                throw damaged(at, "file does not start with a section header block");
            }
            int total = ByteSource.i32(b, p + 4, bigEndian);
            checkLength(at, total);
            if (!src.ensure(total)) {
                throw damaged(at, "file ends inside a block: the block claims " + total + " bytes, "
                        + src.available() + " are left");
            }
            b = src.buf;
            p = src.pos;
            int trailer = ByteSource.i32(b, p + total - 4, bigEndian);
            if (trailer != total) {
                throw damaged(at, "block length " + total + " does not match its trailing copy " + (trailer & 0xffffffffL));
            }
            switch (type) {
                case IDB -> {
                    readInterface(b, p, total, at);
                    src.pos = p + total;
                }
                case EPB, OPB -> {
                    boolean enhanced = type == EPB;
                    if (total < 32) {
                        throw damaged(at, "packet block of " + total + " bytes is shorter than its 32-byte minimum");
                    }
                    int iface = enhanced ? ByteSource.i32(b, p + 8, bigEndian) : ByteSource.u16(b, p + 8, bigEndian);
                    if (iface < 0 || iface >= ifaceCount) {
                        throw damaged(at, "packet refers to interface " + (iface & 0xffffffffL) + ", the section defines "
                                + ifaceCount);
                    }
                    long ts = ((ByteSource.i32(b, p + 12, bigEndian) & 0xffffffffL) << 32)
                            | (ByteSource.i32(b, p + 16, bigEndian) & 0xffffffffL);
                    long cap = ByteSource.i32(b, p + 20, bigEndian) & 0xffffffffL;
                    long orig = ByteSource.i32(b, p + 24, bigEndian) & 0xffffffffL;
                    if (cap > total - 32) {
                        throw damaged(at, "packet claims " + cap + " captured bytes, the block holds "
                                + (total - 32));
                    }
                    fill(r, iface, ts, (int) cap, orig, b, p + 28, at);
                    src.pos = p + total;
                    return true;
                }
                case SPB -> {
                    if (ifaceCount == 0) {
                        throw damaged(at, "simple packet block before any interface description block");
                    }
                    if (total < 16) {
                        throw damaged(at, "simple packet block of " + total + " bytes is shorter than 16");
                    }
                    long orig = ByteSource.i32(b, p + 8, bigEndian) & 0xffffffffL;
                    // The captured length is implied: the original length, cut by the snap length and
                    // by the block's own size (pcapng spec, Simple Packet Block).
                    long cap = Math.min(orig, total - 16);
                    if (ifSnapLen[0] > 0) {
                        cap = Math.min(cap, ifSnapLen[0]);
                    }
                    fill(r, 0, Long.MIN_VALUE, (int) cap, orig, b, p + 12, at);
                    src.pos = p + total;
                    return true;
                }
                default -> src.pos = p + total;
            }
        }
    }

    private void fill(RawRecord r, int iface, long ts, int cap, long orig, byte[] b, int off, long at) {
        packets++;
        r.iface = iface;
        r.linkType = ifLinkType[iface];
        // A Simple Packet Block has no timestamp: it is reported as 0 (unknown).
        r.tsNanos = ts == Long.MIN_VALUE ? 0 : toNanos(iface, ts);
        r.capLen = cap;
        r.origLen = (int) Math.min(Math.max(orig, cap), Integer.MAX_VALUE);
        r.data = b;
        r.off = off;
        r.fileOffset = at;
    }

    private long toNanos(int iface, long ts) {
        long ns;
        int shift = ifTsShift[iface];
        if (shift > 0) {
            // Binary resolution 2^-shift: whole seconds plus the fraction scaled with 128-bit arithmetic.
            long secs = ts >>> shift;
            long frac = ts & ((1L << shift) - 1);
            long hi = Math.multiplyHigh(frac, 1_000_000_000L);
            long lo = frac * 1_000_000_000L;
            ns = secs * 1_000_000_000L + ((hi << (64 - shift)) | (lo >>> shift));
        } else if (ifTsDiv[iface] > 1) {
            ns = ts / ifTsDiv[iface];
        } else {
            ns = ts * ifTsMul[iface];
        }
        return ns + ifTsOffsetNs[iface];
    }

    private void checkLength(long at, int total) {
        if (total < 12 || (total & 3) != 0 || total > MAX_BLOCK) {
            throw damaged(at, "block length " + (total & 0xffffffffL)
                    + " is invalid (expected a multiple of 4 from 12 to " + MAX_BLOCK + ")");
        }
    }

    private void readSectionHeader(long at) throws IOException {
        if (!src.ensure(28)) {
            throw damaged(at, "file ends inside a section header block (" + src.available() + " of 28 bytes)");
        }
        byte[] b = src.buf;
        int p = src.pos;
        int magic = ByteSource.be32(b, p + 8);
        if (magic == BYTE_ORDER_MAGIC) {
            bigEndian = true;
        } else if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC) {
            bigEndian = false;
        } else {
            throw damaged(at + 8, String.format("section header byte-order magic is 0x%08x (expected 0x1a2b3c4d)", magic));
        }
        int total = ByteSource.i32(b, p + 4, bigEndian);
        if (total < 28 || (total & 3) != 0 || total > MAX_BLOCK) {
            throw damaged(at, "section header block length " + (total & 0xffffffffL)
                    + " is invalid (expected a multiple of 4 from 28 to " + MAX_BLOCK + ")");
        }
        int major = ByteSource.u16(b, p + 12, bigEndian);
        int minor = ByteSource.u16(b, p + 14, bigEndian);
        if (major != 1) {
            throw damaged(at + 12, "pcapng version " + major + "." + minor + " is not supported (expected 1.x)");
        }
        if (!src.ensure(total)) {
            throw damaged(at, "file ends inside the section header block: it claims " + total + " bytes, "
                    + src.available() + " are left");
        }
        b = src.buf;
        p = src.pos;
        // Options first: an option overrunning the block says more than the trailer it overwrote.
        walkOptions(b, p, p + 24, p + total - 4, at, null);
        if (ByteSource.i32(b, p + total - 4, bigEndian) != total) {
            throw damaged(at, "block length " + total + " does not match its trailing copy "
                    + (ByteSource.i32(b, p + total - 4, bigEndian) & 0xffffffffL));
        }
        if (at == 0) {
            firstBlockEnd = total;
        }
        ifaceCount = 0;
        src.pos = p + total;
    }

    private void readInterface(byte[] b, int p, int total, long at) {
        if (total < 20) {
            throw damaged(at, "interface description block of " + total + " bytes is shorter than 20");
        }
        int i = ifaceCount;
        if (i == ifLinkType.length) {
            int n = i * 2;
            ifLinkType = Arrays.copyOf(ifLinkType, n);
            ifSnapLen = Arrays.copyOf(ifSnapLen, n);
            ifTsMul = Arrays.copyOf(ifTsMul, n);
            ifTsDiv = Arrays.copyOf(ifTsDiv, n);
            ifTsShift = Arrays.copyOf(ifTsShift, n);
            ifTsOffsetNs = Arrays.copyOf(ifTsOffsetNs, n);
        }
        ifLinkType[i] = ByteSource.u16(b, p + 8, bigEndian);
        ifSnapLen[i] = ByteSource.i32(b, p + 12, bigEndian);
        // Default resolution is microseconds (pcapng spec, if_tsresol).
        ifTsMul[i] = 1000;
        ifTsDiv[i] = 1;
        ifTsShift[i] = 0;
        ifTsOffsetNs[i] = 0;
        walkOptions(b, p, p + 16, p + total - 4, at, i);
        ifaceCount++;
        boolean known = false;
        for (int t : allLinkTypes) {
            known |= t == ifLinkType[i];
        }
        if (!known) {
            allLinkTypes = Arrays.copyOf(allLinkTypes, allLinkTypes.length + 1);
            allLinkTypes[allLinkTypes.length - 1] = ifLinkType[i];
        }
    }

    /** Checks every option lies inside the block; for an interface, applies if_tsresol and if_tsoffset. */
    private void walkOptions(byte[] b, int blockStart, int o, int end, long at, Integer iface) {
        while (o + 4 <= end) {
            int code = ByteSource.u16(b, o, bigEndian);
            int len = ByteSource.u16(b, o + 2, bigEndian);
            if (code == 0) {
                return;
            }
            int padded = (len + 3) & ~3;
            if (o + 4 + padded > end) {
                throw damaged(at + (o - blockStart), "option " + code + " of length " + len
                        + " runs past the end of its block (" + (end - o - 4) + " bytes left)");
            }
            if (iface != null) {
                int i = iface;
                if (code == 9 && len >= 1) {
                    int v = b[o + 4] & 0xff;
                    int exp = v & 0x7f;
                    if ((v & 0x80) != 0) {
                        if (exp == 0 || exp > 63) {
                            throw damaged(at + (o - blockStart), "if_tsresol 2^-" + exp + " is not supported");
                        }
                        ifTsShift[i] = exp;
                    } else if (exp <= 9) {
                        ifTsMul[i] = pow10(9 - exp);
                    } else if (exp <= 18) {
                        ifTsMul[i] = 1;
                        ifTsDiv[i] = pow10(exp - 9);
                    } else {
                        throw damaged(at + (o - blockStart), "if_tsresol 10^-" + exp + " is not supported");
                    }
                } else if (code == 14 && len == 8) {
                    ifTsOffsetNs[i] = ByteSource.i64(b, o + 4, bigEndian) * 1_000_000_000L;
                }
            }
            o += 4 + padded;
        }
    }

    private static long pow10(int n) {
        long v = 1;
        for (int k = 0; k < n; k++) {
            v *= 10;
        }
        return v;
    }

    private CaptureFormatException damaged(long at, String reason) {
        // Damage in the first section's header is damage in the file header: no packet was reached.
        long packet = packets == 0 && ifaceCount == 0 && at < firstBlockEnd ? 0 : packets + 1;
        return new CaptureFormatException(file, packet, at, reason);
    }

    @Override
    public CaptureFormat format() {
        return CaptureFormat.PCAPNG;
    }

    @Override
    public int[] linkTypes() {
        return allLinkTypes.clone();
    }
}
