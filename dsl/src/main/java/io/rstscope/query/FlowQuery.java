package io.rstscope.query;

import io.rstscope.Capture;
import io.rstscope.capture.AddressTable;
import io.rstscope.flow.Direction;
import io.rstscope.flow.FlowColumns;
import io.rstscope.reset.ResetRow;
import io.rstscope.store.Field;
import io.rstscope.store.FlowField;
import io.rstscope.view.Explanation;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tech.tablesaw.api.Table;

/**
 * The connections of a capture — rows of the {@code flows} table — narrowed by filters. Made by
 * {@code cap.flows()} (or the bare {@code flows()} in a notebook or the shell); immutable.
 *
 * <pre>{@code
 * flows().withReset().stage(HANDSHAKE).spoofed().count();       // connections reset at the handshake by an injector
 * cap.flows().port(443).withReset().first().ladder();           // one connection as a sequence diagram
 * cap.flows().state(REJ).groupBy(RESP_P).count();               // refused connections per port
 * cap.flows().host("10.0.0.0/8").longerThan(30).toZeekLog("long.log");
 * cap.flows().withReset().resets().explain();                   // navigate to their resets
 * }</pre>
 *
 * <p>A reset filter ({@code stage, cause, sender, origin, verdict, spoofed, genuine}) keeps the
 * connections that have one reset meeting every reset filter of the query together, so
 * {@code flows().stage(HANDSHAKE).spoofed()} is the connections of {@code resets().stage(HANDSHAKE).spoofed()}.
 * The flows table's {@code rst_*} columns describe only a connection's first reset; ask about them with
 * {@code where(RST_CAUSE, eq("IDLE_TIMEOUT"))}.
 */
public final class FlowQuery extends Query<FlowQuery, Flow> {

    FlowQuery(Capture capture, String origin, List<Condition> conditions, int limit) {
        this(capture, origin, conditions, limit, List.of());
    }

    FlowQuery(Capture capture, String origin, List<Condition> conditions, int limit, List<Field> selected) {
        super(capture, origin, conditions, limit, selected);
    }

    /** Every connection of {@code capture}; the same as {@code capture.flows()}. */
    public static FlowQuery of(Capture capture) {
        return new FlowQuery(capture, "flows(" + capture.data().file().getFileName() + ")", List.of(), -1);
    }

    @Override
    FlowQuery copy(List<Condition> conditions, int limit, List<Field> selected) {
        return new FlowQuery(capture, origin, conditions, limit, selected);
    }

    @Override
    protected String tableName() {
        return "flows";
    }

    @Override
    String rowName() {
        return "connection";
    }

    @Override
    protected Class<? extends Field> schema() {
        return FlowField.class;
    }

    @Override
    Table wholeTable() {
        return capture.flowTable();
    }

    @Override
    int[] evaluate(Engine engine) {
        return engine.flows(conditions);
    }

    @Override
    Flow row(int row) {
        return new Flow(capture, row);
    }

    @Override
    BitSet connectionsOf(int[] rows) {
        BitSet b = new BitSet(capture.flowColumns().size());
        for (int r : rows) {
            b.set(r);
        }
        return b;
    }

    @Override
    List<ResetRow> resetsOf(int[] rows) {
        BitSet flows = connectionsOf(rows);
        List<ResetRow> out = new ArrayList<>();
        for (ResetRow r : capture.resetRows()) {
            if (flows.get(r.flow())) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    Explanation explain(int[] rows) {
        return Views.connections(capture, toString(), rows);
    }

    /** The resets of the selected connections: {@code flows().port(443).resets().groupBy(CAUSE).count()}. */
    public ResetQuery resets() {
        return new ResetQuery(capture, text() + ".resets()", List.of(new Condition.Via(this)), -1);
    }

    /** The packets of the selected connections: {@code flows().uid("C...").packets().table()}. */
    public PacketQuery packets() {
        return new PacketQuery(capture, text() + ".packets()", List.of(new Condition.Via(this)), -1);
    }

    /**
     * A display filter for the connections' address and port pairs:
     * {@code (ip.addr==10.0.0.1 && ip.addr==10.0.0.2 && tcp.port==40000 && tcp.port==80) || ...}; a
     * tuple reused by several connections appears once (and selects all of them).
     */
    @Override
    public String wiresharkFilter() {
        return tupleFilter(capture.flowColumns(), connections());
    }

    static String tupleFilter(FlowColumns fc, BitSet flows) {
        AddressTable a = fc.addresses();
        Set<String> terms = new LinkedHashSet<>();
        for (int f = flows.nextSetBit(0); f >= 0; f = flows.nextSetBit(f + 1)) {
            int o = fc.address(f, Direction.ORIG);
            int r = fc.address(f, Direction.RESP);
            String ip = a.isIpv4(o) ? "ip.addr" : "ipv6.addr";
            terms.add("(" + ip + "==" + a.text(o) + " && " + ip + "==" + a.text(r) + " && tcp.port=="
                    + fc.port(f, Direction.ORIG) + " && tcp.port==" + fc.port(f, Direction.RESP) + ")");
        }
        return terms.isEmpty() ? "frame.number==0" : String.join(" || ", terms);
    }
}
