package io.rstscope.flow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes small pcap files of raw IPv4 TCP segments (LINKTYPE_RAW) for connection-tracking fixtures.
 * Addresses are 10.0.0.x given by x; checksums are left 0 (rstscope does not check them).
 */
final class TinyPcap {

    static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int ipId = 1;

    TinyPcap() {
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b23c4d).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(101);
        out.writeBytes(h.array());
    }

    /** One segment at {@code ms} milliseconds, from 10.0.0.{@code src}:{@code sport} to 10.0.0.{@code dst}:{@code dport}. */
    TinyPcap tcp(long ms, int src, int sport, int dst, int dport, int flags, long seq, long ack, int payload) {
        return tcp(ms, src, sport, dst, dport, flags, seq, ack, payload, 64, 65535);
    }

    TinyPcap tcp(long ms, int src, int sport, int dst, int dport, int flags, long seq, long ack, int payload, int ttl,
                 int win) {
        int len = 20 + 20 + payload;
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) 0x45).put((byte) 0).putShort((short) len).putShort((short) ipId++).putShort((short) 0x4000)
                .put((byte) ttl).put((byte) 6).putShort((short) 0).putInt(0x0a000000 | src).putInt(0x0a000000 | dst);
        b.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack)
                .put((byte) 0x50).put((byte) flags).putShort((short) win).putShort((short) 0).putShort((short) 0);
        ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        long ns = ms * 1_000_000L + 1_700_000_000_000_000_000L;
        r.putInt((int) (ns / 1_000_000_000L)).putInt((int) (ns % 1_000_000_000L)).putInt(len).putInt(len);
        out.writeBytes(r.array());
        out.writeBytes(b.array());
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
            Files.write(file, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
