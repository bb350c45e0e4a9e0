package io.rstscope.query;

import static io.rstscope.reset.Cause.PORT_CLOSED;
import static io.rstscope.reset.Stage.HANDSHAKE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rstscope.Capture;
import io.rstscope.flow.ConnState;
import io.rstscope.store.Col;
import io.rstscope.store.FlowField;
import io.rstscope.store.ResetField;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** The terminal operations on the joined recorded client captures. */
class TerminalsTest {

    static final Capture CAP = Recorded.client();

    @Test
    void should_give_the_selected_rows_of_the_table_when_table_is_asked() {
        Table t = CAP.resets().cause(PORT_CLOSED).table();
        assertThat(t.name()).isEqualTo("resets");
        assertThat(t.rowCount()).isEqualTo(6);
        assertThat(t.columnCount()).isEqualTo(ResetField.values().length);
        assertThat(t.stringColumn("cause").unique().asList()).containsExactly("PORT_CLOSED");
        // The capture's own table is left as it was.
        assertThat(CAP.resetTable().rowCount()).isEqualTo(25);
    }

    @Test
    void should_keep_only_the_selected_columns_in_order_when_select_is_a_step(@TempDir Path dir) throws Exception {
        ResetQuery all = CAP.resets().cause(PORT_CLOSED);
        ResetQuery picked = all.select(Col.ORIG_H, Col.CAUSE, Col.VERDICT);
        assertThat(picked.table().columnNames()).containsExactly("orig_h", "cause", "verdict");
        assertThat(picked.table().rowCount()).isEqualTo(all.count());
        assertThat(all.table().columnCount()).isEqualTo(ResetField.values().length);
        assertThat(picked).hasToString(all.text() + ".select(orig_h, cause, verdict) → 6 resets");
        // Filters after select still see every column; a second select replaces the first.
        assertThat(CAP.resets().select("uid").stage(HANDSHAKE).select(Col.FRAME).table().columnNames()).containsExactly("frame");
        Path csv = picked.toCsv(dir.resolve("picked.csv"));
        assertThat(Files.readAllLines(csv).get(0)).isEqualTo("orig_h,cause,verdict");
        Path json = picked.toJson(dir.resolve("picked.json"));
        assertThat(Files.readString(json)).startsWith("[\n{\"orig_h\":").doesNotContain("\"uid\"");
        assertThat(CAP.flows().select(Col.UID, Col.DURATION).table().columnNames()).containsExactly("uid", "duration");
        assertThatThrownBy(() -> CAP.flows().select(Col.CAUSE)).hasMessageStartingWith("select(CAUSE): flows has no field cause");
        assertThatThrownBy(() -> CAP.flows().select(new Col[0])).hasMessage("select(): expected at least one field of flows");
    }

    @Test
    void should_give_rows_as_values_when_list_first_single_and_stream_are_asked() {
        List<Flow> flows = CAP.flows().port(7060).list();
        assertThat(flows).extracting(Flow::state).containsExactly(ConnState.SF, ConnState.RSTOS0, ConnState.SF);
        assertThat(CAP.flows().withReset().first().respP()).isEqualTo(7020);
        Flow rej = CAP.flows().port(7020).single();
        assertThat(rej.state()).isEqualTo(ConnState.REJ);
        assertThat(rej.history()).isEqualTo("Sr");
        assertThat(rej.get(FlowField.RST_CAUSE)).isEqualTo("PORT_CLOSED");
        assertThat(rej.get("orig_pkts")).isEqualTo(1L);
        assertThat(rej.toString()).isEqualTo(rej.uid() + " 10.77.1.2:41020 → 10.77.2.2:7020 REJ Sr, 2 packets, 1 RST");
        assertThat(rej.uid()).isEqualTo(CAP.flowTable().stringColumn("uid").get(rej.row()));
        assertThat(rej.query().toString()).isEqualTo("flows(recorded-client-all.pcap).uid(\"" + rej.uid() + "\")");
        assertThat(rej.resets().count()).isEqualTo(1);
        assertThat(rej.packets().count()).isEqualTo(2);
        assertThat(CAP.resets().stage(HANDSHAKE).stream().map(r -> r.cause().name()).distinct().count()).isEqualTo(7);
        Reset r = CAP.resets().port(7020).single();
        assertThat(r.frame()).isEqualTo(35);  // after the 33 packets of the clean scenario
        assertThat(r.flow()).isEqualTo(rej);
        Packet p = CAP.packets().port(7020).first();
        assertThat(p.toString()).isEqualTo("34 10.77.1.2:41020 > 10.77.2.2:7020 [SYN] seq " + p.seq() + " ack 0 len 0 ttl 64");
        assertThat(p.flow()).isEqualTo(rej);
    }

    @Test
    void should_fail_with_the_query_in_the_message_when_first_or_single_find_no_match() {
        assertThatThrownBy(() -> CAP.flows().port(9).first())
                .hasMessage("flows(recorded-client-all.pcap).port(9): first() found no connection");
        assertThatThrownBy(() -> CAP.flows().withReset().single())
                .hasMessage("flows(recorded-client-all.pcap).withReset() → 24 connections: single() expected exactly one "
                        + "connection, found 24; add a filter, or use first()");
    }

    @Test
    void should_count_each_group_largest_first_when_group_by_count_is_asked() {
        Table t = CAP.flows().groupBy(FlowField.CONN_STATE).count();
        assertThat(t.stringColumn("conn_state").asList())
                .containsExactly("SF", "RSTO", "RSTR", "REJ", "RSTOS0", "S1", "SH", "OTH");
        assertThat(t.intColumn("count").asList()).containsExactly(10, 8, 7, 6, 2, 2, 1, 1);
        Table two = CAP.resets().groupBy(ResetField.CAUSE, ResetField.ORIGIN).count();
        assertThat(two.rowCount()).isEqualTo(15);
        assertThat(two.row(0).getString("cause") + " " + two.row(0).getString("origin") + " " + two.row(0).getInt("count"))
                .isEqualTo("PORT_CLOSED ENDPOINT 6");
        assertThat(CAP.resets().groupBy("stage", "sender").toString())
                .isEqualTo("resets(recorded-client-all.pcap).groupBy(stage, sender)");
        Table bySender = CAP.resets().stage(HANDSHAKE).groupBy("sender").count();
        assertThat(bySender.stringColumn("sender").asList()).containsExactly("SERVER", "CLIENT");
        assertThat(bySender.intColumn("count").asList()).containsExactly(8, 5);
    }

    @Test
    void should_give_the_largest_rows_or_the_commonest_values_when_top_is_asked() {
        Table longest = CAP.flows().top(3, FlowField.DURATION);
        assertThat(longest.doubleColumn("duration").asList()).containsExactly(3.059026, 3.009992, 2.202629);
        Table causes = CAP.resets().top(2, "cause");
        assertThat(causes.stringColumn("cause").asList()).containsExactly("PORT_CLOSED", "CLIENT_ABORT");
        assertThat(causes.intColumn("count").asList()).containsExactly(6, 3);
    }

    @Test
    void should_describe_each_column_when_describe_is_asked() {
        Table d = CAP.flows().describe();
        assertThat(d.rowCount()).isEqualTo(FlowField.values().length);
        int state = d.stringColumn("column").indexOf("conn_state");
        assertThat(d.intColumn("distinct").get(state)).isEqualTo(8);
        assertThat(d.stringColumn("most_common").get(state)).isEqualTo("SF (10)");
        int duration = d.stringColumn("column").indexOf("duration");
        assertThat(d.intColumn("missing").get(duration)).isEqualTo(2);
        assertThat(d.stringColumn("max").get(duration)).isEqualTo("3.059026");
        int ts = d.stringColumn("column").indexOf("ts");
        assertThat(d.stringColumn("min").get(ts)).isEqualTo("2026-11-24T04:25:14.536686Z");
    }

    @Test
    void should_print_the_query_and_after_a_terminal_its_count_when_to_string_is_asked() {
        FlowQuery q = CAP.flows().state(ConnState.REJ).host("10.77.0.0/16").longerThan(0.00005).limit(10);
        assertThat(q.toString()).isEqualTo(
                "flows(recorded-client-all.pcap).state(REJ).host(\"10.77.0.0/16\").longerThan(0.00005).limit(10)");
        q.count();
        // closed-port and server-reject (63 and 59 µs); router-reject and the scans' refusals are quicker
        assertThat(q.toString()).endsWith(".limit(10) → 2 connections");
        assertThat(CAP.flows().port(7180).resets().where(ResetField.FORGED_SCORE, io.rstscope.Rst.ge(4)).toString())
                .isEqualTo("flows(recorded-client-all.pcap).port(7180).resets().where(forged_score, ge(4))");
        assertThat(CAP.flows().where("history", io.rstscope.Rst.contains("R").or(io.rstscope.Rst.in("S0", "REJ"))).toString())
                .isEqualTo("flows(recorded-client-all.pcap).where(history, contains(\"R\").or(in(\"S0\", \"REJ\")))");
    }

    @Test
    void should_leave_the_query_unchanged_when_a_filter_makes_a_new_one() {
        FlowQuery all = CAP.flows();
        FlowQuery some = all.withReset();
        assertThat(all.count()).isEqualTo(37);
        assertThat(some.count()).isEqualTo(24);
        assertThat(all.limit(5).count()).isEqualTo(5);
        assertThat(all.limit(5).limit(10).count()).isEqualTo(5);
    }

    @Test
    void should_keep_the_connections_of_the_reset_filters_when_a_packet_query_explains() {
        var e = CAP.packets().port(7180).explain();
        assertThat(e.stories()).hasSize(2);
        assertThat(CAP.flows().port(7180).explain().stories()).hasSize(1);
        assertThat(CAP.flows().port(7180).explain().resets()).isEqualTo(2);
        assertThat(CAP.resets().explain().stories().stream().map(s -> s.verdict().name()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("GENUINE", "FORGED");
    }
}
