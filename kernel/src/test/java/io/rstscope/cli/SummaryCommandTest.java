package io.rstscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryCommandTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private Path sample() throws IOException {
        Path f = tmp.resolve("nmap-vsn.pcap");
        try (var in = getClass().getResourceAsStream(ExplainCommand.SAMPLE)) {
            Files.copy(in, f);
        }
        return f;
    }

    @Test
    void should_print_one_json_object_per_file_when_asked_for_json() throws IOException {
        Path f = sample();

        int status = run("summary", f.toString(), "--json");

        assertThat(status).isZero();
        assertThat(out()).isEqualTo("{\"file\":\"" + f + "\",\"format\":\"pcap\",\"link_types\":[\"ether\"],"
                + "\"packets\":547,\"tcp_packets\":32,\"rst_packets\":9,\"ipv6_packets\":0,"
                + "\"first_ts\":\"2011-09-27T18:07:20.497541Z\",\"last_ts\":\"2011-09-27T18:07:22.913053Z\",\"issues\":0,"
                + "\"flows\":17,\"conn_states\":{\"S0\":8,\"REJ\":6,\"RSTO\":3},\"resets\":9,"
                + "\"causes\":{\"PORT_CLOSED\":6,\"CLIENT_ABORT\":3}}\n");
    }

    @Test
    void should_show_first_and_last_time_with_the_same_digits_when_the_first_falls_on_a_whole_second() throws IOException {
        Path f = Path.of("..", "lessons", "closed-port.pcap");

        int status = run("summary", f.toString());

        assertThat(status).isZero();
        assertThat(out()).contains("first_ts:     2024-03-01T10:00:00.000000Z\n",
                "last_ts:      2024-03-01T10:00:00.296150Z\n");
    }

    @Test
    void should_exit_2_and_keep_going_when_one_file_is_damaged() throws IOException {
        Path good = sample();
        Path bad = tmp.resolve("bad.pcap");
        Files.writeString(bad, "hello world, no capture here");

        int status = run("summary", bad.toString(), good.toString(), "--json");

        assertThat(status).isEqualTo(2);
        assertThat(out().lines()).hasSize(2);
        assertThat(out().lines().findFirst().orElseThrow()).isEqualTo("{\"file\":\"" + bad + "\",\"error\":\"" + bad
                + ": damaged in the file header, byte offset 0: not a capture file: it starts with 0x68656c6c "
                + "(expected the magic of pcap a1b2c3d4 or a1b23c4d, pcapng 0a0d0d0a, or gzip 1f8b)\"}");
    }

    @Test
    void should_print_the_same_json_error_as_summary_when_explain_cannot_read_the_file() throws IOException {
        Path bad = tmp.resolve("bad.pcap");
        Files.writeString(bad, "hello world, no capture here");
        Path missing = tmp.resolve("missing.pcap");
        for (Path f : List.of(bad, missing)) {
            out.reset();
            assertThat(run("summary", f.toString(), "--json")).isEqualTo(2);
            String summary = out();
            out.reset();
            err.reset();

            assertThat(run("explain", f.toString(), "--format", "json")).isEqualTo(2);

            assertThat(summary).startsWith("{\"file\":\"" + f + "\",\"error\":\"" + f + ": ");
            assertThat(out()).isEqualTo(summary);
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }

    @Test
    void should_print_a_readable_block_when_not_asked_for_json() throws IOException {
        Path f = sample();

        run("summary", f.toString());

        assertThat(out()).contains("format:       pcap\n", "packets:      547\n", "rst_packets:  9\n", "issues:       0\n");
    }

    @Test
    void should_exit_1_with_usage_when_no_file_is_given() {
        assertThat(run("summary")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("rstscope summary: no FILE given\nusage: rstscope summary FILE|DIR... [--json] [--flows-only] [--threads N]\n");
    }

    @Test
    void should_exit_2_with_one_line_when_the_file_does_not_exist() {
        Path missing = tmp.resolve("missing.pcap");

        assertThat(run("summary", missing.toString())).isEqualTo(2);
        assertThat(out()).contains("error:        " + missing + ": no such file\n");
    }

    @Test
    void should_explain_every_teaching_scenario_when_no_file_is_given() {
        assertThat(run("explain")).isZero();

        assertThat(out()).contains("capture      teaching scenario closed-port.pcap — A SYN to a closed port\n",
                "  by cause   PORT_CLOSED 1\n");
        for (io.rstscope.teach.Scenario s : io.rstscope.teach.Scenario.values()) {
            assertThat(out()).contains("capture      teaching scenario " + s.fileName() + " — ");
        }
    }

    @Test
    void should_report_states_and_causes_when_explaining_a_file() throws IOException {
        Path f = sample();

        assertThat(run("explain", f.toString())).isZero();

        assertThat(out()).contains("capture      " + f + "\n",
                "             pcap, 547 packets (32 TCP, 9 RST packets)\n",
                "time         2011-09-27 18:07:20.497541 to 18:07:22.913053 UTC (2.42 s)\n",
                "connections  17, 9 with a reset (53%) — S0 8, REJ 6, RSTO 3\n",
                "  by cause   PORT_CLOSED 6, CLIENT_ABORT 3\n");
    }

    @Test
    void should_print_the_summary_then_one_object_per_reset_when_explaining_as_json() throws IOException {
        Path f = sample();

        assertThat(run("explain", f.toString(), "--format", "json")).isZero();

        List<String> lines = out().lines().toList();
        assertThat(lines).hasSize(1 + 9);
        assertThat(lines.get(0)).startsWith("{\"file\":\"" + f + "\",\"format\":\"pcap\"").contains("\"resets\":9");
        assertThat(lines.get(1)).startsWith("{\"frame\":").contains("\"stage\":", "\"cause\":", "\"verdict\":", "\"evidence\":");
        for (io.rstscope.store.ResetField field : io.rstscope.store.ResetField.values()) {
            assertThat(lines.get(1)).contains("\"" + field.column() + "\":");
        }
    }

    @Test
    void should_exit_1_with_usage_when_the_explain_format_is_unknown() {
        assertThat(run("explain", "--format", "xml")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("rstscope explain: --format xml: expected text or json\n"
                + "usage: rstscope explain [FILE|DIR...] [--format text|json] [--limit N] [--threads N]\n");
    }

    @Test
    void should_print_the_same_summary_explanation_and_errors_whatever_the_threads() throws IOException {
        Path good = sample();
        Path cut = tmp.resolve("cut.pcap");
        byte[] whole = Files.readAllBytes(good);
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length * 2 / 3)); // damaged: the last record is cut
        Path lesson = Path.of("..", "lessons", "closed-port.pcap");
        for (List<String> command : List.of(List.of("summary"), List.of("summary", "--json"), List.of("summary", "--flows-only"),
                List.of("explain"), List.of("explain", "--format", "json"))) {
            String expected = null;
            for (String threads : List.of("1", "2", "3")) {
                out.reset();
                err.reset();
                List<String> args = new java.util.ArrayList<>(command);
                args.addAll(List.of(good.toString(), cut.toString(), lesson.toString(), "--threads", threads));
                int status = run(args.toArray(String[]::new));
                String seen = status + "\n" + out() + "\n" + err.toString(StandardCharsets.UTF_8);
                if (expected == null) {
                    expected = seen;
                    assertThat(status).as(String.join(" ", command)).isEqualTo(2);
                    assertThat(err.toString(StandardCharsets.UTF_8) + out()).as(String.join(" ", command))
                            .contains(cut + ": damaged");
                }
                assertThat(seen).as(String.join(" ", command) + " --threads " + threads).isEqualTo(expected);
            }
        }
    }
}
