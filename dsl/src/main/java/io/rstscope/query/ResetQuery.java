package io.rstscope.query;

import io.rstscope.Capture;
import io.rstscope.reset.ResetRow;
import io.rstscope.store.Field;
import io.rstscope.store.ResetField;
import io.rstscope.view.Explanation;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import tech.tablesaw.api.Table;

/**
 * The resets of a capture — rows of the {@code resets} table, one per RST packet, explained —
 * narrowed by filters. Made by {@code cap.resets()} (or the bare {@code resets()}); immutable.
 *
 * <pre>{@code
 * cap.resets().cause(IDLE_TIMEOUT).explain();         // each reset told, with its evidence
 * cap.resets().groupBy(CAUSE, ORIGIN).count();        // a Tablesaw table of counts
 * cap.resets().spoofed().flows().toPcap("f.pcap");    // the connections of the spoofed resets
 * cap.resets().verdict(FORGED).wiresharkFilter();     // frame.number in {6, 7}
 * }</pre>
 *
 * <p>Filters about a connection ({@code host, client, server, port, state, longerThan, uid,
 * withReset, withoutReset}) ask about the reset's connection; {@code between} about the reset's own
 * time.
 */
public final class ResetQuery extends Query<ResetQuery, Reset> {

    ResetQuery(Capture capture, String origin, List<Condition> conditions, int limit) {
        this(capture, origin, conditions, limit, List.of());
    }

    ResetQuery(Capture capture, String origin, List<Condition> conditions, int limit, List<Field> selected) {
        super(capture, origin, conditions, limit, selected);
    }

    /** Every reset of {@code capture}; the same as {@code capture.resets()}. */
    public static ResetQuery of(Capture capture) {
        return new ResetQuery(capture, "resets(" + capture.data().file().getFileName() + ")", List.of(), -1);
    }

    @Override
    ResetQuery copy(List<Condition> conditions, int limit, List<Field> selected) {
        return new ResetQuery(capture, origin, conditions, limit, selected);
    }

    @Override
    protected String tableName() {
        return "resets";
    }

    @Override
    String rowName() {
        return "reset";
    }

    @Override
    protected Class<? extends Field> schema() {
        return ResetField.class;
    }

    @Override
    Table wholeTable() {
        return capture.resetTable();
    }

    @Override
    int[] evaluate(Engine engine) {
        return engine.resets(conditions);
    }

    @Override
    Reset row(int row) {
        return new Reset(capture, row);
    }

    @Override
    BitSet connectionsOf(int[] rows) {
        BitSet b = new BitSet(capture.flowColumns().size());
        for (int r : rows) {
            b.set(capture.resetRows().get(r).flow());
        }
        return b;
    }

    @Override
    List<ResetRow> resetsOf(int[] rows) {
        List<ResetRow> out = new ArrayList<>(rows.length);
        for (int r : rows) {
            out.add(capture.resetRows().get(r));
        }
        return out;
    }

    /** The frame numbers of the selected resets. */
    BitSet frames() {
        BitSet b = new BitSet();
        for (int r : rows()) {
            b.set((int) capture.resetRows().get(r).frame());
        }
        return b;
    }

    @Override
    Explanation explain(int[] rows) {
        return Views.resets(capture, toString(), resetsOf(rows));
    }

    /** The connections of the selected resets: {@code resets().cause(POLICY_INJECTION).flows().table()}. */
    public FlowQuery flows() {
        return new FlowQuery(capture, text() + ".flows()", List.of(new Condition.Via(this)), -1);
    }

    /** The RST packets themselves: {@code resets().spoofed().packets().table()}. */
    public PacketQuery packets() {
        return new PacketQuery(capture, text() + ".packets()", List.of(new Condition.Via(this)), -1);
    }

    /** A display filter for the RST packets by frame number: {@code frame.number in {6, 7}}. */
    @Override
    public String wiresharkFilter() {
        return PacketQuery.frameFilter(frames());
    }
}
