package io.rstscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.Rst;
import io.rstscope.reset.ResetRow;
import io.rstscope.teach.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text report of {@code rstscope explain}, read as an analyst reads it. */
class ExplainReportTest {

    /** A public capture of a port scan: 6,025 resets, all but a few to closed ports. */
    private static final Path EVIDENCE04 = Path.of("../../shared/captures/public/markofu-pcaps__evidence04.pcap");
    /** A public FDDI capture: a link type rstscope does not decode. */
    private static final Path FDDI = Path.of("../../shared/captures/public/zeek__llc.pcap");

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int explain(int width, String... args) {
        return new ExplainCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), width).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Tests run in kernel/, so the checkout's sibling shared/ is two levels up. */
    private static Path shared(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private Path scenario(Scenario s) throws Exception {
        Scenario.writeAll(tmp);
        return tmp.resolve(s.fileName());
    }

    private static ResetRow onlyReset(Scenario s) {
        List<ResetRow> rows = Rst.scenario(s).resetRows();
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void should_fit_every_line_to_the_width_when_the_terminal_is_80_columns() {
        assertThat(explain(80)).isZero();

        assertThat(out().lines()).isNotEmpty().allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        assertThat(out()).contains("13      10:00:00.296150  192.0.2.10:50112 → 203.0.113.80:8080  SERVER GENUINE\n"
                + "        HANDSHAKE, PORT_CLOSED?: nothing listens on the port: the server's\n"
                + "        kernel refused the SYN (or: a firewall rejected the connection with a\n");
    }

    @Test
    void should_say_what_was_seen_only_when_the_evidence_restates_the_cause() {
        assertThat(ExplainCommand.reason(onlyReset(Scenario.ACCEPT_QUEUE_OVERFLOW)))
                .isEqualTo("the listener's accept queue was full (tcp_abort_on_overflow); "
                        + "bare RST with seq = ISN+1 right after the client's third ACK");
        assertThat(ExplainCommand.reason(onlyReset(Scenario.KEEPALIVE_UNANSWERED)))
                .isEqualTo("3 keep-alive probes went unanswered");
    }

    @Test
    void should_list_a_burst_of_resets_in_time_order_when_they_share_cause_and_verdict() throws Exception {
        assertThat(explain(100, scenario(Scenario.CENSOR_RST_FLURRY).toString())).isZero();

        List<String> frames = out().lines().filter(l -> l.matches("\\d+ .*")).map(l -> l.substring(0, l.indexOf(' '))).toList();
        assertThat(frames).containsExactly("5", "6", "7", "8", "9", "10");
    }

    @Test
    void should_say_the_date_once_and_each_time_with_the_captures_precision_when_explaining() throws Exception {
        assertThat(explain(100, scenario(Scenario.CLOSED_PORT).toString())).isZero();

        assertThat(out()).contains("             pcap, 13 packets (13 TCP, 1 RST packet)\n",
                "time         2024-03-01 10:00:00.000000 to 10:00:00.296150 UTC (0.296 s)\n",
                "connections  2, 1 with a reset (50%) — SF 1, REJ 1\n",
                "13      10:00:00.296150  192.0.2.10:50112 → 203.0.113.80:8080  SERVER GENUINE\n");
        assertThat(out()).doesNotContain("2024-03-01T", "Z ");
    }

    @Test
    void should_show_where_the_resets_went_and_the_unusual_groups_first_when_the_capture_has_thousands() {
        assertThat(explain(100, shared(EVIDENCE04).toString())).isZero();

        assertThat(out()).contains(
                "connections  7,436, 6,023 with a reset (81%) — S0 1,398, SF 15, REJ 6,003, RSTO 12, RSTR 3, RSTRH 5\n",
                "  went to    10.42.42.253 (6,013, 99.8%), 10.42.42.50 (12)\n",
                "groups       one line per cause and verdict, unusual first\n"
                        + "     resets  cause                    verdict     first\n"
                        + "          1  MALFORMED_SYN            GENUINE     frame 13605, 10.42.42.253:36134 → 10.42.42.50:135\n"
                        + "          1  CHALLENGE_ACK            GENUINE     frame 13623, 10.42.42.253:36137 → 10.42.42.56:1\n"
                        + "          2  CLIENT_ABORT             GENUINE     frame 821, 10.42.42.253:56257 → 10.42.42.50:139\n"
                        + "          4  DATA_AFTER_CLOSE         GENUINE     frame 13595, 10.42.42.253:36137 → 10.42.42.56:1\n"
                        + "          5  APP_ABORT                GENUINE     frame 13598, 10.42.42.253:36133 → 10.42.42.50:135\n"
                        + "          9  HALF_OPEN_SCAN           GENUINE     frame 6978, 10.42.42.253:36020 → 10.42.42.50:139\n"
                        + "      6,003  PORT_CLOSED              GENUINE     frame 2, 10.42.42.253:46104 → 10.42.42.50:80\n",
                "… and 5,975 more resets (--limit N shows more, --format json all)\n");
        List<String> rows = out().lines().filter(l -> l.matches("\\d+ .*")).toList();
        assertThat(rows).hasSize(50);
        assertThat(rows.get(0)).isEqualTo("13605   23:44:10.798178  10.42.42.253:36134 → 10.42.42.50:135   CLIENT GENUINE");
        assertThat(rows.subList(0, 22)).noneMatch(l -> l.startsWith("2 "));
    }

    @Test
    void should_name_the_link_type_when_packets_are_not_decoded() {
        assertThat(explain(100, shared(FDDI).toString())).isZero();

        assertThat(out()).doesNotContain(" issues").contains("\nissues       ");
        String line = out().lines().filter(l -> l.startsWith("issues")).findFirst().orElseThrow();
        assertThat(line).contains("link type", "(10)", "1333 packets");
    }

    @Test
    void should_report_each_capture_then_a_total_when_given_a_directory() throws Exception {
        Scenario.writeAll(tmp);
        Files.createDirectories(tmp.resolve("more"));
        Files.copy(tmp.resolve("closed-port.pcap"), tmp.resolve("more/again.pcap"));

        assertThat(explain(100, tmp.toString())).isZero();

        List<String> captures = out().lines().filter(l -> l.startsWith("capture ")).toList();
        assertThat(captures).hasSize(Scenario.values().length + 1);
        assertThat(captures.get(0)).isEqualTo("capture      " + tmp.resolve("accept-queue-overflow.pcap"));
        assertThat(captures.get(captures.size() - 1)).isEqualTo("capture      " + tmp.resolve("write-after-peer-close.pcap"));
        assertThat(out()).contains("capture      " + tmp.resolve("more/again.pcap") + "\n")
                .contains("\ntotal        19 captures, ");
    }

    @Test
    void should_exit_1_naming_the_directory_when_it_holds_no_capture() throws Exception {
        Files.writeString(tmp.resolve("notes.txt"), "no capture here");

        assertThat(explain(100, tmp.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("rstscope explain: " + tmp
                + ": a directory with no capture file (*.pcap, *.pcapng, *.cap, and those ending .gz)\n" + ExplainCommand.USAGE + "\n");
    }
}
