package io.rstscope.query;

import io.rstscope.Capture;
import io.rstscope.capture.PacketColumns;
import io.rstscope.store.PacketTables;
import java.time.Instant;

/**
 * One TCP packet: a row of the {@code packets} table.
 *
 * <pre>{@code
 * Packet p = cap.packets().first();
 * p.flags();          // "SYN"
 * p.flow().uid();     // its connection
 * }</pre>
 *
 * @param capture the capture it belongs to
 * @param row     its row in the packets table
 */
public record Packet(Capture capture, int row) {

    private PacketColumns pc() {
        return capture.data().packets();
    }

    /** 1-based frame number, as Wireshark counts: {@code packet.frame()}. */
    public int frame() {
        return pc().frame(row);
    }

    /** Capture time: {@code packet.time()}. */
    public Instant time() {
        long ts = pc().ts(row);
        return Instant.ofEpochSecond(Math.floorDiv(ts, 1_000_000_000L), Math.floorMod(ts, 1_000_000_000L));
    }

    /** Source address: {@code packet.src()}. */
    public String src() {
        return pc().addresses().text(pc().src(row));
    }

    /** Destination address: {@code packet.dst()}. */
    public String dst() {
        return pc().addresses().text(pc().dst(row));
    }

    /** Source port: {@code packet.sport()}. */
    public int sport() {
        return pc().sport(row);
    }

    /** Destination port: {@code packet.dport()}. */
    public int dport() {
        return pc().dport(row);
    }

    /** TCP flags as Wireshark names them: {@code packet.flags()} is {@code "RST,ACK"}. */
    public String flags() {
        return PacketTables.flagText(pc().flags(row));
    }

    /** Sequence number (absolute): {@code packet.seq()}. */
    public long seq() {
        return Integer.toUnsignedLong(pc().seq(row));
    }

    /** Acknowledgment number (absolute): {@code packet.ack()}. */
    public long ack() {
        return Integer.toUnsignedLong(pc().ack(row));
    }

    /** TCP payload bytes: {@code packet.payloadLen()}. */
    public int payloadLen() {
        return pc().payloadLen(row);
    }

    /** TTL or hop limit: {@code packet.ttl()}. */
    public int ttl() {
        return pc().ttl(row);
    }

    /** Its connection: {@code packet.flow().explain()}. */
    public Flow flow() {
        return new Flow(capture, capture.flowColumns().flowOfPacket(row));
    }

    /** One line, as tcpdump would: {@code 7 10.0.0.1:40000 > 10.0.0.2:80 [SYN] seq 123 ack 0 len 0}. */
    @Override
    public String toString() {
        return frame() + " " + Views.endpoint(src(), sport()) + " > " + Views.endpoint(dst(), dport()) + " ["
                + flags() + "] seq " + seq() + " ack " + ack() + " len " + payloadLen() + " ttl " + ttl();
    }
}
