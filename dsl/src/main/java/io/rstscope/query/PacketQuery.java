package io.rstscope.query;

import io.rstscope.Capture;
import io.rstscope.reset.ResetRow;
import io.rstscope.store.Field;
import io.rstscope.store.PacketField;
import io.rstscope.store.PacketTables;
import io.rstscope.view.Explanation;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.StringJoiner;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The TCP packets of a capture — rows of the {@code packets} table, in file order — narrowed by
 * filters. Made by {@code cap.packets()} (or the bare {@code packets()}); immutable. It needs a capture
 * opened with its packets (the default).
 *
 * <pre>{@code
 * cap.packets().port(80).count();
 * cap.packets().where(FLAGS, contains("RST")).table();
 * cap.packets().between("2026-11-23T10:25:17", "2026-11-23T10:25:18").toPcap("second.pcap");
 * cap.packets().where(TTL, lt(10)).flows().table();     // connections with a packet of TTL below 10
 * }</pre>
 *
 * <p>Every filter except {@code between} and {@code where} asks about the packet's connection, as a
 * {@link FlowQuery} would: {@code packets().spoofed()} keeps all the packets of connections with a
 * spoofed reset. {@code between} and {@code where} ask about the packet itself.
 */
public final class PacketQuery extends Query<PacketQuery, Packet> {

    PacketQuery(Capture capture, String origin, List<Condition> conditions, int limit) {
        this(capture, origin, conditions, limit, List.of());
    }

    PacketQuery(Capture capture, String origin, List<Condition> conditions, int limit, List<Field> selected) {
        super(capture, origin, conditions, limit, selected);
    }

    /** Every TCP packet of {@code capture}; the same as {@code capture.packets()}. */
    public static PacketQuery of(Capture capture) {
        return new PacketQuery(capture, "packets(" + capture.data().file().getFileName() + ")", List.of(), -1);
    }

    @Override
    PacketQuery copy(List<Condition> conditions, int limit, List<Field> selected) {
        return new PacketQuery(capture, origin, conditions, limit, selected);
    }

    @Override
    protected String tableName() {
        return "packets";
    }

    @Override
    String rowName() {
        return "packet";
    }

    @Override
    protected Class<? extends Field> schema() {
        return PacketField.class;
    }

    @Override
    Table wholeTable() {
        Engine.packetColumns(capture, "packets().table()");
        return capture.packetTable();
    }

    /** The one column, built from the packet columns alone: the packets table is not built for a filter. */
    @Override
    Column<?> wholeColumn(Field f) {
        return PacketTables.column((PacketField) f, Engine.packetColumns(capture, "packets()"), capture.flowColumns());
    }

    /** The selected packets' rows alone, at the cost of the selection rather than of the capture. */
    @Override
    Table rowsOf(int[] rows) {
        int[] ascending = java.util.Arrays.stream(rows).sorted().distinct().toArray(); // as a Selection keeps them
        return PacketTables.packets(Engine.packetColumns(capture, "packets().table()"), capture.flowColumns(), ascending);
    }

    @Override
    int[] evaluate(Engine engine) {
        return engine.packets(conditions);
    }

    @Override
    Packet row(int row) {
        return new Packet(capture, row);
    }

    @Override
    BitSet connectionsOf(int[] rows) {
        BitSet b = new BitSet(capture.flowColumns().size());
        for (int r : rows) {
            b.set(capture.flowColumns().flowOfPacket(r));
        }
        return b;
    }

    @Override
    List<ResetRow> resetsOf(int[] rows) {
        BitSet frames = frames(rows);
        List<ResetRow> out = new ArrayList<>();
        for (ResetRow r : capture.resetRows()) {
            if (frames.get((int) r.frame())) {
                out.add(r);
            }
        }
        return out;
    }

    /** The frame numbers of the selected packets. */
    BitSet frames() {
        return frames(rows());
    }

    private BitSet frames(int[] rows) {
        var pc = capture.data().packets();
        BitSet b = new BitSet();
        for (int r : rows) {
            b.set(pc.frame(r));
        }
        return b;
    }

    @Override
    BitSet packetFrames() {
        return frames();
    }

    @Override
    Explanation explain(int[] rows) {
        return Views.resets(capture, toString(), resetsOf(rows));
    }

    /** The connections of the selected packets: {@code packets().where(TTL, lt(5)).flows()}. */
    public FlowQuery flows() {
        return new FlowQuery(capture, text() + ".flows()", List.of(new Condition.Via(this)), -1);
    }

    /** The resets among the selected packets: {@code packets().port(80).resets().explain()}. */
    public ResetQuery resets() {
        return new ResetQuery(capture, text() + ".resets()", List.of(new Condition.Via(this)), -1);
    }

    /** A display filter for the packets by frame number: {@code frame.number in {1, 2, 5}}. */
    @Override
    public String wiresharkFilter() {
        return frameFilter(frames());
    }

    static String frameFilter(BitSet frames) {
        if (frames.isEmpty()) {
            return "frame.number==0";
        }
        // Runs of consecutive frames are written as ranges; elements are separated by commas, which
        // Wireshark requires since 4.0 (whitespace alone was deprecated in 3.6).
        StringJoiner j = new StringJoiner(", ", "frame.number in {", "}");
        for (int f = frames.nextSetBit(0); f >= 0; ) {
            int end = frames.nextClearBit(f) - 1;
            j.add(end > f + 1 ? f + ".." + end : end == f + 1 ? f + ", " + end : Integer.toString(f));
            f = frames.nextSetBit(end + 1);
        }
        return j.toString();
    }
}
