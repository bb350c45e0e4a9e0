package io.rstscope.query;

import io.rstscope.Capture;
import io.rstscope.flow.ConnState;
import io.rstscope.flow.Direction;
import io.rstscope.flow.FlowColumns;
import io.rstscope.store.Field;
import io.rstscope.store.FlowField;
import io.rstscope.view.Explanation;
import io.rstscope.view.Ladder;
import io.rstscope.view.PacketList;
import java.time.Duration;
import java.time.Instant;

/**
 * One connection: a row of the {@code flows} table, with the way to its resets, its packets, its
 * explanation and its ladder diagram.
 *
 * <pre>{@code
 * Flow f = cap.flows().port(443).withReset().first();
 * f.uid();                 // "CmES1r3dP0Jq1qvEq6"
 * f.state();               // RSTR
 * f.ladder();              // the sequence diagram, the RST highlighted
 * f.get(FlowField.HISTORY) // "ShADadr"
 * }</pre>
 *
 * @param capture the capture it belongs to
 * @param row     its row in the flows table
 */
public record Flow(Capture capture, int row) {

    private FlowColumns fc() {
        return capture.flowColumns();
    }

    /** Zeek-style unique id: {@code flow.uid()}. */
    public String uid() {
        return fc().uid(row);
    }

    /** Time of the first packet: {@code flow.start()}. */
    public Instant start() {
        long ts = fc().ts(row);
        return Instant.ofEpochSecond(Math.floorDiv(ts, 1_000_000_000L), Math.floorMod(ts, 1_000_000_000L));
    }

    /** Zeek's duration: {@code flow.duration().toMillis()}. */
    public Duration duration() {
        return Duration.ofNanos(fc().durationNanos(row));
    }

    /** The client's (originator's) address: {@code flow.origH()}. */
    public String origH() {
        return fc().addresses().text(fc().address(row, Direction.ORIG));
    }

    /** The client's port: {@code flow.origP()}. */
    public int origP() {
        return fc().port(row, Direction.ORIG);
    }

    /** The server's (responder's) address: {@code flow.respH()}. */
    public String respH() {
        return fc().addresses().text(fc().address(row, Direction.RESP));
    }

    /** The server's port: {@code flow.respP()}. */
    public int respP() {
        return fc().port(row, Direction.RESP);
    }

    /** Zeek's conn_state: {@code flow.state() == ConnState.REJ}. */
    public ConnState state() {
        return fc().connState(row);
    }

    /** Zeek's history letters: {@code flow.history()}. */
    public String history() {
        return fc().history(row);
    }

    /** RST packets from either side: {@code flow.rstCount()}. */
    public int rstCount() {
        return fc().rsts(row, Direction.ORIG) + fc().rsts(row, Direction.RESP);
    }

    /** Any column of the row, as Tablesaw holds it ({@code null} when missing): {@code flow.get(FlowField.RTT_SYN_MS)}. */
    public Object get(Field field) {
        Field f = Fields.of("get", "flows", FlowField.class, field);
        var column = capture.flowTable().column(f.column());
        return column.isMissing(row) ? null : column.get(row);
    }

    /** As {@link #get(Field)}, the field named by its column: {@code flow.get("history")}. */
    public Object get(String field) {
        return get(Fields.named("get", "flows", FlowField.class, field));
    }

    /** This connection as a query of one row: {@code flow.query().toZeekLog("one.log")}. */
    public FlowQuery query() {
        return FlowQuery.of(capture).with(new Condition.Row(row, uid()));
    }

    /** Its resets: {@code flow.resets().list()}. */
    public ResetQuery resets() {
        return query().resets();
    }

    /** Its packets: {@code flow.packets().table()}. */
    public PacketQuery packets() {
        return query().packets();
    }

    /** The connection and each of its resets, told: {@code flow.explain()}. */
    public Explanation explain() {
        return Views.connections(capture, query().toString(), new int[] {row});
    }

    /** The connection as a sequence diagram: {@code flow.ladder().text()}. */
    public Ladder ladder() {
        return Views.ladder(capture, row);
    }

    /**
     * The connection's packets, one line each as tshark lists them, RSTs marked:
     * {@code cap.flows().withReset().first().packetList().text()}.
     */
    public PacketList packetList() {
        return Views.packetList(capture, row);
    }

    /** One line: {@code C1abc 10.0.0.1:40000 → 10.0.0.2:80 REJ Sr, 1 RST}. */
    @Override
    public String toString() {
        int rsts = rstCount();
        return uid() + " " + Views.endpoint(origH(), origP()) + " → " + Views.endpoint(respH(), respP()) + " "
                + state() + " " + history() + ", " + (fc().packets(row, Direction.ORIG) + fc().packets(row, Direction.RESP))
                + " packets" + (rsts == 0 ? "" : ", " + rsts + (rsts == 1 ? " RST" : " RSTs"));
    }
}
