package io.rstscope.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rstscope.Capture;
import io.rstscope.Rst;
import io.rstscope.capture.CaptureWriter;
import io.rstscope.capture.Fixtures;
import io.rstscope.reset.Verdict;
import io.rstscope.teach.Conversation;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ladders, explanations and timelines of recorded and synthetic (teaching) captures. */
class ViewsTest {

    static Capture recorded(String scenario) {
        return Rst.open(Fixtures.capture("kernel/" + scenario + "/client.pcap"));
    }

    @Test
    void should_draw_the_syn_and_the_refusal_when_the_closed_port_ladder_is_drawn() {
        Capture cap = recorded("closed-port");
        Ladder l = cap.flows().single().ladder();
        String uid = cap.flows().single().uid();
        assertThat(l.middlebox()).isFalse();
        assertThat(l.arrows()).extracting(Ladder.Arrow::label).containsExactly("SYN seq=0 len=0", "RST,ACK seq=0 ack=1 len=0");
        assertThat(l.text()).isEqualTo(uid + ": client 10.77.1.2:41020 → server 10.77.2.2:7020, REJ (connection attempt "
                + "rejected), history Sr, 2 packets, from 2026-11-24 04:25:17.316396 UTC\n"
                + "\n"
                + "    time (s)  client                                   server\n"
                + "    0.000000  |----------- SYN seq=0 len=0 ---------->|\n"
                + "    0.000063  |<===== RST,ACK seq=0 ack=1 len=0 ======|  ** RST PORT_CLOSED (or FIREWALL_REJECT), GENUINE\n");
        assertThat(l.svg()).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>")
                .contains(">RST: PORT_CLOSED (or FIREWALL_REJECT),</text>").contains(">GENUINE</text>")
                .contains("stroke=\"" + Words.color(Verdict.GENUINE) + "\" stroke-width=\"2.5\"");
    }

    @Test
    void should_draw_the_injected_resets_from_a_middlebox_lane_when_a_device_on_the_path_sent_them() {
        Ladder l = recorded("policy-injection").flows().single().ladder();
        assertThat(l.middlebox()).isTrue();
        assertThat(l.arrows()).hasSize(7);
        List<Ladder.Arrow> resets = l.arrows().stream().filter(Ladder.Arrow::reset).toList();
        assertThat(resets).extracting(Ladder.Arrow::from).containsOnly(Ladder.Lane.MIDDLEBOX);
        assertThat(resets).extracting(Ladder.Arrow::to).containsOnly(Ladder.Lane.CLIENT);
        assertThat(resets).extracting(Ladder.Arrow::label).containsExactly("RST seq=1 len=0", "RST,ACK seq=1461 ack=16 len=0");
        assertThat(resets.get(0).note()).isEqualTo("POLICY_INJECTION, FORGED, MIDDLEBOX, claims to be the server");
        assertThat(l.text()).contains("middlebox").contains("** RST POLICY_INJECTION, FORGED, MIDDLEBOX, claims to be the server");
        assertThat(l.svg()).contains(">middlebox</text>").contains("stroke-dasharray");
    }

    @Test
    void should_keep_both_ends_and_count_the_rest_when_a_connection_is_long() {
        Capture cap = recorded("time-wait-reuse");
        Ladder l = cap.flows().port(7060).first().ladder();
        assertThat(l.packets()).isEqualTo(539);
        assertThat(l.arrows()).hasSize(2 * Ladder.EDGE);
        assertThat(l.arrows().get(Ladder.EDGE).skipped()).isEqualTo(539 - 2 * Ladder.EDGE);
        assertThat(l.text()).contains("... 239 packets ...");
    }

    @Test
    void should_number_sequences_from_each_side_isn_when_a_teaching_conversation_is_drawn(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("abort.pcap");
        try (OutputStream out = Files.newOutputStream(file); CaptureWriter w = CaptureWriter.pcap(out, CaptureWriter.LINKTYPE_ETHERNET)) {
            Conversation c = Conversation.ipv4(w::write, "192.0.2.1", 40000, "198.51.100.7", 80, 1_700_000_000_000_000_000L);
            c.isn(1000, 5000);
            c.handshake();
            c.send(Conversation.Side.CLIENT, 100);
            c.abort(Conversation.Side.SERVER);
        }
        Capture cap = Rst.open(file);
        Ladder l = cap.flows().single().ladder();
        assertThat(l.arrows()).extracting(Ladder.Arrow::label).startsWith("SYN seq=0 len=0", "SYN,ACK seq=0 ack=1 len=0",
                "ACK seq=1 ack=1 len=0", "PSH,ACK seq=1 ack=1 len=100");
        Ladder.Arrow rst = l.arrows().get(l.arrows().size() - 1);
        assertThat(rst.reset()).isTrue();
        assertThat(rst.from()).isEqualTo(Ladder.Lane.SERVER);
        assertThat(cap.resets().single().explain().text()).contains("Stage: ").contains("Sent by: the server itself (origin ENDPOINT).");
    }

    @Test
    void should_tell_each_reset_with_its_evidence_when_explained() {
        Capture cap = recorded("idle-timeout");
        Explanation e = cap.resets().explain();
        assertThat(e.stories()).hasSize(1);
        Explanation.Story s = e.stories().get(0);
        assertThat(s.heading()).startsWith("Frame 8, 2026-11-24 04:25:46.213269 UTC: RST,ACK from the server 10.77.2.2:7170 "
                + "to the client 10.77.1.2:41170 (connection ");
        assertThat(s.lines()).containsExactly(
                "Stage: while data was being exchanged (DATA_TRANSFER).",
                "Cause: IDLE_TIMEOUT — the connection was idle longer than allowed.",
                "Sent by: a device on the path, not the server whose address it carries (origin MIDDLEBOX).",
                "Verdict: FORGED, forgery score 5 — the signals add up: something other than the server sent it.",
                "Sequence number: EXACT — seq is exactly the receiver's next expected sequence number, so it resets at once.",
                "TTL 64, the server's usual 63; 3009.756 ms after the connection's previous packet.",
                "Evidence:",
                "  - ttl_closer_than_sender +3: ttl 64, sender's baseline 63",
                "  - timestamp_missing +1: RST|ACK without the timestamp option on a connection that negotiated it",
                "  - df_differs +1: DF clear, the claimed sender's 3 other packets have it set",
                "  - idle_before_injection: silent for 3009 ms, then reset by the path");
        assertThat(e.text()).startsWith("resets(client.pcap) → 1 reset\n\nFrame 8, ");
        assertThat(e.html()).contains("border-left:4px solid " + Words.color(Verdict.FORGED)).contains("<li>Cause: IDLE_TIMEOUT");
        Explanation byConnection = cap.flows().explain();
        assertThat(byConnection.stories().get(0).lines().get(0)).isEqualTo("State: RSTR — the responder sent a RST; history ShADadr.");
        assertThat(byConnection.resets()).isEqualTo(1);
        assertThat(recorded("clean").resets().explain().text()).endsWith("Nothing to explain: the query selects no reset.\n");
    }

    @Test
    void should_put_one_lane_per_cause_most_frequent_first_when_a_timeline_is_drawn() {
        Timeline t = recorded("nmap-syn-scan").resets().timeline();
        assertThat(t.count()).isEqualTo(2);
        assertThat(t.lanes()).extracting(Timeline.Lane::cause).extracting(Enum::name)
                .containsExactly("PORT_CLOSED", "HALF_OPEN_SCAN");
        assertThat(t.text()).contains("PORT_CLOSED    |").contains("| 1\n");
        assertThat(t.svg()).contains(">PORT_CLOSED (1)</text>").contains(">HALF_OPEN_SCAN (1)</text>").endsWith("</svg>");
        assertThat(recorded("clean").resets().timeline().text()).endsWith("no resets\n");
    }

    @Test
    void should_refuse_to_draw_several_connections_when_a_ladder_of_a_query_is_asked() {
        Capture cap = recorded("nmap-syn-scan");
        assertThatThrownBy(() -> cap.flows().ladder())
                .hasMessage("flows(client.pcap) → 2 connections: ladder() draws one connection, the query has 2; add a "
                        + "filter, or use first().ladder()");
        assertThat(cap.resets().port(7081).ladder().arrows()).hasSize(2);
    }
}
