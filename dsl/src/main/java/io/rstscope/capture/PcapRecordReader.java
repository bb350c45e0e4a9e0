package io.rstscope.capture;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Classic libpcap files: a 24-byte header, then 16-byte record headers each followed by the captured
 * bytes. The magic gives both the byte order and the timestamp resolution.
 */
final class PcapRecordReader implements RecordReader {

    static final int MAGIC_US = 0xa1b2c3d4;
    static final int MAGIC_NS = 0xa1b23c4d;
    /** Largest record libpcap and Wireshark accept for ordinary link types (wiretap's standard maximum). */
    static final int MAX_RECORD = 262144;

    private final ByteSource src;
    private final Path file;
    private final boolean bigEndian;
    private final boolean nanos;
    private final int linkType;
    private long records;

    PcapRecordReader(ByteSource src, Path file) throws IOException {
        this.src = src;
        this.file = file;
        if (!src.ensure(24)) {
            throw new CaptureFormatException(file, 0, 0,
                    "file is " + src.available() + " bytes long, shorter than the 24-byte pcap header");
        }
        byte[] b = src.buf;
        int p = src.pos;
        int magicBe = ByteSource.be32(b, p);
        int magicLe = Integer.reverseBytes(magicBe);
        if (magicBe == MAGIC_US || magicBe == MAGIC_NS) {
            bigEndian = true;
            nanos = magicBe == MAGIC_NS;
        } else if (magicLe == MAGIC_US || magicLe == MAGIC_NS) {
            bigEndian = false;
            nanos = magicLe == MAGIC_NS;
        } else {
            throw new IllegalStateException("not a pcap magic");
        }
        int major = ByteSource.u16(b, p + 4, bigEndian);
        int minor = ByteSource.u16(b, p + 6, bigEndian);
        if (major != 2) {
            throw new CaptureFormatException(file, 0, 4,
                    "pcap version " + major + "." + minor + " is not supported (expected 2.x)");
        }
        // The upper bits of the link-type field carry FCS information (pcap spec, LinkType field).
        linkType = ByteSource.i32(b, p + 20, bigEndian) & 0x03ffffff;
        src.pos += 24;
    }

    @Override
    public boolean next(RawRecord r) throws IOException {
        if (!src.ensure(16)) {
            int left = src.available();
            if (left == 0) {
                return false;
            }
            throw new CaptureFormatException(file, records + 1, src.offset(),
                    "file ends inside a record header (" + left + " of 16 bytes)");
        }
        byte[] b = src.buf;
        int p = src.pos;
        long sec = ByteSource.i32(b, p, bigEndian) & 0xffffffffL;
        long frac = ByteSource.i32(b, p + 4, bigEndian) & 0xffffffffL;
        long incl = ByteSource.i32(b, p + 8, bigEndian) & 0xffffffffL;
        long orig = ByteSource.i32(b, p + 12, bigEndian) & 0xffffffffL;
        long at = src.offset();
        if (incl > MAX_RECORD) {
            throw new CaptureFormatException(file, records + 1, at,
                    "record header claims " + incl + " captured bytes, more than the maximum of " + MAX_RECORD);
        }
        if (!src.ensure(16 + (int) incl)) {
            throw new CaptureFormatException(file, records + 1, at,
                    "file ends inside the packet: record claims " + incl + " captured bytes, "
                            + Math.max(0, src.available() - 16) + " are left");
        }
        b = src.buf;
        p = src.pos;
        records++;
        r.iface = 0;
        r.linkType = linkType;
        r.tsNanos = sec * 1_000_000_000L + (nanos ? frac : frac * 1000L);
        r.capLen = (int) incl;
        r.origLen = (int) Math.min(Math.max(orig, incl), Integer.MAX_VALUE);
        r.data = b;
        r.off = p + 16;
        r.fileOffset = at;
        src.pos = p + 16 + (int) incl;
        return true;
    }

    @Override
    public CaptureFormat format() {
        return nanos ? CaptureFormat.PCAP_NSEC : CaptureFormat.PCAP;
    }

    @Override
    public int[] linkTypes() {
        return new int[] {linkType};
    }
}
