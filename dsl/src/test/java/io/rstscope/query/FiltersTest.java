package io.rstscope.query;

import static io.rstscope.Rst.contains;
import static io.rstscope.Rst.eq;
import static io.rstscope.Rst.ge;
import static io.rstscope.Rst.gt;
import static io.rstscope.Rst.in;
import static io.rstscope.Rst.missing;
import static io.rstscope.reset.Cause.FIREWALL_REJECT;
import static io.rstscope.reset.Cause.POLICY_INJECTION;
import static io.rstscope.reset.Cause.PORT_CLOSED;
import static io.rstscope.reset.Stage.DATA_TRANSFER;
import static io.rstscope.reset.Stage.HANDSHAKE;
import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.Capture;
import io.rstscope.flow.ConnState;
import io.rstscope.reset.Origin;
import io.rstscope.reset.Sender;
import io.rstscope.reset.Verdict;
import io.rstscope.store.FlowField;
import io.rstscope.store.PacketField;
import io.rstscope.store.ResetField;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every filter on the recorded client captures joined into one (37 connections, 25 resets, 757
 * packets; see the captures' README for what each scenario does). The expected counts come from the
 * scenarios: e.g. 13 resets at the handshake (closed ports, rejects, backlog, TIME_WAIT, odd SYNs,
 * scans, challenge ACK), 4 sent by the router (one REJECT, one idle timeout, two policy injections).
 */
class FiltersTest {

    static final Capture CAP = Recorded.client();

    @Test
    void should_read_and_work_as_written_when_the_design_example_runs() {
        FlowQuery q = CAP.flows().withReset().stage(HANDSHAKE).spoofed();
        assertThat(q.count()).isEqualTo(1);
        assertThat(q.single().respP()).isEqualTo(7041);
        assertThat(q.toString()).isEqualTo("flows(recorded-client-all.pcap).withReset().stage(HANDSHAKE).spoofed() → 1 connection");
    }

    @Test
    void should_split_the_connections_when_with_and_without_reset_are_asked() {
        assertThat(CAP.flows().count()).isEqualTo(37);
        assertThat(CAP.flows().withReset().count()).isEqualTo(24);
        assertThat(CAP.flows().withoutReset().count()).isEqualTo(13);
        assertThat(CAP.resets().withReset().count()).isEqualTo(25);
        assertThat(CAP.resets().withoutReset().count()).isZero();
        assertThat(CAP.packets().withoutReset().count()).isEqualTo(757 - 116);
    }

    @Test
    void should_select_by_the_reset_attributes_when_stage_cause_sender_origin_verdict_are_asked() {
        assertThat(CAP.resets().stage(HANDSHAKE).count()).isEqualTo(13);
        assertThat(CAP.flows().stage(HANDSHAKE).count()).isEqualTo(13);
        assertThat(CAP.resets().stage(HANDSHAKE, DATA_TRANSFER).count()).isEqualTo(20);
        assertThat(CAP.resets().cause(PORT_CLOSED).count()).isEqualTo(6);
        assertThat(CAP.resets().cause(PORT_CLOSED, FIREWALL_REJECT).count()).isEqualTo(7);
        assertThat(CAP.resets().sender(Sender.SERVER).count()).isEqualTo(14);
        assertThat(CAP.resets().sender(Sender.CLIENT).count()).isEqualTo(11);
        assertThat(CAP.resets().origin(Origin.MIDDLEBOX).count()).isEqualTo(4);
        // The router's REJECT is forged too: in the server's name, which never sent it.
        assertThat(CAP.resets().verdict(Verdict.FORGED).count()).isEqualTo(4);
        assertThat(CAP.resets().verdict(Verdict.SUSPICIOUS).count()).isZero();
    }

    @Test
    void should_count_the_router_resets_as_spoofed_and_the_rest_as_genuine_when_spoofed_and_genuine_are_asked() {
        assertThat(CAP.resets().spoofed().count()).isEqualTo(4);
        assertThat(CAP.resets().genuine().count()).isEqualTo(21);
        assertThat(CAP.flows().spoofed().count()).isEqualTo(3);
        assertThat(CAP.flows().genuine().count()).isEqualTo(21);
        assertThat(CAP.packets().spoofed().count()).isEqualTo(2 + 8 + 7);
    }

    @Test
    void should_ask_one_reset_for_all_reset_filters_together_when_a_flow_query_has_several() {
        // The policy-injection connection has two DATA_TRANSFER resets, both FORGED; the idle-timeout one
        // has one. The one reset both at the handshake and FORGED is the router's REJECT.
        assertThat(CAP.flows().stage(DATA_TRANSFER).verdict(Verdict.FORGED).count()).isEqualTo(2);
        assertThat(CAP.flows().stage(HANDSHAKE).verdict(Verdict.FORGED).count()).isEqualTo(1);
        assertThat(CAP.flows().cause(POLICY_INJECTION).sender(Sender.SERVER).count()).isEqualTo(1);
    }

    @Test
    void should_match_addresses_and_blocks_when_host_client_and_server_are_asked() {
        assertThat(CAP.flows().host("10.77.0.0/16").count()).isEqualTo(34);
        assertThat(CAP.flows().host("fd77::/16").count()).isEqualTo(3);
        assertThat(CAP.flows().client("10.77.1.2").count()).isEqualTo(34);
        assertThat(CAP.flows().server("fd77:2::2").count()).isEqualTo(3);
        assertThat(CAP.flows().client("10.77.2.2").count()).isZero();
        assertThat(CAP.resets().host("fd77:1::2/128").count()).isEqualTo(2);
        assertThat(CAP.packets().server("fd77:2::/64").count()).isEqualTo(CAP.flows().host("fd77::/16").packets().count());
    }

    @Test
    void should_match_either_end_when_port_is_asked() {
        assertThat(CAP.flows().port(7070).count()).isEqualTo(3);
        assertThat(CAP.flows().port(41080).count()).isEqualTo(2);
        assertThat(CAP.packets().port(7020).count()).isEqualTo(2);
        assertThat(CAP.resets().port(7180).count()).isEqualTo(2);
    }

    @Test
    void should_use_zeek_conn_state_and_duration_when_state_and_longer_than_are_asked() {
        assertThat(CAP.flows().state(ConnState.REJ).count()).isEqualTo(6);
        assertThat(CAP.flows().state(ConnState.SF, ConnState.S1).count()).isEqualTo(12);
        assertThat(CAP.flows().longerThan(2.0).count()).isEqualTo(4);
        assertThat(CAP.flows().longerThan(Duration.ofSeconds(3)).count()).isEqualTo(2);
        assertThat(CAP.resets().longerThan(3.0).count()).isEqualTo(2);
    }

    @Test
    void should_keep_what_was_alive_or_sent_in_the_range_when_between_is_asked() {
        // The idle-timeout scenario: 04:25:43.203 to 04:25:46.213 UTC, alone in this range.
        String from = "2026-11-24T04:25:43";
        String to = "2026-11-24T04:25:46.5";
        assertThat(CAP.flows().between(from, to).count()).isEqualTo(1);
        assertThat(CAP.resets().between(from, to).count()).isEqualTo(1);
        assertThat(CAP.packets().between(from, to).count()).isEqualTo(8);
        assertThat(CAP.flows().between("2026-11-24T04:25:43Z", "2026-11-24T06:25:46.5+02:00").count()).isEqualTo(1);
    }

    @Test
    void should_test_the_query_table_column_when_where_is_asked() {
        assertThat(CAP.flows().where(FlowField.DURATION, gt(3)).count()).isEqualTo(2);
        assertThat(CAP.flows().where("history", contains("R")).count()).isEqualTo(10);
        assertThat(CAP.flows().where(FlowField.RST_CAUSE, eq(PORT_CLOSED)).count()).isEqualTo(6);
        assertThat(CAP.flows().where(FlowField.MAX_FORGED_SCORE, ge(4)).count()).isEqualTo(3);
        assertThat(CAP.flows().where("rst_cause", missing()).count()).isEqualTo(13);
        assertThat(CAP.flows().where("resp_p", in(7020, 7030, 7041)).count()).isEqualTo(3);
        assertThat(CAP.resets().where(ResetField.TTL, eq(64)).count()).isEqualTo(15);
        assertThat(CAP.packets().where(PacketField.FLAGS, contains("RST")).count()).isEqualTo(25);
        assertThat(CAP.flows().where("history", contains("R").not()).count()).isEqualTo(27);
        assertThat(CAP.flows().where("resp_p", eq(7020).or(eq(7030))).count()).isEqualTo(2);
    }

    @Test
    void should_select_one_connection_when_uid_is_asked() {
        Flow f = CAP.flows().port(7020).single();
        assertThat(CAP.flows().uid(f.uid()).count()).isEqualTo(1);
        assertThat(CAP.resets().uid(f.uid()).single().cause()).isEqualTo(PORT_CLOSED);
        assertThat(CAP.packets().uid(f.uid()).count()).isEqualTo(2);
    }

    @Test
    void should_give_the_related_rows_when_queries_navigate() {
        assertThat(CAP.flows().port(7180).resets().count()).isEqualTo(2);
        assertThat(CAP.resets().cause(POLICY_INJECTION).flows().count()).isEqualTo(1);
        assertThat(CAP.flows().withReset().packets().count()).isEqualTo(116);
        assertThat(CAP.resets().packets().count()).isEqualTo(25);
        assertThat(CAP.resets().spoofed().packets().where(PacketField.FLAGS, contains("RST")).count()).isEqualTo(4);
        assertThat(CAP.packets().where(PacketField.FLAGS, contains("RST")).flows().count()).isEqualTo(24);
        assertThat(CAP.packets().where(PacketField.FLAGS, contains("RST")).resets().count()).isEqualTo(25);
        assertThat(CAP.packets().port(7180).resets().spoofed().count()).isEqualTo(2);
        assertThat(CAP.resets().spoofed().flows().resets().count()).isEqualTo(4);
    }

    @Test
    void should_give_the_same_rows_when_the_filters_come_in_another_order() {
        var a = CAP.flows().withReset().stage(HANDSHAKE).host("10.77.0.0/16").port(7070);
        var b = CAP.flows().port(7070).host("10.77.0.0/16").stage(HANDSHAKE).withReset();
        assertThat(a.list()).isEqualTo(b.list()).hasSize(2);
    }
}
