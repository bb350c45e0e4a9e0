package io.rstscope.capture;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes packet captures: classic pcap and pcapng, in either byte order, any link type.
 *
 * <pre>{@code
 * // classic pcap: one link type, one resolution, one snap length for the whole file
 * try (CaptureWriter w = CaptureWriter.pcap(out, CaptureWriter.LINKTYPE_ETHERNET,
 *         Resolution.NANOS, ByteOrder.BIG_ENDIAN, 262144)) {
 *     w.write(1_704_164_645_123_456_789L, frame);          // interface 0, whole frame
 * }
 *
 * // pcapng: interfaces of their own link type, snap length and timestamp resolution
 * try (CaptureWriter w = CaptureWriter.pcapng(out, ByteOrder.LITTLE_ENDIAN)) {
 *     int eth = w.addInterface(CaptureWriter.LINKTYPE_ETHERNET, 0, Resolution.MICROS);
 *     int raw = w.addInterface(CaptureWriter.LINKTYPE_IPV4, 96, Resolution.binary(20));
 *     w.write(eth, tsNanos, frame, frame.length, frame.length);
 *     w.write(raw, tsNanos, ipPacket, 96, ipPacket.length);   // truncated by the snap length
 *     w.newSection(ByteOrder.BIG_ENDIAN);                     // interface ids start again at 0
 * }
 * }</pre>
 *
 * <p>Timestamps are given in nanoseconds since the Unix epoch and converted, rounding down, to
 * the resolution of the file or interface. The writer never buffers: wrap the stream in a
 * {@link java.io.BufferedOutputStream} for large files. {@link #position()} gives the byte offset
 * of the next record, which tests use to name where a deliberately damaged record starts.
 * Arguments that would make an invalid file (a captured length above the snap length, an unknown
 * interface) are refused with {@link IllegalArgumentException}; write damage with
 * {@link #writeRaw(byte[])}. I/O errors surface as {@link UncheckedIOException}.
 *
 * <p>pcapng references are to draft-ietf-opsawg-pcapng (the IETF draft of the format).
 */
public final class CaptureWriter implements Closeable, Flushable {

    /** LINKTYPE_NULL (0): BSD loopback, 4-byte address family in the writing host's byte order. */
    public static final int LINKTYPE_NULL = 0;
    /** LINKTYPE_ETHERNET (1): Ethernet II / 802.3 without FCS. */
    public static final int LINKTYPE_ETHERNET = 1;
    /** DLT_RAW as BSD/Linux number it (12): raw IPv4 or IPv6; found in older files. */
    public static final int DLT_RAW_12 = 12;
    /** LINKTYPE_RAW (101): raw IPv4 or IPv6, told apart by the version nibble. */
    public static final int LINKTYPE_RAW = 101;
    /** LINKTYPE_IEEE802_11 (105): 802.11 without radio header. Not decoded by rstscope. */
    public static final int LINKTYPE_IEEE802_11 = 105;
    /** LINKTYPE_LOOP (108): OpenBSD loopback, address family always big-endian. */
    public static final int LINKTYPE_LOOP = 108;
    /** LINKTYPE_LINUX_SLL (113): Linux cooked capture v1. */
    public static final int LINKTYPE_LINUX_SLL = 113;
    /** LINKTYPE_IPV4 (228): raw IPv4 only. */
    public static final int LINKTYPE_IPV4 = 228;
    /** LINKTYPE_IPV6 (229): raw IPv6 only. */
    public static final int LINKTYPE_IPV6 = 229;
    /** LINKTYPE_LINUX_SLL2 (276): Linux cooked capture v2. */
    public static final int LINKTYPE_LINUX_SLL2 = 276;

    /** pcapng option code opt_comment (§3.5), valid in every block. */
    public static final int OPT_COMMENT = 1;
    /** pcapng option code shb_userappl (§4.1). */
    public static final int SHB_USERAPPL = 4;
    /** pcapng option code if_name (§4.2). */
    public static final int IF_NAME = 2;
    /** pcapng option code epb_flags (§4.3): direction, reception type, FCS length, errors. */
    public static final int EPB_FLAGS = 2;
    /** pcapng option code of a custom binary option that may be copied (§3.5.1). */
    public static final int OPT_CUSTOM_BINARY = 2989;
    /** pcapng block type of a custom block that may be copied to a new file (§4.8). */
    public static final int BLOCK_CUSTOM_COPYABLE = 0x00000BAD;
    /** pcapng block type of a custom block that must not be copied (§4.8). */
    public static final int BLOCK_CUSTOM_NO_COPY = 0x40000BAD;

    private static final int BLOCK_SHB = 0x0A0D0D0A;
    private static final int BLOCK_IDB = 0x00000001;
    private static final int BLOCK_OPB = 0x00000002;
    private static final int BLOCK_SPB = 0x00000003;
    private static final int BLOCK_ISB = 0x00000005;
    private static final int BLOCK_EPB = 0x00000006;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int IF_TSRESOL = 9;
    private static final int OPT_ENDOFOPT = 0;
    private static final int PCAP_MAGIC_MICROS = 0xA1B2C3D4;
    private static final int PCAP_MAGIC_NANOS = 0xA1B23C4D;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /**
     * A timestamp resolution: 10^-exponent or 2^-exponent seconds per unit, encoded as the
     * pcapng {@code if_tsresol} byte (§4.2: most significant bit 0 = power of 10, 1 = power of 2).
     *
     * @param binary   whether the unit is a power of two
     * @param exponent the negated exponent, 0..127
     */
    public record Resolution(boolean binary, int exponent) {
        /** Microseconds: the pcap default and the pcapng default when {@code if_tsresol} is absent. */
        public static final Resolution MICROS = new Resolution(false, 6);
        /** Nanoseconds. */
        public static final Resolution NANOS = new Resolution(false, 9);

        /** Checks the exponent fits the 7 bits of {@code if_tsresol}. */
        public Resolution {
            if (exponent < 0 || exponent > 127) {
                throw new IllegalArgumentException("timestamp resolution exponent: expected 0..127, got " + exponent);
            }
        }

        /** Units of 10^-exponent seconds (3 = milliseconds, 9 = nanoseconds). */
        public static Resolution decimal(int exponent) {
            return new Resolution(false, exponent);
        }

        /** Units of 2^-exponent seconds (20 ≈ microseconds, 30 ≈ nanoseconds). */
        public static Resolution binary(int exponent) {
            return new Resolution(true, exponent);
        }

        /** The {@code if_tsresol} option value. */
        public int code() {
            return (binary ? 0x80 : 0) | exponent;
        }

        /** {@code tsNanos} (≥ 0) in units of this resolution, rounded down; fails past 2^64 - 1. */
        public long toUnits(long tsNanos) {
            if (tsNanos < 0) {
                throw new IllegalArgumentException("timestamp: expected nanoseconds since 1970 >= 0, got " + tsNanos);
            }
            if (!binary && exponent <= 9) {
                return tsNanos / BigInteger.TEN.pow(9 - exponent).longValueExact();
            }
            BigInteger n = BigInteger.valueOf(tsNanos);
            BigInteger units = binary
                    ? n.shiftLeft(exponent).divide(BigInteger.valueOf(NANOS_PER_SECOND))
                    : n.multiply(BigInteger.TEN.pow(exponent - 9));
            if (units.bitLength() > 64) {
                throw new IllegalArgumentException("timestamp " + tsNanos + " ns does not fit 64 bits at resolution "
                        + this);
            }
            return units.longValue();
        }

        @Override
        public String toString() {
            return (binary ? "2^-" : "10^-") + exponent + " s";
        }
    }

    /**
     * A pcapng option (§3.5): code and value; the writer adds the length and the padding.
     *
     * @param code  the option code, 1..65535 (0 is opt_endofopt, written by the writer)
     * @param value the option value as it goes on the wire
     */
    public record Option(int code, byte[] value) {
        /** Checks the code and copies the value. */
        public Option {
            if (code < 1 || code > 0xffff) {
                throw new IllegalArgumentException("pcapng option code: expected 1..65535, got " + code);
            }
            if (value.length > 0xffff) {
                throw new IllegalArgumentException("pcapng option value: at most 65535 bytes, got " + value.length);
            }
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /** An option with a UTF-8 string value (opt_comment, if_name, shb_userappl...). */
        public static Option text(int code, String text) {
            return new Option(code, text.getBytes(StandardCharsets.UTF_8));
        }

        /** An option with raw bytes. */
        public static Option bytes(int code, byte... value) {
            return new Option(code, value);
        }
    }

    private enum Format { PCAP, PCAPNG }

    private record Interface(int linkType, int snaplen, Resolution resolution) {
    }

    private final OutputStream out;
    private final Format format;
    private ByteOrder order;
    private final List<Interface> interfaces = new ArrayList<>();
    private long position;
    private boolean closed;

    private CaptureWriter(OutputStream out, Format format, ByteOrder order) {
        this.out = out;
        this.format = format;
        this.order = order;
    }

    /**
     * A classic pcap writer; writes the 24-byte file header at once. {@code resolution} must be
     * {@link Resolution#MICROS} (magic a1b2c3d4) or {@link Resolution#NANOS} (magic a1b23c4d);
     * {@code order} is the byte order of every header field.
     */
    public static CaptureWriter pcap(OutputStream out, int linkType, Resolution resolution, ByteOrder order,
            int snaplen) {
        int magic;
        if (Resolution.MICROS.equals(resolution)) {
            magic = PCAP_MAGIC_MICROS;
        } else if (Resolution.NANOS.equals(resolution)) {
            magic = PCAP_MAGIC_NANOS;
        } else {
            throw new IllegalArgumentException("pcap resolution: expected MICROS or NANOS, got " + resolution);
        }
        checkLinkType(linkType);
        if (snaplen <= 0) {
            throw new IllegalArgumentException("pcap snap length: expected > 0, got " + snaplen);
        }
        CaptureWriter w = new CaptureWriter(out, Format.PCAP, order);
        w.interfaces.add(new Interface(linkType, snaplen, resolution));
        ByteBuffer b = w.buffer(24);
        // Version 2.4, thiszone 0 and sigfigs 0 as every writer since libpcap 0.4 does; the
        // link type goes in the low 16 bits, the upper bits (FCS length) stay zero.
        b.putInt(magic).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(snaplen).putInt(linkType);
        w.emit(b.array());
        return w;
    }

    /** A little-endian, microsecond pcap writer with snap length 262144 (tcpdump's default). */
    public static CaptureWriter pcap(OutputStream out, int linkType) {
        return pcap(out, linkType, Resolution.MICROS, ByteOrder.LITTLE_ENDIAN, 262144);
    }

    /**
     * A pcapng writer; writes the first section header block at once. Add interfaces with
     * {@link #addInterface} before writing packets.
     */
    public static CaptureWriter pcapng(OutputStream out, ByteOrder order, Option... sectionOptions) {
        CaptureWriter w = new CaptureWriter(out, Format.PCAPNG, order);
        w.writeSectionHeader(sectionOptions);
        return w;
    }

    /**
     * Starts a new section (§4.1): a new section header block in {@code order}. Interfaces belong
     * to their section, so the new one has none and ids start again at 0.
     */
    public void newSection(ByteOrder newOrder, Option... sectionOptions) {
        requireFormat(Format.PCAPNG, "newSection");
        this.order = newOrder;
        interfaces.clear();
        writeSectionHeader(sectionOptions);
    }

    /**
     * Adds an interface description block (§4.2) to the current section and returns its id.
     * {@code snaplen} 0 means no limit. The {@code if_tsresol} option is written unless the
     * resolution is microseconds, which is the default a reader must assume when it is absent.
     */
    public int addInterface(int linkType, int snaplen, Resolution resolution, Option... options) {
        requireFormat(Format.PCAPNG, "addInterface");
        checkLinkType(linkType);
        if (snaplen < 0) {
            throw new IllegalArgumentException("interface snap length: expected >= 0 (0 = no limit), got " + snaplen);
        }
        List<Option> all = new ArrayList<>(List.of(options));
        if (!Resolution.MICROS.equals(resolution)) {
            all.add(Option.bytes(IF_TSRESOL, (byte) resolution.code()));
        }
        byte[] opts = options(all);
        ByteBuffer b = buffer(8 + opts.length);
        b.putShort((short) linkType).putShort((short) 0).putInt(snaplen).put(opts);
        writeBlock(BLOCK_IDB, b.array());
        interfaces.add(new Interface(linkType, snaplen, resolution));
        return interfaces.size() - 1;
    }

    /** Writes the whole frame on interface 0, cut to the snap length if longer. */
    public void write(long tsNanos, byte[] frame) {
        if (interfaces.isEmpty()) {
            throw new IllegalStateException("write: no interface in the current section; call addInterface first");
        }
        int snaplen = interfaces.get(0).snaplen();
        int capLen = snaplen == 0 ? frame.length : Math.min(frame.length, snaplen);
        write(0, tsNanos, frame, capLen, frame.length);
    }

    /**
     * Writes one packet: the first {@code capLen} bytes of {@code frame}, recorded as a packet of
     * {@code origLen} bytes on the wire. pcap: a record header and the data; pcapng: an enhanced
     * packet block (§4.3) with the given options (none for pcap).
     */
    public void write(int interfaceId, long tsNanos, byte[] frame, int capLen, int origLen, Option... options) {
        Interface itf = checkPacket(interfaceId, frame, capLen, origLen);
        if (format == Format.PCAP) {
            if (options.length > 0) {
                throw new IllegalArgumentException("pcap records carry no options; got " + options.length);
            }
            long seconds = tsNanos / NANOS_PER_SECOND;
            if (seconds > 0xffffffffL) {
                throw new IllegalArgumentException("pcap timestamp: seconds must fit 32 bits unsigned, got " + seconds);
            }
            long fraction = itf.resolution().toUnits(tsNanos % NANOS_PER_SECOND);
            ByteBuffer b = buffer(16 + capLen);
            b.putInt((int) seconds).putInt((int) fraction).putInt(capLen).putInt(origLen).put(frame, 0, capLen);
            emit(b.array());
            return;
        }
        long units = itf.resolution().toUnits(tsNanos);
        byte[] opts = options(List.of(options));
        ByteBuffer b = buffer(20 + pad4(capLen) + opts.length);
        // §4.3: the 64-bit timestamp is split into two 32-bit words, upper first, each in the
        // section's byte order — not one 64-bit integer.
        b.putInt(interfaceId).putInt((int) (units >>> 32)).putInt((int) units).putInt(capLen).putInt(origLen);
        b.put(frame, 0, capLen).position(20 + pad4(capLen)).put(opts);
        writeBlock(BLOCK_EPB, b.array());
    }

    /**
     * Writes a simple packet block (§4.4): no interface id, no timestamp, no captured length.
     * It belongs to interface 0, and a reader derives the captured length as the smaller of
     * {@code origLen} and that interface's snap length — so exactly that many bytes are written.
     */
    public void writeSimplePacket(byte[] frame, int origLen) {
        requireFormat(Format.PCAPNG, "writeSimplePacket");
        if (interfaces.isEmpty()) {
            throw new IllegalStateException("writeSimplePacket: a simple packet belongs to interface 0,"
                    + " but the current section has no interface");
        }
        int snaplen = interfaces.get(0).snaplen();
        int capLen = snaplen == 0 ? origLen : Math.min(origLen, snaplen);
        if (capLen > frame.length) {
            throw new IllegalArgumentException("simple packet: " + capLen + " bytes to write (original length "
                    + origLen + ", snap length " + snaplen + ") but the frame has " + frame.length);
        }
        ByteBuffer b = buffer(4 + pad4(capLen));
        b.putInt(origLen).put(frame, 0, capLen);
        writeBlock(BLOCK_SPB, b.array());
    }

    /**
     * Writes an obsolete packet block (type 2, appendix of the draft): like an enhanced packet
     * block but with a 16-bit interface id and a 16-bit drops count. Readers must still accept it
     * in old files; new writers should not produce it.
     */
    public void writeObsoletePacket(int interfaceId, int dropsCount, long tsNanos, byte[] frame, int capLen,
            int origLen) {
        requireFormat(Format.PCAPNG, "writeObsoletePacket");
        Interface itf = checkPacket(interfaceId, frame, capLen, origLen);
        if (interfaceId > 0xffff || dropsCount < 0 || dropsCount > 0xffff) {
            throw new IllegalArgumentException("obsolete packet: interface id and drops count must fit 16 bits, got "
                    + interfaceId + " and " + dropsCount);
        }
        long units = itf.resolution().toUnits(tsNanos);
        ByteBuffer b = buffer(20 + pad4(capLen));
        b.putShort((short) interfaceId).putShort((short) dropsCount);
        b.putInt((int) (units >>> 32)).putInt((int) units).putInt(capLen).putInt(origLen).put(frame, 0, capLen);
        writeBlock(BLOCK_OPB, b.array());
    }

    /**
     * Writes an interface statistics block (§4.6) for {@code interfaceId}: a block readers skip
     * when they count packets.
     */
    public void writeInterfaceStatistics(int interfaceId, long tsNanos, Option... options) {
        requireFormat(Format.PCAPNG, "writeInterfaceStatistics");
        Interface itf = checkInterface(interfaceId);
        long units = itf.resolution().toUnits(tsNanos);
        byte[] opts = options(List.of(options));
        ByteBuffer b = buffer(12 + opts.length);
        b.putInt(interfaceId).putInt((int) (units >>> 32)).putInt((int) units).put(opts);
        writeBlock(BLOCK_ISB, b.array());
    }

    /**
     * Writes a custom block (§4.8): the private enterprise number of whoever defines it, then its
     * data. {@code copyable} picks type 0x00000BAD (may be copied to a derived file) or
     * 0x40000BAD (must not be).
     */
    public void writeCustomBlock(int privateEnterpriseNumber, byte[] data, boolean copyable) {
        requireFormat(Format.PCAPNG, "writeCustomBlock");
        ByteBuffer b = buffer(4 + pad4(data.length));
        b.putInt(privateEnterpriseNumber).put(data);
        writeBlock(copyable ? BLOCK_CUSTOM_COPYABLE : BLOCK_CUSTOM_NO_COPY, b.array());
    }

    /**
     * Writes a block of any type with {@code body} (padded to 4 bytes) between the type/length
     * header and the trailing length — e.g. a type no reader knows, which §3.1 says must be
     * skipped using its total length. The body's multi-byte fields must already be in
     * {@link #byteOrder()}.
     */
    public void writeBlock(int blockType, byte[] body) {
        requireFormat(Format.PCAPNG, "writeBlock");
        if (blockType == BLOCK_SHB) {
            throw new IllegalArgumentException("writeBlock: start a section with newSection, not a raw block");
        }
        writeBlockUnchecked(blockType, body);
    }

    /** Writes bytes as they are — for deliberately damaged files in tests. */
    public void writeRaw(byte[] bytes) {
        emit(bytes);
    }

    /** The byte order of the current section (pcapng) or the file (pcap). */
    public ByteOrder byteOrder() {
        return order;
    }

    /** How many bytes have been written: the offset at which the next record or block starts. */
    public long position() {
        return position;
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the underlying stream. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ internals

    private void writeSectionHeader(Option... sectionOptions) {
        byte[] opts = options(List.of(sectionOptions));
        ByteBuffer b = buffer(16 + opts.length);
        // §4.1: the byte-order magic tells the reader the section's endianness; version 1.0;
        // section length -1 = "not specified", which a streaming writer must use.
        b.putInt(BYTE_ORDER_MAGIC).putShort((short) 1).putShort((short) 0).putLong(-1L).put(opts);
        writeBlockUnchecked(BLOCK_SHB, b.array());
    }

    private void writeBlockUnchecked(int blockType, byte[] body) {
        int bodyLen = pad4(body.length);
        int total = 12 + bodyLen;
        // §3.1: Block Total Length appears before and after the body, so a reader can walk the
        // file backwards; it includes the 12 bytes of type and both lengths.
        ByteBuffer b = buffer(total);
        b.putInt(blockType).putInt(total).put(body).position(8 + bodyLen);
        b.putInt(total);
        emit(b.array());
    }

    private byte[] options(List<Option> opts) {
        if (opts.isEmpty()) {
            // §3.5: the option list, with its opt_endofopt, may be omitted entirely.
            return new byte[0];
        }
        int len = 4; // opt_endofopt
        for (Option o : opts) {
            len += 4 + pad4(o.value.length);
        }
        ByteBuffer b = buffer(len);
        for (Option o : opts) {
            // §3.5: code and length in the section's byte order; value padded to 32 bits.
            b.putShort((short) o.code()).putShort((short) o.value.length).put(o.value);
            b.position(b.position() + pad4(o.value.length) - o.value.length);
        }
        b.putShort((short) OPT_ENDOFOPT).putShort((short) 0);
        return b.array();
    }

    private Interface checkPacket(int interfaceId, byte[] frame, int capLen, int origLen) {
        Interface itf = checkInterface(interfaceId);
        if (capLen < 0 || capLen > frame.length) {
            throw new IllegalArgumentException("captured length: expected 0.." + frame.length
                    + " (the frame's size), got " + capLen);
        }
        if (origLen < capLen) {
            throw new IllegalArgumentException("original length: expected >= captured length " + capLen
                    + ", got " + origLen);
        }
        if (itf.snaplen() != 0 && capLen > itf.snaplen()) {
            throw new IllegalArgumentException("captured length: expected <= snap length " + itf.snaplen()
                    + " of interface " + interfaceId + ", got " + capLen);
        }
        return itf;
    }

    private Interface checkInterface(int interfaceId) {
        if (interfaceId < 0 || interfaceId >= interfaces.size()) {
            throw new IllegalArgumentException("interface id: expected 0.." + (interfaces.size() - 1)
                    + " (interfaces of the current " + (format == Format.PCAP ? "file" : "section") + "), got "
                    + interfaceId);
        }
        return interfaces.get(interfaceId);
    }

    private void requireFormat(Format wanted, String operation) {
        if (format != wanted) {
            throw new IllegalStateException(operation + ": only for " + wanted.name().toLowerCase()
                    + " files, this writer writes " + format.name().toLowerCase());
        }
    }

    private static void checkLinkType(int linkType) {
        if (linkType < 0 || linkType > 0xffff) {
            throw new IllegalArgumentException("link type: expected 0..65535, got " + linkType);
        }
    }

    private ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(order);
    }

    private void emit(byte[] bytes) {
        if (closed) {
            throw new IllegalStateException("writer is closed");
        }
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        position += bytes.length;
    }

    private static int pad4(int n) {
        return (n + 3) & ~3;
    }
}
