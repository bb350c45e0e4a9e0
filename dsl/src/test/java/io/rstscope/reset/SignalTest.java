package io.rstscope.reset;

import static io.rstscope.teach.Conversation.Side.CLIENT;
import static io.rstscope.teach.Conversation.Side.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.capture.CaptureWriter;
import io.rstscope.capture.Frames;
import io.rstscope.teach.Conversation;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One capture per forgery signal, written in real wire form by {@link Conversation} and read back: each
 * shows its signal on the reset it is about, and the verdict the points add up to. The client sees the
 * server's packets with TTL 52 over a 24 ms round trip; timestamps are off unless a test needs them, so
 * that each capture shows the signal it is about and no other.
 */
class SignalTest {

    private static final long T0 = 1_709_287_200_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;

    @TempDir
    Path tmp;

    /** A connection with a request and a 3000-byte response, then whatever {@code then} plays. */
    private List<ResetRow> play(boolean timestamps, Consumer<Conversation> then) throws IOException {
        Path file = tmp.resolve("signal.pcap");
        try (OutputStream out = Files.newOutputStream(file);
             CaptureWriter w = CaptureWriter.pcap(out, CaptureWriter.LINKTYPE_ETHERNET)) {
            Conversation c = started(w, 50300, T0, timestamps);
            c.isn(0x11223344L, 0x55667788L);
            c.handshake();
            c.send(CLIENT, 300);
            c.send(SERVER, 3000);
            c.advance(40 * MS);
            then.accept(c);
        }
        return ResetAnalysis.analyze(file);
    }

    /** A conversation from client port {@code port} to 203.0.113.80:443 at {@code t0}: TTL 64 / 52, 24 ms round trip. */
    private static Conversation started(CaptureWriter w, int port, long t0, boolean timestamps) {
        Conversation c = Conversation.ipv4(w::write, "192.0.2.10", port, "203.0.113.80", 443, t0);
        c.ttl(64, 52);
        c.rtt(24 * MS);
        c.timestamps(timestamps);
        return c;
    }

    private static List<String> signals(ResetRow r) {
        return r.evidence().stream().filter(e -> e.points() > 0).map(Evidence::signal).toList();
    }

    private static ResetRow only(List<ResetRow> rows) {
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void should_list_every_signal_with_its_points_and_source_when_the_readme_shows_the_signal_table() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("rstscope.root", "..")).resolve("README.md"));
        Matcher m = Pattern.compile("<!-- signals -->\n(.*?)<!-- /signals -->", Pattern.DOTALL).matcher(readme);

        assertThat(m.find()).as("README.md has the table of signals").isTrue();
        assertThat(m.group(1)).isEqualTo(Signal.markdownTable());
    }

    @Test
    void should_call_a_reply_with_a_routers_ttl_a_forged_firewall_reject_when_a_router_rejects_a_segment_mid_transfer()
            throws IOException {
        ResetRow r = only(play(false, c -> {
            c.sendUnacked(CLIENT, 200);
            c.advance(11 * MS);
            // iptables REJECT --reject-with tcp-reset in a router one hop in front of the server
            c.emitRaw(SERVER, Frames.RST, c.nextSeq(SERVER), 0, 0, 0, false, 53, 0);
        }));

        assertThat(signals(r)).containsExactly("ttl_closer_than_host");
        assertThat(r.cause()).isEqualTo(Cause.FIREWALL_REJECT);
        assertThat(r.origin()).isEqualTo(Origin.MIDDLEBOX);
        assertThat(r.verdict()).isEqualTo(Verdict.FORGED);
    }

    @Test
    void should_call_a_routers_reply_after_a_long_silence_an_idle_timeout_when_conntrack_forgot_the_flow() throws IOException {
        ResetRow r = only(play(false, c -> {
            c.advance(250_000 * MS);
            c.sendUnacked(CLIENT, 200);
            c.advance(11 * MS);
            c.emitRaw(SERVER, Frames.RST, c.nextSeq(SERVER), 0, 0, 0, false, 53, 0);
        }));

        assertThat(signals(r)).containsExactly("ttl_closer_than_host");
        assertThat(r.cause()).isEqualTo(Cause.IDLE_TIMEOUT);
        assertThat(r.runnerUp()).isEqualTo(Cause.FIREWALL_REJECT);
        assertThat(r.origin()).isEqualTo(Origin.MIDDLEBOX);
        assertThat(r.verdict()).isEqualTo(Verdict.FORGED);
    }

    @Test
    void should_count_a_higher_ttl_when_an_active_reset_comes_from_closer_than_the_server() throws IOException {
        ResetRow r = only(play(false, c -> c.emitRaw(SERVER, Frames.RST | Frames.ACK, c.nextSeq(SERVER),
                c.rcvNext(SERVER), 0, 500, false, 60, c.nextIpId(SERVER))));

        assertThat(signals(r)).containsExactly("ttl_closer_than_sender");
        assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    }

    @Test
    void should_count_a_lower_ttl_when_an_active_reset_comes_from_farther_than_the_server() throws IOException {
        ResetRow r = only(play(false, c -> c.emitRaw(SERVER, Frames.RST | Frames.ACK, c.nextSeq(SERVER),
                c.rcvNext(SERVER), 0, 500, false, 45, c.nextIpId(SERVER))));

        assertThat(signals(r)).containsExactly("ttl_off_baseline");
        assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    }

    @Test
    void should_count_an_ip_id_far_from_the_senders_sequence_when_the_sender_increments_it() throws IOException {
        ResetRow r = only(play(false, c -> c.emitRaw(SERVER, Frames.RST | Frames.ACK, c.nextSeq(SERVER),
                c.rcvNext(SERVER), 0, 500, false, 52, (c.nextIpId(SERVER) + 30_000) & 0xffff)));

        assertThat(signals(r)).containsExactly("ip_id_jump");
        assertThat(r.verdict()).isEqualTo(Verdict.GENUINE);
    }

    @Test
    void should_count_a_df_bit_unlike_the_senders_other_packets() throws IOException {
        ResetRow r = only(play(false, c -> c.emitRaw(SERVER, Frames.RST | Frames.ACK, c.nextSeq(SERVER),
                c.rcvNext(SERVER), 0, 500, null, 52, c.nextIpId(SERVER), false)));

        assertThat(signals(r)).containsExactly("df_differs");
        assertThat(r.verdict()).isEqualTo(Verdict.GENUINE);
    }

    @Test
    void should_count_a_missing_timestamp_when_the_connection_negotiated_timestamps() throws IOException {
        ResetRow r = only(play(true, c -> c.emitRaw(SERVER, Frames.RST | Frames.ACK, c.nextSeq(SERVER),
                c.rcvNext(SERVER), 0, 500, false, 52, c.nextIpId(SERVER))));

        assertThat(signals(r)).containsExactly("timestamp_missing");
        assertThat(r.verdict()).isEqualTo(Verdict.GENUINE);
    }

    @Test
    void should_count_an_inexact_sequence_number_inside_the_window() throws IOException {
        ResetRow r = only(play(false, c -> c.emitRaw(SERVER, Frames.RST | Frames.ACK, c.nextSeq(SERVER) + 700,
                c.rcvNext(SERVER), 0, 500, false, 52, c.nextIpId(SERVER))));

        assertThat(signals(r)).containsExactly("seq_in_window_inexact");
        assertThat(r.seqCheck()).isEqualTo(SeqCheck.IN_WINDOW);
    }

    @Test
    void should_count_data_seq_rst_when_the_server_had_already_sent_data_beyond_the_resets_seq() throws IOException {
        ResetRow r = only(play(false, c -> c.emitRaw(SERVER, Frames.RST | Frames.ACK, c.nextSeq(SERVER) - 1540,
                c.rcvNext(SERVER), 0, 500, false, 52, c.nextIpId(SERVER))));

        assertThat(signals(r)).containsExactly("data_seq_rst");
        assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    }

    @Test
    void should_call_a_reset_forged_when_the_claimed_server_keeps_sending_data_right_after_it() throws IOException {
        List<ResetRow> rows = play(false, c -> {
            c.sendUnacked(CLIENT, 120);
            c.advance(300 * US);
            c.emitRaw(SERVER, Frames.RST | Frames.ACK, c.nextSeq(SERVER), c.rcvNext(SERVER), 0, 500, false, 52,
                    c.nextIpId(SERVER));
            c.advance(12 * MS);
            c.send(SERVER, 900);
        });

        ResetRow r = only(rows);
        assertThat(signals(r)).contains("sender_keeps_sending", "rst_seq_data", "racing_reset");
        assertThat(r.verdict()).isEqualTo(Verdict.FORGED);
        assertThat(r.origin()).isEqualTo(Origin.MIDDLEBOX);
    }

    @Test
    void should_count_rst_seq_change_when_a_second_reset_steps_past_the_highest_sequence_sent() throws IOException {
        List<ResetRow> rows = play(false, c -> {
            c.emitRaw(SERVER, Frames.RST | Frames.ACK, c.nextSeq(SERVER), c.rcvNext(SERVER), 0, 500, false, 52,
                    c.nextIpId(SERVER));
            c.advance(80 * US);
            c.emitRaw(SERVER, Frames.RST | Frames.ACK, c.nextSeq(SERVER) + 5000, c.rcvNext(SERVER), 0, 500, false, 52,
                    c.nextIpId(SERVER) + 1);
        });

        assertThat(rows).hasSize(2);
        assertThat(signals(rows.get(0))).isEmpty();
        assertThat(signals(rows.get(1))).contains("rst_seq_change", "rst_flurry");
        assertThat(rows.get(1).verdict()).isEqualTo(Verdict.FORGED);
    }

    @Test
    void should_count_rst_ack_change_when_two_resets_acknowledge_different_numbers_without_new_data() throws IOException {
        List<ResetRow> rows = play(false, c -> {
            c.emitRaw(SERVER, Frames.RST | Frames.ACK, c.nextSeq(SERVER), c.rcvNext(SERVER), 0, 500, false, 52,
                    c.nextIpId(SERVER));
            c.advance(80 * US);
            c.emitRaw(SERVER, Frames.RST | Frames.ACK, c.nextSeq(SERVER), c.rcvNext(SERVER) + 1460, 0, 500, false, 52,
                    c.nextIpId(SERVER) + 1);
        });

        assertThat(signals(rows.get(1))).containsExactly("rst_ack_change");
    }

    @Test
    void should_not_call_one_reply_per_segment_in_flight_a_flurry_when_a_closed_server_answers_each() throws IOException {
        List<ResetRow> rows = play(false, c -> {
            long fin = c.nextSeq(SERVER);
            c.fin(SERVER);
            // four client segments in flight: two left before the FIN reached the client, two after
            long seq = c.nextSeq(CLIENT);
            long[] acks = {fin, fin, fin + 1, fin + 1};
            for (int k = 0; k < 4; k++) {
                c.advance(40 * US);
                c.emitRaw(CLIENT, Frames.ACK | Frames.PSH, seq, acks[k], 30, 500, false, 64, 0);
                seq += 30;
            }
            c.advance(12 * MS);
            for (int k = 0; k < 4; k++) {
                c.replyReset(SERVER, acks[k]);
                c.advance(30 * US);
            }
        });

        assertThat(rows).hasSize(4).allSatisfy(r -> {
            assertThat(signals(r)).isEmpty();
            assertThat(r.verdict()).isEqualTo(Verdict.GENUINE);
            assertThat(r.cause()).isEqualTo(Cause.DATA_AFTER_CLOSE);
        });
    }

    @Test
    void should_recognize_censor_type_1_when_a_bare_rst_has_ip_id_0_no_df_and_a_window() throws IOException {
        ResetRow r = only(play(false, c -> {
            c.sendUnacked(CLIENT, 160);
            c.advance(400 * US);
            c.emitRaw(SERVER, Frames.RST, c.nextSeq(SERVER), 0, 0, 8192, null, 52, 0, false);
        }));

        assertThat(signals(r)).containsExactlyInAnyOrder("censor_type_1", "bare_rst_with_window", "df_differs");
        assertThat(r.verdict()).isEqualTo(Verdict.FORGED);
        assertThat(r.cause()).isEqualTo(Cause.POLICY_INJECTION);
    }

    @Test
    void should_recognize_censor_type_2_when_three_rst_acks_step_by_1460_and_4380_with_cycling_ttls() throws IOException {
        List<ResetRow> rows = play(false, c -> {
            c.sendUnacked(CLIENT, 160);
            long x = c.nextSeq(SERVER);
            long[] step = {0, 1460, 4380};
            int[] ttl = {113, 47, 102};
            for (int k = 0; k < 3; k++) {
                c.advance(110 * US);
                c.emitRaw(SERVER, Frames.RST | Frames.ACK, x + step[k], c.rcvNext(SERVER), 0, 2460, null, ttl[k],
                        0x3a41 + 0x1111 * k, false);
            }
        });

        assertThat(rows).hasSize(3).allSatisfy(r -> {
            assertThat(signals(r)).contains("censor_type_2");
            assertThat(r.verdict()).isEqualTo(Verdict.FORGED);
            assertThat(r.cause()).isEqualTo(Cause.POLICY_INJECTION);
        });
    }

    @Test
    void should_count_a_fixed_payload_when_resets_of_two_connections_carry_the_same_bytes() throws IOException {
        fixedPayloadCapture();
    }

    /** Two connections whose server resets carry the same 8 bytes; checks the batch-equal answer, returns the file. */
    private Path fixedPayloadCapture() throws IOException {
        Path file = tmp.resolve("fixed.pcap");
        byte[] payload = {(byte) 0x8f, 0x11, 0x42, 0x00, (byte) 0xe5, 0x77, 0x09, (byte) 0xd3};
        try (OutputStream out = Files.newOutputStream(file);
             CaptureWriter w = CaptureWriter.pcap(out, CaptureWriter.LINKTYPE_ETHERNET)) {
            for (int k = 0; k < 2; k++) {
                Conversation c = Conversation.ipv4(w::write, "192.0.2.10", 50310 + k, "203.0.113.80", 443, T0 + k * 900 * MS);
                c.ttl(64, 52);
                c.timestamps(false);
                c.handshake();
                c.send(CLIENT, 300);
                c.send(SERVER, 1000);
                c.advance(40 * MS);
                c.emitPayload(SERVER, Frames.RST | Frames.ACK, c.nextSeq(SERVER), c.rcvNext(SERVER), 500, payload, 52,
                        c.nextIpId(SERVER), true);
            }
        }

        List<ResetRow> rows = ResetAnalysis.analyze(file);

        assertThat(rows).hasSize(2).allSatisfy(r -> {
            assertThat(signals(r)).containsExactly("fixed_payload");
            assertThat(r.reasonText()).isNull();
        });
        return file;
    }

    @Test
    void should_count_the_fixed_payload_when_the_rows_go_to_a_sink_as_connections_end() throws IOException {
        Path file = fixedPayloadCapture();
        List<ResetRow> sunk = new java.util.ArrayList<>();

        ResetStream.Result r = ResetStream.read(file, io.rstscope.capture.ReadOptions.DEFAULT.withoutPackets(),
                ResetOptions.DEFAULT, sunk::add);

        assertThat(r.resets()).isEmpty();
        assertThat(sunk).hasSize(2).allSatisfy(row -> assertThat(signals(row)).containsExactly("fixed_payload"));
    }

    @Test
    void should_count_a_window_on_a_bare_rst() throws IOException {
        ResetRow r = only(play(false, c -> {
            c.sendUnacked(CLIENT, 160);
            c.advance(12 * MS);
            c.emitRaw(SERVER, Frames.RST, c.nextSeq(SERVER), 0, 0, 1024, false, 52, 0);
        }));

        assertThat(signals(r)).containsExactly("bare_rst_with_window");
        assertThat(r.verdict()).isEqualTo(Verdict.GENUINE);
    }

    @Test
    void should_count_an_answer_faster_than_the_round_trip_when_the_reset_is_not_a_reply() throws IOException {
        ResetRow r = only(play(false, c -> {
            c.sendUnacked(CLIENT, 160);
            c.advance(400 * US);
            c.emitRaw(SERVER, Frames.RST | Frames.ACK, c.nextSeq(SERVER), c.rcvNext(SERVER), 0, 500, false, 52,
                    c.nextIpId(SERVER));
        }));

        assertThat(signals(r)).containsExactly("faster_than_rtt");
        assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    }

    @Test
    void should_count_an_unsigned_reset_when_the_claimed_sender_signs_its_segments_with_tcp_md5() throws IOException {
        byte[] md5 = new byte[18];
        md5[0] = 19;
        md5[1] = 18;
        for (int k = 2; k < 18; k++) {
            md5[k] = (byte) (0x5a ^ k);
        }
        ResetRow r = only(play(false, c -> {
            long seq = c.nextSeq(SERVER);
            for (int k = 0; k < 2; k++) {
                c.emitRaw(SERVER, Frames.ACK | Frames.PSH, seq, c.rcvNext(SERVER), 100, 500, md5, 52,
                        c.nextIpId(SERVER) + k, true);
                seq += 100;
                c.advance(200 * US);
            }
            c.advance(30 * MS);
            c.emitRaw(SERVER, Frames.RST | Frames.ACK, seq, c.rcvNext(SERVER), 0, 500, null, 52, c.nextIpId(SERVER) + 2,
                    true);
        }));

        assertThat(signals(r)).containsExactly("unsigned_reset");
        assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    }

    @Test
    void should_put_the_stated_reason_in_reason_text_and_the_cause_when_a_nat_resets_with_a_diagnostic_payload()
            throws IOException {
        ResetRow r = only(play(false, c -> {
            c.advance(20_000 * MS);
            c.emitPayload(SERVER, Frames.RST | Frames.ACK, c.nextSeq(SERVER), c.rcvNext(SERVER), 500,
                    new byte[] {0x33, (byte) 0xaa, 0x00, 0x0e, 0, 0, 0, 0}, 52, c.nextIpId(SERVER), true);
        }));

        assertThat(r.reasonText()).isEqualTo("diagnostic code 14 (connection timeout)");
        assertThat(r.cause()).isEqualTo(Cause.IDLE_TIMEOUT);
        assertThat(r.evidence()).extracting(Evidence::signal).contains("stated_reason");
    }

    /**
     * Two connections of the same client and server: a first one whose server packets set the host's
     * habits ({@code serverHabits} plays it after the handshake), then a second one where the server sent
     * only its SYN/ACK before {@code reset} plays.
     */
    private List<ResetRow> twoConnections(Consumer<Conversation> serverHabits, Consumer<Conversation> reset)
            throws IOException {
        Path file = tmp.resolve("host.pcap");
        try (OutputStream out = Files.newOutputStream(file);
             CaptureWriter w = CaptureWriter.pcap(out, CaptureWriter.LINKTYPE_ETHERNET)) {
            Conversation first = started(w, 50300, T0, false);
            first.handshake();
            serverHabits.accept(first);
            Conversation second = started(w, 50301, first.now() + 1_000 * MS, false);
            second.handshake();
            second.advance(40 * MS);
            reset.accept(second);
        }
        return ResetAnalysis.analyze(file).stream().filter(r -> r.origP() == 50301).toList();
    }

    @Test
    void should_count_a_df_bit_unlike_the_hosts_habit_across_the_capture_when_its_connection_holds_one_packet_of_it()
            throws IOException {
        ResetRow r = only(twoConnections(c -> {
            c.send(CLIENT, 300);
            c.send(SERVER, 3000);
            c.close(SERVER);
        }, c -> c.emitRaw(SERVER, Frames.RST | Frames.ACK, c.nextSeq(SERVER), c.rcvNext(SERVER), 0, 500, null, 52,
                c.nextIpId(SERVER), false)));

        assertThat(signals(r)).containsExactly("host_df_differs");
        assertThat(r.evidence()).extracting(Evidence::detail)
                .contains("DF clear, the claimed sender's packets across the capture all have it set");
        assertThat(r.verdict()).isEqualTo(Verdict.GENUINE);
    }

    @Test
    void should_count_ip_id_0_without_df_when_the_host_numbers_its_non_df_packets_otherwise_across_the_capture()
            throws IOException {
        // The server's own packets without DF carry counted IDs (its SYN/ACK has DF: the DF habit is mixed).
        ResetRow r = only(twoConnections(c -> {
            long seq = c.nextSeq(SERVER);
            for (int k = 0; k < 4; k++) {
                c.emitRaw(SERVER, Frames.ACK | Frames.PSH, seq, c.rcvNext(SERVER), 100, 500, null, 52, 0x4100 + k,
                        false);
                seq += 100;
                c.advance(200 * US);
            }
        }, c -> c.emitRaw(SERVER, Frames.RST | Frames.ACK, c.nextSeq(SERVER), c.rcvNext(SERVER), 0, 500, null, 52, 0,
                false)));

        assertThat(signals(r)).containsExactly("host_ip_id_differs");
        assertThat(r.evidence()).extracting(Evidence::detail)
                .contains("IP ID 0 without DF; none of the claimed sender's packets across the capture is numbered so");
    }

    @Test
    void should_not_count_the_hosts_habits_when_the_reset_answers_a_syn_from_a_closed_port() throws IOException {
        // Stacks build such replies without a socket; old ones clear DF where their connections set it.
        Path file = tmp.resolve("closed.pcap");
        try (OutputStream out = Files.newOutputStream(file);
             CaptureWriter w = CaptureWriter.pcap(out, CaptureWriter.LINKTYPE_ETHERNET)) {
            Conversation first = Conversation.ipv4(w::write, "192.0.2.10", 50300, "203.0.113.80", 443, T0);
            first.ttl(64, 52);
            first.handshake();
            first.send(CLIENT, 300);
            first.send(SERVER, 3000);
            first.close(SERVER);
            Conversation second = Conversation.ipv4(w::write, "192.0.2.10", 50301, "203.0.113.80", 444,
                    first.now() + 1_000 * MS);
            second.ttl(64, 52);
            second.syn();
            second.advance(300 * US);
            second.emitRaw(SERVER, Frames.RST | Frames.ACK, 0, second.nextSeq(CLIENT), 0, 0, null, 52, 0, false);
        }
        ResetRow r = only(ResetAnalysis.analyze(file).stream().filter(x -> x.origP() == 50301).toList());

        assertThat(r.cause()).isEqualTo(Cause.PORT_CLOSED);
        assertThat(signals(r)).isEmpty();
    }
}
