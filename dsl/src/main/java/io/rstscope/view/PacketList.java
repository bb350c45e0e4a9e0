package io.rstscope.view;

import io.rstscope.capture.PacketColumns;
import io.rstscope.flow.Direction;
import io.rstscope.flow.FlowColumns;
import io.rstscope.reset.ResetRow;
import io.rstscope.store.PacketTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One connection's packets, one line each, as tshark lists them: frame, time since the connection's
 * first packet, source → destination, flags, seq and ack relative to each side's ISN (as Wireshark's
 * "relative sequence numbers"), window, payload length — every RST marked with its cause and verdict.
 *
 * <pre>{@code
 * PacketList p = cap.flows().withReset().first().packetList();
 * System.out.println(p.text());
 * //  frame      time  source            → destination       flags    seq    ack    win  len
 * //     11  0.000000  192.0.2.10:50112  → 203.0.113.80:8080 SYN        0      -  64240    0
 * //     13  0.000150  203.0.113.80:8080 → 192.0.2.10:50112  RST,ACK    0      1      0    0  ** RST PORT_CLOSED GENUINE
 * }</pre>
 *
 * @param title the connection: uid, endpoints, state, history, packet count, date of its first packet
 * @param rows  its packets in file order
 */
public record PacketList(String title, List<Row> rows) {

    /** Copies the rows. */
    public PacketList {
        rows = List.copyOf(rows);
    }

    /**
     * One packet.
     *
     * @param frame   its frame number in the file
     * @param time    seconds since the connection's first packet
     * @param source  sender address:port
     * @param target  receiver address:port
     * @param flags   TCP flags, e.g. {@code SYN|ACK}
     * @param seq     sequence number relative to the sender's ISN
     * @param ack     acknowledgment number relative to the receiver's ISN, -1 without ACK
     * @param window  the window field as sent (not scaled)
     * @param length  payload bytes
     * @param reset   for an RST: its cause and verdict ({@code PORT_CLOSED GENUINE}), else empty
     */
    public record Row(long frame, double time, String source, String target, String flags, long seq, long ack,
                      int window, int length, String reset) {
    }

    /**
     * The packets of connection {@code flow} (a row of the flows table):
     * {@code PacketList.of(packetColumns, cap.flowColumns(), 0, cap.resetRows(), "C1...")}.
     */
    public static PacketList of(PacketColumns packets, FlowColumns flows, int flow, List<ResetRow> resets, String uid) {
        List<Integer> own = Ladder.packetRows(packets, flows, flow);
        Map<Long, ResetRow> byFrame = Ladder.resetsByFrame(resets, flow);
        long[] base = {Ladder.base(flows, packets, own, flow, Direction.ORIG), Ladder.base(flows, packets, own, flow, Direction.RESP)};
        long start = own.isEmpty() ? 0 : packets.ts(own.get(0));
        var a = flows.addresses();
        String client = Words.endpoint(a.text(flows.address(flow, Direction.ORIG)), flows.port(flow, Direction.ORIG));
        String server = Words.endpoint(a.text(flows.address(flow, Direction.RESP)), flows.port(flow, Direction.RESP));
        List<Row> rows = new ArrayList<>(own.size());
        for (int row : own) {
            Direction d = flows.directionOfPacket(row);
            int s = d == Direction.ORIG ? 0 : 1;
            int f = packets.flags(row);
            ResetRow r = byFrame.get((long) packets.frame(row));
            String reset = (f & 0x04) == 0 ? "" : r == null ? "RST" : "RST " + r.cause() + " " + r.verdict();
            rows.add(new Row(packets.frame(row), (packets.ts(row) - start) / 1e9, d == Direction.ORIG ? client : server,
                    d == Direction.ORIG ? server : client, PacketTables.flagText(f), Ladder.relative(packets.seq(row), base[s]),
                    (f & 0x10) != 0 ? Ladder.relative(packets.ack(row), base[1 - s]) : -1, packets.win(row),
                    packets.payloadLen(row), reset));
        }
        String title = uid + ": " + client + " → " + server + ", " + flows.connState(flow) + ", history "
                + flows.history(flow) + ", " + own.size() + (own.size() == 1 ? " packet" : " packets")
                + (own.isEmpty() ? "" : ", from " + Words.time(start));
        return new PacketList(title, rows);
    }

    /** The list as text, one line per packet under a header, RSTs marked {@code **}: {@code p.text()}. */
    public String text() {
        int ends = 6;
        int flagsWidth = 5;
        for (Row r : rows) {
            ends = Math.max(ends, Math.max(r.source.length(), r.target.length()));
            flagsWidth = Math.max(flagsWidth, r.flags.length());
        }
        String format = "%6s  %10s  %-" + ends + "s → %-" + ends + "s  %-" + flagsWidth + "s %10s %10s %6s %6s%s%n";
        StringBuilder sb = new StringBuilder(title).append('\n');
        sb.append(String.format(Locale.ROOT, format, "frame", "time", "source", "destination", "flags", "seq", "ack",
                "win", "len", ""));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, format, r.frame, String.format(Locale.ROOT, "%.6f", r.time), r.source,
                    r.target, r.flags, r.seq, r.ack < 0 ? "-" : String.valueOf(r.ack), r.window, r.length,
                    r.reset.isEmpty() ? "" : "  ** " + r.reset));
        }
        return sb.toString();
    }

    /** The same as {@link #text()}, so a shell or a log shows the list. */
    @Override
    public String toString() {
        return text();
    }
}
