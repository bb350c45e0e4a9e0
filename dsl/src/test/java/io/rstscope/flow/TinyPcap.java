package io.rstscope.flow;

import io.rstscope.capture.CaptureWriter;
import io.rstscope.capture.Frames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small pcap files of raw IPv4 TCP segments (LINKTYPE_RAW) for connection-tracking fixtures, built
 * with the library's own {@link CaptureWriter} and {@link Frames}. Addresses are 10.0.0.x given by x.
 */
final class TinyPcap {

    static final int FIN = Frames.FIN, SYN = Frames.SYN, RST = Frames.RST, PSH = Frames.PSH, ACK = Frames.ACK;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CaptureWriter writer = CaptureWriter.pcap(out, CaptureWriter.LINKTYPE_RAW,
            CaptureWriter.Resolution.NANOS, ByteOrder.LITTLE_ENDIAN, 65535);
    private int ipId = 1;

    /** One segment at {@code ms} milliseconds, from 10.0.0.{@code src}:{@code sport} to 10.0.0.{@code dst}:{@code dport}. */
    TinyPcap tcp(long ms, int src, int sport, int dst, int dport, int flags, long seq, long ack, int payload) {
        return tcp(ms, src, sport, dst, dport, flags, seq, ack, payload, 64, 65535);
    }

    TinyPcap tcp(long ms, int src, int sport, int dst, int dport, int flags, long seq, long ack, int payload, int ttl,
                 int win) {
        Frames.Tcp segment = Frames.tcp(sport, dport).seq(seq & 0xffffffffL).ack(ack & 0xffffffffL).flags(flags)
                .window(win);
        byte[] ip = Frames.ipv4("10.0.0." + src, "10.0.0." + dst).ttl(ttl).id(ipId++ & 0xffff)
                .tcp(segment, new byte[payload]);
        writer.write(ms * 1_000_000L + 1_700_000_000_000_000_000L, ip);
        return this;
    }

    /** A complete connection from 10.0.0.{@code c}:{@code cport} to 10.0.0.{@code s}:{@code sport}: handshake, one request, FIN both ways. */
    TinyPcap connection(long ms, int c, int cport, int s, int sport, long cisn, long sisn) {
        tcp(ms, c, cport, s, sport, SYN, cisn, 0, 0);
        tcp(ms + 1, s, sport, c, cport, SYN | ACK, sisn, cisn + 1, 0);
        tcp(ms + 2, c, cport, s, sport, ACK, cisn + 1, sisn + 1, 0);
        tcp(ms + 3, c, cport, s, sport, PSH | ACK, cisn + 1, sisn + 1, 10);
        tcp(ms + 4, s, sport, c, cport, ACK, sisn + 1, cisn + 11, 0);
        tcp(ms + 5, c, cport, s, sport, FIN | ACK, cisn + 11, sisn + 1, 0);
        tcp(ms + 6, s, sport, c, cport, FIN | ACK, sisn + 1, cisn + 12, 0);
        return tcp(ms + 7, c, cport, s, sport, ACK, cisn + 12, sisn + 2, 0);
    }

    Path write(Path file) {
        try {
            writer.flush();
            Files.write(file, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
