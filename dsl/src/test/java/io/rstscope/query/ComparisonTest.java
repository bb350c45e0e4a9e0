package io.rstscope.query;

import static io.rstscope.reset.Origin.ENDPOINT;
import static io.rstscope.reset.Origin.MIDDLEBOX;
import static io.rstscope.reset.SeenAt.BOTH;
import static io.rstscope.reset.SeenAt.CLIENT_SIDE_ONLY;
import static io.rstscope.reset.SeenAt.SERVER_SIDE_ONLY;
import static io.rstscope.reset.Verdict.FORGED;
import static io.rstscope.reset.Verdict.GENUINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rstscope.Capture;
import io.rstscope.Rst;
import io.rstscope.capture.Fixtures;
import io.rstscope.capture.KernelCaptures;
import io.rstscope.reset.ResetRow;
import io.rstscope.reset.Sender;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Two recorded vantage points of the same traffic, compared. */
class ComparisonTest {

    static Comparison compare(String scenario) {
        return Rst.compare(Recorded.scenario(scenario, "client"), Recorded.scenario(scenario, "server"));
    }

    @Test
    void should_say_the_injected_resets_were_seen_at_one_end_and_came_from_the_path_when_a_middlebox_injected_them() {
        Comparison cmp = compare("policy-injection");

        List<Reset> client = cmp.resets().list();
        assertThat(client).extracting(Reset::frame).containsExactly(6L, 7L);
        assertThat(client).extracting(Reset::sender).containsOnly(Sender.SERVER);
        assertThat(client).extracting(Reset::seenAt).containsOnly(CLIENT_SIDE_ONLY);
        assertThat(client).extracting(Reset::origin).containsOnly(MIDDLEBOX);
        assertThat(client).extracting(Reset::verdict).containsOnly(FORGED);
        assertThat(client.get(0).evidence().get(client.get(0).evidence().size() - 1).toString())
                .isEqualTo("not_in_senders_capture (it carries the server's address but the server-side capture "
                        + "never shows it: the server did not send it)");

        List<Reset> server = cmp.serverSide().resets().list();
        assertThat(server).extracting(Reset::frame).containsExactly(6L, 7L);
        assertThat(server).extracting(Reset::sender).containsOnly(Sender.CLIENT);
        assertThat(server).extracting(Reset::seenAt).containsOnly(SERVER_SIDE_ONLY);
        assertThat(server).extracting(Reset::origin).containsOnly(MIDDLEBOX);
        assertThat(cmp.matchedConnections()).isEqualTo(1);
        assertThat(cmp).hasToString("compare(client.pcap, server.pcap): 1 connection in both, 4 RST: 0 BOTH, "
                + "2 CLIENT_SIDE_ONLY, 2 SERVER_SIDE_ONLY");
    }

    @Test
    void should_say_both_and_endpoint_when_the_server_itself_reset_the_connection() {
        Comparison cmp = compare("app-idle-abort");

        Reset r = cmp.resets().single();
        assertThat(r.seenAt()).isEqualTo(BOTH);
        assertThat(r.origin()).isEqualTo(ENDPOINT);
        assertThat(r.verdict()).isEqualTo(GENUINE);
        assertThat(r.evidence().get(r.evidence().size() - 1).toString())
                .isEqualTo("in_senders_capture (the server-side capture shows the server sending it, frame 8)");
        assertThat(cmp.serverSide().resets().single().seenAt()).isEqualTo(BOTH);
        assertThat(cmp.resets().where("seen_at", Rst.eq("BOTH")).count()).isEqualTo(1);
    }

    @Test
    void should_list_a_reset_seen_at_both_ends_once_with_both_frames_when_the_table_is_asked() {
        Table t = compare("closed-port").table();

        assertThat(t.rowCount()).isEqualTo(1);
        assertThat(t.columnNames()).containsExactly("seen_at", "client_frame", "server_frame", "sender", "client_cause",
                "server_cause", "origin", "verdict", "uid", "orig_h", "orig_p", "resp_h", "resp_p");
        assertThat(t.stringColumn("seen_at").get(0)).isEqualTo("BOTH");
        assertThat(t.intColumn("client_frame").get(0)).isEqualTo(2);
        assertThat(t.intColumn("server_frame").get(0)).isEqualTo(2);
        assertThat(t.stringColumn("sender").get(0)).isEqualTo("SERVER");
        assertThat(t.stringColumn("origin").get(0)).isEqualTo("ENDPOINT");
    }

    @Test
    void should_list_each_side_only_reset_with_the_other_frame_missing_when_the_table_is_asked() {
        Table t = compare("policy-injection").table();

        assertThat(t.rowCount()).isEqualTo(4);
        assertThat(t.stringColumn("seen_at").asList())
                .containsExactly("CLIENT_SIDE_ONLY", "CLIENT_SIDE_ONLY", "SERVER_SIDE_ONLY", "SERVER_SIDE_ONLY");
        assertThat(t.intColumn("client_frame").countMissing()).isEqualTo(2);
        assertThat(t.intColumn("server_frame").countMissing()).isEqualTo(2);
        assertThat(t.stringColumn("client_cause").countMissing()).isEqualTo(2);
        assertThat(t.stringColumn("origin").asList()).containsOnly("MIDDLEBOX");
    }

    @Test
    void should_leave_seen_at_missing_when_a_capture_is_not_compared() {
        Capture cap = Recorded.scenario("app-idle-abort", "client");

        assertThat(cap.resets().single().seenAt()).isNull();
        assertThat(cap.resetTable().stringColumn("seen_at").countMissing()).isEqualTo(1);
    }

    @Test
    void should_agree_with_every_label_when_all_scenarios_are_compared() throws IOException {
        Comparison cmp = Rst.compare(Rst.open(Recorded.joined("client")), Rst.open(Recorded.joined("server")));
        // Each labelled reset by vantage point, connection and claimed sender; the origin the recorder knows.
        List<String> expected = new ArrayList<>();
        List<String> labels = Files.readAllLines(Fixtures.capture("kernel/labels.tsv"));
        for (String line : labels.subList(1, labels.size())) {
            String[] f = line.split("\t");
            if (!KernelCaptures.SCENARIOS.contains(f[0])) {
                continue; // recorded later, not in the joined captures
            }
            expected.add(f[1] + " " + f[3] + ":" + f[4] + " " + f[5] + ":" + f[6] + " " + f[8] + " " + f[9]);
        }
        List<String> found = new ArrayList<>();
        for (String vantage : List.of("client", "server")) {
            Capture side = vantage.equals("client") ? cmp.clientSide() : cmp.serverSide();
            for (Reset r : side.resets().list()) {
                ResetRow row = r.row();
                found.add(vantage + " " + row.origH() + ":" + row.origP() + " " + row.respH() + ":" + row.respP() + " "
                        + row.sender() + " " + row.origin());
            }
        }

        assertThat(found).hasSize(49).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(cmp.resets().origin(MIDDLEBOX).count()).isEqualTo(4);
        assertThat(cmp.serverSide().resets().origin(MIDDLEBOX).count()).isEqualTo(3);
        Table t = cmp.table();
        assertThat(t.rowCount()).isEqualTo(28);
        assertThat(t.where(t.stringColumn("seen_at").isEqualTo("BOTH")).rowCount()).isEqualTo(21);
    }

    @Test
    void should_fail_with_both_files_named_when_the_captures_share_no_connection() {
        Capture a = Recorded.scenario("closed-port", "client");
        Capture b = Recorded.scenario("ipv6", "server");

        assertThatThrownBy(() -> Rst.compare(a, b)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("compare(client.pcap, server.pcap): expected captures of the same traffic, but no connection "
                        + "(tuple and ISN) is in both (1 and 2 connections)");
    }
}
