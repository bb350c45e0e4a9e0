package io.rstscope.reset;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.capture.SharedCaptures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Resets of real public captures that the classifier once misread: what the wire shows, and the row
 * that says it.
 */
class PublicCaptureResetsTest {

    private static List<ResetRow> resets(String name) {
        return ResetAnalysis.analyze(SharedCaptures.publicFile(name));
    }

    private static ResetRow frame(List<ResetRow> rows, long frame) {
        return rows.stream().filter(r -> r.frame() == frame).findFirst().orElseThrow();
    }

    @Test
    void should_not_call_one_reply_per_segment_in_flight_a_flurry_when_reading_the_ethereum_capture() {
        List<ResetRow> rows = resets("nDPI__ethereum.pcap");

        // frames 199-210: after the server's FIN, one bare RST (seq = the segment's ack) per client segment
        for (long f = 199; f <= 210; f++) {
            ResetRow r = frame(rows, f);
            assertThat(r.verdict()).as("frame %d %s", f, r.evidence()).isEqualTo(Verdict.GENUINE);
            assertThat(r.cause()).isEqualTo(Cause.DATA_AFTER_CLOSE);
            assertThat(r.evidence()).extracting(Evidence::signal).doesNotContain("rst_flurry", "ip_id_jump");
        }
        assertThat(rows.stream().filter(r -> r.verdict() != Verdict.GENUINE)).hasSize(0);
    }

    @Test
    void should_call_a_reply_after_its_own_reset_crossed_an_ack_no_challenge_ack_when_reading_the_ssh_bruteforce() {
        ResetRow r = frame(resets("StratosphereLinuxIPS__malicious-ssh-bruteforce.pcap"), 472);

        assertThat(r.cause()).isEqualTo(Cause.DATA_AFTER_CLOSE);
        assertThat(r.runnerUp()).isNull();
        assertThat(r.evidence()).extracting(Evidence::signal).containsExactly("answers_segment_after_own_reset");
    }

    @Test
    void should_call_a_bare_reset_nine_seconds_after_the_last_segment_an_idle_close_when_reading_http_client_refuse() {
        ResetRow r = frame(resets("markofu-pcaps__http-client-refuse.pcap"), 28);

        assertThat(r.cause()).isEqualTo(Cause.IDLE_TIMEOUT);
        assertThat(r.runnerUp()).isEqualTo(Cause.APP_ABORT);
        assertThat(r.origin()).isEqualTo(Origin.ENDPOINT);
        assertThat(r.evidence()).extracting(Evidence::signal).contains("silent_then_reset");
    }

    @Test
    void should_not_call_a_servers_quick_abort_faster_than_rtt_when_the_capture_was_taken_beside_the_server() {
        // The server answered the SYN in 215 µs and the client its SYN/ACK in 3.9 ms: the capture point
        // is beside the server, whose abort 52 µs after the client's FIN is its ordinary answer time.
        ResetRow r = frame(resets("zeek__gap-data-missing.pcapng"), 18);

        assertThat(r.evidence()).extracting(Evidence::signal).doesNotContain("faster_than_rtt");
        assertThat(r.verdict()).isEqualTo(Verdict.GENUINE);
        assertThat(r.origin()).isEqualTo(Origin.ENDPOINT);
        assertThat(r.cause()).isEqualTo(Cause.APP_ABORT);
    }

    @Test
    void should_put_the_f5_text_in_reason_text_when_reading_a_real_big_ip_reset() {
        ResetRow r = frame(resets("tcpdump__tcp_rst_data.pcap"), 1);

        assertThat(r.reasonText()).isEqualTo("BIG-IP: [0x11c5672:3045] {peer} TCP RST from remote system");
        assertThat(r.evidence()).extracting(Evidence::detail).contains(
                "BIG-IP: [0x11c5672:3045] {peer} TCP RST from remote system: a proxy relays the far side's reset");
    }

    @Test
    void should_put_the_reason_code_in_reason_text_when_reading_a_truncated_diagnostic_payload() {
        ResetRow r = frame(resets("tcpdump__tcp_rst_diag_payload-trunc.pcap"), 1);

        assertThat(r.reasonText()).isEqualTo("diagnostic code 1 (illegal option length), payload cut by the snap length");
    }
}
