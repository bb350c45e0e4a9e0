package io.rstscope.capture;

import io.rstscope.RstscopeException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Copies chosen packets of a capture, byte for byte as they were recorded, into a new capture file,
 * so that Wireshark opens exactly them with their original frames and timestamps.
 *
 * <pre>{@code
 * BitSet frames = new BitSet();
 * frames.set(1); frames.set(2);                       // 1-based frame numbers, as Wireshark counts
 * int written = RecordCopier.copy(Path.of("trace.pcap"), Path.of("two.pcap"), frames, WriteMode.CREATE);
 * }</pre>
 *
 * <p>A classic pcap source gives a classic pcap copy with its link type and timestamp resolution; a
 * pcapng source gives a pcapng copy with one interface per (interface, link type) of the packets
 * copied, at nanosecond resolution. The source is read again from its start (gzip-compressed or not)
 * and the records are chosen by their frame number, so the copy never depends on a byte offset
 * being valid in a compressed stream.
 */
public final class RecordCopier {

    private RecordCopier() {
    }

    /**
     * Writes the records of {@code source} whose 1-based frame numbers are set in {@code frames} to
     * {@code target}, in file order; returns how many were written. Reading stops after the last
     * frame wanted. The target is written as {@link OutputFiles#write} writes: never the file of an
     * open capture, an existing file only with {@link WriteMode#REPLACE}, and whole or not at all.
     */
    public static int copy(Path source, Path target, BitSet frames, WriteMode mode) {
        int[] written = {0};
        OutputFiles.write(target, mode, "toPcap", out -> written[0] = copy(source, target, out, frames));
        return written[0];
    }

    private static int copy(Path source, Path target, OutputStream out, BitSet frames) throws IOException {
        int last = frames.length() - 1;
        try (InputStream raw = new FileInputStream(source.toFile())) {
            return copy(reader(source, raw), out, frames, last);
        } catch (IOException e) {
            throw new RstscopeException(source + ": cannot be copied to " + target + ": " + OutputFiles.reason(e), e);
        }
    }

    private static RecordReader reader(Path source, InputStream raw) throws IOException {
        PushbackInputStream head = new PushbackInputStream(new java.io.BufferedInputStream(raw, 1 << 16), 4);
        byte[] magic = new byte[4];
        int got = head.readNBytes(magic, 0, 4);
        head.unread(magic, 0, got);
        boolean gzip = got >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        ByteSource src = new ByteSource(gzip ? new GzipMembers(head) : head);
        return CaptureReader.openReader(source, src, gzip);
    }

    /**
     * Writes a pcap of {@code source}'s records {@code times} over, each copy's timestamps shifted past
     * the previous copy's last by one second, so that the result reads as one long capture (a large test
     * capture made of a recording): {@code RecordCopier.repeat(rec, Path.of("big.pcap"), 40, WriteMode.CREATE)}.
     * Returns the number of records written. The source must hold one link type (a pcap, or a pcapng
     * with one).
     */
    public static long repeat(Path source, Path target, int times, WriteMode mode) {
        long[] written = {0};
        OutputFiles.write(target, mode, "repeat", out -> {
            CaptureWriter w = null;
            long shift = 0;
            for (int k = 0; k < times; k++) {
                long first = Long.MAX_VALUE, lastTs = Long.MIN_VALUE;
                try (InputStream raw = new FileInputStream(source.toFile())) {
                    RecordReader reader = reader(source, raw);
                    RawRecord r = new RawRecord();
                    while (reader.next(r)) {
                        if (w == null) {
                            w = CaptureWriter.pcap(out, r.linkType, CaptureWriter.Resolution.NANOS, ByteOrder.LITTLE_ENDIAN,
                                    Math.max(PcapRecordReader.MAX_RECORD, r.capLen));
                        }
                        first = Math.min(first, r.tsNanos);
                        lastTs = Math.max(lastTs, r.tsNanos);
                        w.write(0, r.tsNanos + shift, java.util.Arrays.copyOfRange(r.data, r.off, r.off + r.capLen),
                                r.capLen, r.origLen);
                        written[0]++;
                    }
                } catch (IOException e) {
                    throw new RstscopeException(source + ": cannot be copied to " + target + ": " + OutputFiles.reason(e), e);
                }
                if (first != Long.MAX_VALUE) {
                    shift += lastTs - first + 1_000_000_000L;
                }
            }
            if (w == null) {
                w = CaptureWriter.pcap(out, CaptureWriter.LINKTYPE_ETHERNET);
            }
            w.flush();
        });
        return written[0];
    }

    private static int copy(RecordReader reader, OutputStream out, BitSet frames, int last) throws IOException {
        RawRecord r = new RawRecord();
        CaptureWriter w = null;
        Map<Long, Integer> interfaces = new HashMap<>();
        int written = 0;
        long frame = 0;
        try {
            while (frame < last && reader.next(r)) {
                frame++;
                if (!frames.get((int) frame)) {
                    continue;
                }
                if (w == null) {
                    w = reader.format() == CaptureFormat.PCAPNG
                            ? CaptureWriter.pcapng(out, ByteOrder.LITTLE_ENDIAN)
                            : CaptureWriter.pcap(out, r.linkType, reader.format() == CaptureFormat.PCAP_NSEC
                                    ? CaptureWriter.Resolution.NANOS : CaptureWriter.Resolution.MICROS,
                                    ByteOrder.LITTLE_ENDIAN, Math.max(PcapRecordReader.MAX_RECORD, r.capLen));
                }
                byte[] data = java.util.Arrays.copyOfRange(r.data, r.off, r.off + r.capLen);
                int itf = 0;
                if (reader.format() == CaptureFormat.PCAPNG) {
                    CaptureWriter pcapng = w;
                    RawRecord rec = r;
                    itf = interfaces.computeIfAbsent(((long) r.iface << 32) | (r.linkType & 0xffffffffL),
                            k -> pcapng.addInterface(rec.linkType, 0, CaptureWriter.Resolution.NANOS));
                }
                w.write(itf, r.tsNanos, data, r.capLen, r.origLen);
                written++;
            }
        } catch (CaptureFormatException e) {
            // The damage was reported when the capture was opened; what was read before it is copied.
        }
        if (w == null) {
            // Nothing chosen: still a valid, empty capture of the source's kind.
            int[] links = reader.linkTypes();
            w = reader.format() == CaptureFormat.PCAPNG ? CaptureWriter.pcapng(out, ByteOrder.LITTLE_ENDIAN)
                    : CaptureWriter.pcap(out, links.length > 0 ? links[0] : CaptureWriter.LINKTYPE_ETHERNET);
        }
        w.flush();
        return written;
    }
}
