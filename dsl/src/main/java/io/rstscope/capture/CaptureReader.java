package io.rstscope.capture;

import io.rstscope.RstscopeException;
import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a capture file into columns, passing every decoded packet to the sinks given.
 *
 * <pre>{@code
 * CaptureData data = CaptureReader.read(Path.of("trace.pcap"), ReadOptions.DEFAULT);
 * data.error().ifPresent(e -> System.err.println(e.getMessage()));   // damaged: what was read is kept
 * long rsts = data.stats().rstPackets();
 * }</pre>
 *
 * <p>The format is told by the magic number, never by the file name; gzip-compressed files are read
 * through a decompressing stream. A file that is not a capture at all throws
 * {@link CaptureFormatException}; a file damaged after its header returns what was read, with the
 * exception in {@link CaptureData#error()}.
 */
public final class CaptureReader {

    private static final int PROGRESS_EVERY = 1 << 20;
    private static final int SIZE_SAMPLE = 1 << 16;
    /** Checked often enough that an interrupted read of a big file ends well within a second. */
    private static final int INTERRUPT_CHECK_EVERY = 1 << 16;

    private CaptureReader() {
    }

    /** Reads {@code file} with the given options; see the class comment. */
    public static CaptureData read(Path file, ReadOptions options, PacketSink... sinks) {
        long size;
        InputStream raw;
        try {
            size = Files.size(file);
            raw = new FileInputStream(file.toFile());
        } catch (NoSuchFileException e) {
            throw new RstscopeException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new RstscopeException(file + ": permission denied");
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                throw new RstscopeException(file + ": is a directory, not a capture file");
            }
            throw new RstscopeException(file + ": cannot be read: " + OutputFiles.reason(e), e);
        }
        CountingInputStream counted = new CountingInputStream(raw);
        try (InputStream in = counted) {
            CaptureData data = read(file, size, counted, in, options, sinks);
            // From now on no export may write this file while what was read from it is in use.
            OutputFiles.opened(file, data);
            return data;
        } catch (IOException e) {
            throw new RstscopeException(file + ": cannot be read: " + OutputFiles.reason(e), e);
        } catch (OutOfMemoryError e) {
            throw RstscopeException.outOfMemory(file); // what was read is unreachable now, and collected
        }
    }

    /**
     * Whether {@code file} is a regular file that starts as a capture does — pcap, pcapng, or either of
     * them gzip-compressed — by its magic number: how {@code rstscope run} tells the captures among a
     * script's arguments. Reads a few bytes; {@code CaptureReader.isCapture(Path.of("trace.pcap.gz"))}.
     */
    public static boolean isCapture(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            byte[] magic = (gzip ? new GZIPInputStream(in) : in).readNBytes(4);
            return magic.length == 4 && isMagic(ByteSource.be32(magic, 0));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isMagic(int magic) {
        int swapped = Integer.reverseBytes(magic);
        return magic == PcapRecordReader.MAGIC_US || magic == PcapRecordReader.MAGIC_NS
                || swapped == PcapRecordReader.MAGIC_US || swapped == PcapRecordReader.MAGIC_NS
                || magic == PcapngRecordReader.SHB;
    }

    private static CaptureData read(Path file, long size, CountingInputStream counted, InputStream in,
                                    ReadOptions options, PacketSink[] sinks) throws IOException {
        PushbackInputStream head = new PushbackInputStream(in, 4);
        byte[] magic = new byte[4];
        int got = head.readNBytes(magic, 0, 4);
        head.unread(magic, 0, got);
        boolean gzip = got >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        InputStream stream = gzip ? new GzipMembers(head) : head;
        ByteSource src = new ByteSource(stream);
        RecordReader reader;
        try {
            reader = openReader(file, src, gzip);
        } catch (GzipMembers.Damage e) {
            throw new CaptureFormatException(file, 0, 0, "the gzip stream is damaged: " + e.getMessage());
        }
        // The packet columns of a file are read when first asked for, reading the file again: an open
        // that is after the connections and resets (most are) no longer writes 80 bytes per packet.
        boolean deferPackets = options.keepPackets() && Files.isRegularFile(file);
        return decode(file, reader, gzip, options, counted::count, size, src, sinks, deferPackets);
    }

    /**
     * Decodes every record {@code reader} gives, in order, into columns and the sinks: the one loop
     * that files and live captures (see {@link LiveSource}) both go through. {@code bytesRead} and
     * {@code size} feed the progress; {@code src} (may be null) tells where a damaged gzip stream broke.
     */
    /** Stops the read when its thread was interrupted, looking once every {@link #INTERRUPT_CHECK_EVERY} records. */
    private static void checkInterrupt(Path file, long frame) {
        if ((frame & (INTERRUPT_CHECK_EVERY - 1)) == 0 && Thread.currentThread().isInterrupted()) {
            throw new RstscopeException(file + ": reading was interrupted after " + frame + " packets");
        }
    }

    static CaptureData decode(Path file, RecordReader reader, boolean gzip, ReadOptions options,
                              LongSupplier bytesRead, long size, ByteSource src, PacketSink[] sinks) throws IOException {
        return decode(file, reader, gzip, options, bytesRead, size, src, sinks, false);
    }

    /**
     * {@link #decode} that, when {@code deferPackets}, keeps no packet rows while it reads, only their
     * count and a fingerprint of them: the columns it returns read them from {@code file} again when
     * first asked for ({@link #reread}).
     */
    private static CaptureData decode(Path file, RecordReader reader, boolean gzip, ReadOptions options,
                                      LongSupplier bytesRead, long size, ByteSource src, PacketSink[] sinks,
                                      boolean deferPackets) throws IOException {
        SkippingSink skipping = sinks.length == 1 && sinks[0] instanceof SkippingSink k ? k : null;
        // A read that passes over frames keeps the packets it decodes now: reading again would not skip them.
        deferPackets &= skipping == null;
        AddressTable addresses = new AddressTable();
        PacketColumns packets = options.keepPackets() && !deferPackets ? new PacketColumns(addresses) : null;
        long tcp = 0;
        long print = 0;
        CaptureStats stats = new CaptureStats();
        IssueLog issues = new IssueLog();
        Map<Integer, long[]> unsupported = new LinkedHashMap<>();
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket p = new DecodedPacket();
        RawRecord r = new RawRecord();
        CaptureFormatException damage = null;
        long frame = 0;
        try {
            while (reader.next(r)) {
                frame++;
                if (skipping != null && skipping.skips(r.frame > 0 ? r.frame : frame, r.tsNanos)) {
                    checkInterrupt(file, frame);
                    continue;
                }
                decoder.decode(r, p);
                // A live capture's window keeps the numbers its packets arrived with; files count.
                p.frame = r.frame > 0 ? r.frame : frame;
                stats.accept(p);
                stats.countOuterIp(decoder.outerIpVersion);
                if (p.problem != null) {
                    if (p.problem == IssueKind.UNSUPPORTED) {
                        unsupported.computeIfAbsent(p.linkType, k -> new long[] {0, p.frame, p.tsNanos, p.fileOffset})[0]++;
                    } else {
                        issues.add(p.frame, p.tsNanos, p.problem, p.problemFormat, p.problemA, p.problemB, p.fileOffset);
                    }
                }
                if (packets != null) {
                    packets.accept(p);
                } else if (deferPackets && p.tcp) {
                    tcp++;
                    print = fingerprint(print, p);
                }
                for (PacketSink s : sinks) {
                    s.accept(p);
                }
                // The decoder's place in the file, not the bytes read ahead into buffers (which made the
                // real recording's first 65,536 packets look 40 % longer than they are); in a compressed
                // file, the compressed bytes read in the share of the decompressed ones decoded.
                long at;
                if (frame == SIZE_SAMPLE && size > 0 && (at = decoded(gzip, src, bytesRead)) > 0) {
                    // Size the columns once from the first packets' share of the file, rather than
                    // doubling 20 times on a large capture; the sinks size theirs.
                    double scale = (double) size / at;
                    if (packets != null) {
                        packets.ensureCapacity((int) Math.min(Integer.MAX_VALUE - 8, packets.size() * scale * 1.05 + 1024));
                    }
                    for (PacketSink s : sinks) {
                        s.expect(scale);
                    }
                }
                checkInterrupt(file, frame);
                if ((frame & (PROGRESS_EVERY - 1)) == 0 && options.progress() != null) {
                    options.progress().update(frame, bytesRead.getAsLong(), size);
                }
            }
        } catch (CaptureFormatException e) {
            if (frame == 0 && e.packet() == 0) {
                throw e; // nothing but a broken header: not a capture that can be read at all
            }
            damage = e;
        } catch (ZipException | java.io.EOFException e) {
            damage = new CaptureFormatException(file, frame + 1, src == null ? -1 : src.offset(),
                    "the gzip stream is damaged: " + OutputFiles.reason(e));
        } finally {
            if (packets != null) {
                packets.seal(); // no file handle held by columns that spilled to a mapped file
            }
        }
        if (damage == null && src != null && src.stream() instanceof GzipMembers gz && gz.trailing() != null) {
            // Every packet was read; what follows the compressed stream is damage all the same.
            damage = new CaptureFormatException(file, frame + 1, src.offset(), gz.trailing());
        }
        stats.finish();
        for (Map.Entry<Integer, long[]> u : unsupported.entrySet()) {
            long[] v = u.getValue();
            issues.addListed(new Issue(v[1], v[2], IssueKind.UNSUPPORTED, "link type " + LinkType.label(u.getKey()) + " ("
                    + u.getKey() + ") is not decoded: " + v[0] + " packets counted, not analysed", v[3]));
        }
        if (options.progress() != null) {
            options.progress().update(frame, size, size);
        }
        if (deferPackets) {
            packets = new PacketColumns(addresses);
            long frames = frame, tcpPackets = tcp, fingerprint = print;
            packets.defer(() -> reread(file, addresses, frames, tcpPackets, fingerprint));
        }
        return new CaptureData(file, reader.format(), gzip, reader.linkTypes(), stats, packets, addresses,
                issues.rows(), issues.count(), issues.listed(), damage);
    }

    /** How many bytes of the file the decoder has passed, for the sizing of what grows with the packets. */
    private static long decoded(boolean gzip, ByteSource src, LongSupplier bytesRead) {
        if (src == null) {
            return bytesRead.getAsLong();
        }
        return gzip ? Math.round((double) bytesRead.getAsLong() * src.offset() / Math.max(1, src.fetched())) : src.offset();
    }

    /** Folds one TCP packet into the fingerprint of a read's packets: its time, sequence numbers and ports. */
    private static long fingerprint(long print, DecodedPacket p) {
        return (print * 31 + p.tsNanos) * 31 + (((long) p.seq << 32) ^ (p.ack & 0xffffffffL) ^ ((long) p.sport << 16 | p.dport));
    }

    /**
     * The packet columns of the first {@code frames} records of {@code file}, read again, as Wireshark reads
     * a frame again from its file to show it: the first read kept only the count of its TCP packets and
     * their fingerprint, which these must match, else the file changed since it was opened.
     */
    private static PacketColumns reread(Path file, AddressTable addresses, long frames, long tcpPackets, long fingerprint) {
        PacketColumns rows = new PacketColumns(addresses);
        rows.ensureCapacity((int) Math.min(Integer.MAX_VALUE - 8, tcpPackets));
        long[] seen = {0, 0};
        try {
            read(file, ReadOptions.DEFAULT.withoutPackets(), p -> {
                if (p.frame > frames) {
                    throw Past.FRAMES; // a file that grew since: its first frames are the capture's
                }
                if (p.tcp) {
                    rows.accept(p);
                    seen[0]++;
                    seen[1] = fingerprint(seen[1], p);
                }
            });
        } catch (Past e) {
            // every frame of the first read was read again
        } catch (RstscopeException e) {
            throw new RstscopeException(file.getFileName() + ": its packets cannot be read again (" + e.getMessage()
                    + "); the connections and resets read when it was opened are intact", e);
        } finally {
            rows.seal();
        }
        if (seen[0] != tcpPackets || seen[1] != fingerprint) {
            String what = seen[0] == tcpPackets ? "its " + tcpPackets + " TCP packets are not those it had"
                    : "it had " + tcpPackets + " TCP packets, now " + seen[0];
            throw new RstscopeException(file.getFileName() + " changed on disk since it was opened (" + what
                    + "): open it again to see its packets; the connections and resets are those of the file as it was");
        }
        return rows;
    }

    /** Ends a read again at the last frame of the first read. */
    private static final class Past extends RuntimeException {
        static final Past FRAMES = new Past();

        private Past() {
            super(null, null, false, false);
        }
    }

    static RecordReader openReader(Path file, ByteSource src, boolean gzip) throws IOException {
        if (!src.ensure(4)) {
            if (src.available() == 0) {
                throw new CaptureFormatException(file, 0, 0, gzip ? "the gzip stream holds no data" : "the file is empty");
            }
            throw new CaptureFormatException(file, 0, 0, "file is " + src.available()
                    + " bytes long, too short for any capture header");
        }
        int magic = ByteSource.be32(src.buf, src.pos);
        int swapped = Integer.reverseBytes(magic);
        if (magic == PcapRecordReader.MAGIC_US || magic == PcapRecordReader.MAGIC_NS
                || swapped == PcapRecordReader.MAGIC_US || swapped == PcapRecordReader.MAGIC_NS) {
            return new PcapRecordReader(src, file);
        }
        if (magic == PcapngRecordReader.SHB) {
            return new PcapngRecordReader(src, file);
        }
        if (gzip) {
            throw new CaptureFormatException(file, 0, 0, String.format("gzip-compressed, but what it holds is not a "
                    + "capture: it starts with 0x%08x (expected the magic of pcap a1b2c3d4 or a1b23c4d, or pcapng "
                    + "0a0d0d0a)", magic));
        }
        throw new CaptureFormatException(file, 0, 0, String.format(
                "not a capture file: it starts with 0x%08x (expected the magic of pcap a1b2c3d4 or a1b23c4d, "
                        + "pcapng 0a0d0d0a, or gzip 1f8b)", magic));
    }

    /** Counts the bytes taken from the file, compressed or not, for progress. */
    private static final class CountingInputStream extends BufferedInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in, 1 << 16);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public synchronized int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                count++;
            }
            return c;
        }

        long count() {
            return count;
        }
    }
}
