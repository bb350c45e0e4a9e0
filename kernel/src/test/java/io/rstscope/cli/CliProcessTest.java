package io.rstscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.teach.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every subcommand run as a user runs it: a separate {@code java} process, its exit status, standard
 * output and standard error as a shell sees them.
 */
class CliProcessTest {

    record Run(int status, String out, String err) {
    }

    @TempDir
    Path tmp;

    static Run rstscope(Path dir, String... args) throws Exception {
        return java(dir, Main.class.getName(), args);
    }

    /** {@code mainClass} run with {@code args} in a separate JVM on the test class path, in {@code dir}. */
    static Run java(Path dir, String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().remove("COLUMNS");
        Process p = pb.start();
        p.getOutputStream().close();
        var err = p.getErrorStream();
        Thread drain = new Thread(() -> { });
        byte[][] errBytes = new byte[1][];
        drain = new Thread(() -> {
            try {
                errBytes[0] = err.readAllBytes();
            } catch (java.io.IOException e) {
                errBytes[0] = e.toString().getBytes(StandardCharsets.UTF_8);
            }
        });
        drain.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("rstscope " + String.join(" ", args) + " finished").isTrue();
        drain.join();
        return new Run(p.exitValue(), out, new String(errBytes[0], StandardCharsets.UTF_8));
    }

    @Test
    void should_print_the_help_on_stdout_and_exit_0_when_any_command_is_asked_for_help() throws Exception {
        for (String command : List.of("explain", "summary", "query", "conn", "bench", "watch", "scenarios", "shell", "run",
                "kernel")) {
            Run r = rstscope(tmp, command, "--help");
            assertThat(r.status()).as(command + " --help: " + r).isZero();
            assertThat(r.err()).as(command + " --help").isEmpty();
            assertThat(r.out()).as(command + " --help").startsWith("usage: rstscope " + command + " ");
        }
        Run top = rstscope(tmp, "--help");
        assertThat(top.status()).isZero();
        assertThat(top.out()).startsWith(Main.USAGE);
    }

    @Test
    void should_name_the_argument_and_what_was_expected_when_an_argument_is_wrong() throws Exception {
        String explain = "usage: rstscope explain [FILE|DIR...] [--format text|json] [--limit N] [--threads N]\n";
        assertThat(rstscope(tmp, "explain", "--limit", "-1"))
                .isEqualTo(new Run(1, "", "rstscope explain: --limit -1: expected a whole number >= 0\n" + explain));
        assertThat(rstscope(tmp, "explain", "--limit", "abc"))
                .isEqualTo(new Run(1, "", "rstscope explain: --limit abc: expected a whole number >= 0\n" + explain));
        assertThat(rstscope(tmp, "explain", "--format", "xml"))
                .isEqualTo(new Run(1, "", "rstscope explain: --format xml: expected text or json\n" + explain));
        assertThat(rstscope(tmp, "explain", "--limit"))
                .isEqualTo(new Run(1, "", "rstscope explain: --limit needs a value\n" + explain));
        assertThat(rstscope(tmp, "explain", "--verbose"))
                .isEqualTo(new Run(1, "", "rstscope explain: unknown option '--verbose'\n" + explain));
        assertThat(rstscope(tmp, "summary", "--csv", "x.pcap")).isEqualTo(new Run(1, "",
                "rstscope summary: unknown option '--csv'\nusage: rstscope summary FILE|DIR... [--json] [--flows-only] [--threads N]\n"));
        assertThat(rstscope(tmp, "summary", "--json=yes", "x.pcap")).isEqualTo(new Run(1, "",
                "rstscope summary: --json takes no value, got 'yes'\nusage: rstscope summary FILE|DIR... [--json] [--flows-only] [--threads N]\n"));
        assertThat(rstscope(tmp, "conn", "a.pcap", "b.pcap"))
                .isEqualTo(new Run(1, "", "rstscope conn: one FILE expected, got 2: a.pcap b.pcap\nusage: rstscope conn FILE [-o OUT] [--threads N]\n"));
        assertThat(rstscope(tmp, "bench", "--runs", "many")).isEqualTo(new Run(1, "", "rstscope bench: --runs many: expected a "
                + "whole number >= 0\nusage: rstscope bench [--packets N] [--file PATH] [--runs R] [--repeat K] [--threads N] [--no-tshark]\n"));
        assertThat(rstscope(tmp, "watch", "lo", "--seconds", "soon")).isEqualTo(new Run(1, "",
                "rstscope watch: --seconds soon: expected a number of seconds > 0\n" + WatchCommand.USAGE + "\n"));
        assertThat(rstscope(tmp, "scenarios", "a", "b"))
                .isEqualTo(new Run(1, "", "rstscope scenarios: one DIR expected, got 2: a b\nusage: rstscope scenarios DIR [--replace]\n"));
        assertThat(rstscope(tmp, "shell", "--trace"))
                .isEqualTo(new Run(1, "", "rstscope shell: unknown option '--trace'\nusage: rstscope shell [FILE...]\n"));
        assertThat(rstscope(tmp, "run")).isEqualTo(new Run(1, "", "rstscope run: no SCRIPT given\nusage: rstscope run SCRIPT.jsh [ARGS]\n"));
        assertThat(rstscope(tmp, "kernel", "start").err())
                .startsWith("rstscope kernel: unknown subcommand 'start': expected install or run\n");
        assertThat(rstscope(tmp, "frobnicate").err()).startsWith("rstscope: unknown command 'frobnicate'\n");
    }

    @Test
    void should_name_the_threads_argument_and_what_was_expected_in_every_command_that_reads_captures() throws Exception {
        String summary = "usage: rstscope summary FILE|DIR... [--json] [--flows-only] [--threads N]\n";
        String expected = ": expected a whole number from 1 to 127\n";
        assertThat(rstscope(tmp, "summary", "--threads", "0", "x.pcap"))
                .isEqualTo(new Run(1, "", "rstscope summary: --threads 0" + expected + summary));
        assertThat(rstscope(tmp, "summary", "--threads", "x", "x.pcap"))
                .isEqualTo(new Run(1, "", "rstscope summary: --threads x" + expected + summary));
        assertThat(rstscope(tmp, "summary", "--threads"))
                .isEqualTo(new Run(1, "", "rstscope summary: --threads needs a value\n" + summary));
        assertThat(rstscope(tmp, "explain", "x.pcap", "--threads=128")).isEqualTo(new Run(1, "", "rstscope explain: "
                + "--threads 128" + expected + "usage: rstscope explain [FILE|DIR...] [--format text|json] [--limit N] [--threads N]\n"));
        assertThat(rstscope(tmp, "query", "x.pcap", "flows()", "--threads", "two"))
                .isEqualTo(new Run(1, "", "rstscope query: --threads two" + expected + QueryCommand.USAGE + "\n"));
        assertThat(rstscope(tmp, "conn", "x.pcap", "--threads", "-2")).isEqualTo(new Run(1, "",
                "rstscope conn: --threads -2" + expected + "usage: rstscope conn FILE [-o OUT] [--threads N]\n"));
        assertThat(rstscope(tmp, "bench", "--threads", "0")).isEqualTo(new Run(1, "", "rstscope bench: --threads 0" + expected
                + "usage: rstscope bench [--packets N] [--file PATH] [--runs R] [--repeat K] [--threads N] [--no-tshark]\n"));
    }

    @Test
    void should_take_gnu_style_option_values_when_written_with_an_equals_sign() throws Exception {
        Scenario.writeAll(tmp);

        Run r = rstscope(tmp, "explain", "--limit=0", "--format=text", "censor-rst-flurry.pcap");

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).contains("… and 6 more resets (--limit N shows more, --format json all)\n");
    }

    @Test
    void should_explain_and_summarise_two_files_with_a_total_when_both_are_given() throws Exception {
        Scenario.writeAll(tmp);

        Run explain = rstscope(tmp, "explain", "closed-port.pcap", "syn-scan.pcap");
        Run summary = rstscope(tmp, "summary", "closed-port.pcap", "syn-scan.pcap");

        assertThat(explain.status()).as(explain.toString()).isZero();
        assertThat(explain.out()).contains("capture      closed-port.pcap\n", "capture      syn-scan.pcap\n",
                "\ntotal        2 captures, ");
        assertThat(summary.status()).as(summary.toString()).isZero();
        assertThat(summary.out()).contains("file:         closed-port.pcap\n", "file:         syn-scan.pcap\n",
                "file:         total of 2 files\nlink_types:   ether\npackets:      21\n");
    }

    @Test
    void should_open_a_directorys_captures_as_c1_to_cn_in_path_order_when_querying_it() throws Exception {
        Scenario.writeAll(tmp.resolve("lessons"));

        Run r = rstscope(tmp, "query", "lessons", "c1.data().file().getFileName() + \" \" + c"
                + Scenario.values().length + ".data().file().getFileName()");

        assertThat(r).isEqualTo(new Run(0, "accept-queue-overflow.pcap write-after-peer-close.pcap\n", ""));
    }

    @Test
    void should_print_one_line_per_packet_when_the_query_asks_for_a_packet_list() throws Exception {
        Scenario.writeAll(tmp);

        Run r = rstscope(tmp, "query", "closed-port.pcap", "flows().withReset().first().packetList()");

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).endsWith(""
                + " frame        time  source            → destination        flags          seq        ack    win    len\n"
                + "    12    0.000000  192.0.2.10:50112  → 203.0.113.80:8080  SYN              0          -  64240      0\n"
                + "    13    0.024000  203.0.113.80:8080 → 192.0.2.10:50112   RST,ACK          0          1      0      0"
                + "  ** RST PORT_CLOSED GENUINE\n");
        assertThat(r.out()).startsWith("C").contains(": 192.0.2.10:50112 → 203.0.113.80:8080, REJ, history Sr, 2 packets, "
                + "from 2024-03-01 10:00:00.272150 UTC\n");
    }

    @Test
    void should_write_zeeks_conn_log_when_asked_for_conn() throws Exception {
        Scenario.writeAll(tmp);

        Run r = rstscope(tmp, "conn", "closed-port.pcap", "-o", "out/conn.log".replace("out/", ""));

        assertThat(r).isEqualTo(new Run(0, "2 connections written to conn.log\n", ""));
        List<String> log = Files.readAllLines(tmp.resolve("conn.log"));
        assertThat(log.get(0)).isEqualTo("#separator \\x09");
        assertThat(log).contains("#path\tconn");
        assertThat(log.stream().filter(l -> !l.startsWith("#"))).hasSize(2)
                .anySatisfy(l -> assertThat(l).contains("\t192.0.2.10\t50112\t203.0.113.80\t8080\ttcp\t", "\tREJ\t"));
    }

    @Test
    void should_end_with_one_line_naming_the_heap_and_the_remedy_wherever_the_heap_runs_out() throws Exception {
        Path file = tmp.resolve("workload.pcap");
        Workload.write(file, 400_000);
        String remedy = " cannot hold what this needs; give the JVM more \\(-Xmx1g, or RSTSCOPE_JAVA_OPTS=-Xmx1g for the"
                + " rstscope command\\)";

        // The open on two threads runs out (once, a worker that did left the reader waiting for ever). The
        // heap is twice what jshell's compiler needs (it ran out at 56 MB, not at 64) and half what the open
        // needs (it ran out at 192 MB, not at 256): at 96 MB the compiler once ran out first.
        Run open = query("-Xmx128m", file);
        assertThat(open.status()).as(open.err()).isEqualTo(2);
        assertThat(open.out()).isEmpty();
        assertThat(open.err()).matches("rstscope query: " + Pattern.quote(file.toString()) + ": out of memory: the Java"
                + " heap \\(at most \\d+ MB\\)" + remedy + " or keep no packets \\(ReadOptions.DEFAULT.withoutPackets"
                + "\\(\\); rstscope summary and explain keep none\\)\n");

        // jshell's compiler runs out before the open (it wrapped the error, which ended in a stack trace).
        Run compile = query("-Xmx32m", file);
        assertThat(compile).as(compile.err()).matches(r -> r.status() == 2 && r.out().isEmpty());
        assertThat(compile.err()).matches("rstscope query: out of memory: the Java heap \\(at most \\d+ MB\\)" + remedy
                + "\n");
    }

    @Test
    void should_summarise_alike_when_the_heap_reads_the_capture_once_or_in_the_bounded_two_passes() throws Exception {
        Path file = tmp.resolve("workload-small.pcap");
        Workload.write(file, 100_000);
        // Once in a JVM whose heap is over sixteen times the file, in the two bounded passes in one of 64 MB.
        assertThat(Files.size(file)).isBetween(64L * 1024 * 1024 / 16 + 1, Runtime.getRuntime().maxMemory() / 16);
        assertThat(SummaryCommand.readsOnce(file)).isTrue();

        Run once = summary("-Xmx" + Runtime.getRuntime().maxMemory() / (1024 * 1024) + "m", file);
        Run bounded = summary("-Xmx64m", file);

        assertThat(once.status()).as(once.err()).isZero();
        assertThat(once.out()).contains("\"resets\":");
        assertThat(bounded).isEqualTo(once);
    }

    @Test
    void should_explain_alike_when_the_heap_reads_the_capture_once_or_in_the_bounded_two_passes() throws Exception {
        Path file = tmp.resolve("workload-small.pcap");
        Workload.write(file, 100_000);
        String heap = "-Xmx" + Runtime.getRuntime().maxMemory() / (1024 * 1024) + "m";

        Run once = inJvm(heap, "explain", file.toString(), "--limit", "20");
        Run bounded = inJvm("-Xmx64m", "explain", file.toString(), "--limit", "20");

        assertThat(once.status()).as(once.err()).isZero();
        assertThat(once.out()).contains(" with a reset (").contains("groups ");
        assertThat(bounded).isEqualTo(once);
    }

    /** {@code rstscope summary --json FILE} in a JVM with {@code heap}. */
    private Run summary(String heap, Path file) throws Exception {
        return inJvm(heap, "summary", "--json", file.toString());
    }

    /** {@code rstscope query FILE flows().count() --threads 2} in a JVM with {@code heap}. */
    private Run query(String heap, Path file) throws Exception {
        return inJvm(heap, "query", file.toString(), "flows().count()", "--threads", "2");
    }

    /** {@code rstscope ARGS} in a JVM with {@code heap}; it must end within 2 minutes. */
    private Run inJvm(String heap, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(tmp.toFile()).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the " + args[0] + " with " + heap + " ended").isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void should_print_what_the_benchs_heap_limited_open_holds_and_exit_2_with_the_error_when_it_cannot() throws Exception {
        Scenario.writeAll(tmp);
        String open = BenchCommand.HeapLimitedOpen.class.getName();
        assertThat(java(tmp, open, "censor-rst-flurry.pcap", "2")).isEqualTo(new Run(0, "1 connection, 6 resets\n", ""));
        assertThat(java(tmp, open, "missing.pcap", "1")).isEqualTo(new Run(2, "", "missing.pcap: no such file\n"));
    }

    @Test
    void should_exit_2_saying_so_when_the_standard_output_cannot_be_written() throws Exception {
        Scenario.writeAll(tmp);
        // /dev/full fails every write with ENOSPC, as a full disk does: the report must not look whole.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "explain", "--format", "json",
                "censor-rst-flurry.pcap"));
        Process p = new ProcessBuilder(command).directory(tmp.toFile())
                .redirectOutput(Path.of("/dev/full").toFile()).start();
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isEqualTo(2);
        assertThat(err).isEqualTo("rstscope explain: standard output: cannot be written: No space left on device\n");
    }

    @Test
    void should_end_quietly_when_the_reader_of_the_standard_output_has_left() throws Exception {
        Scenario.writeAll(tmp);
        // As 'rstscope summary DIR | head -0': the pipe is closed before the first write, which fails with EPIPE.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "summary", tmp.toString()));
        Process p = new ProcessBuilder(command).directory(tmp.toFile()).start();
        p.getOutputStream().close();
        p.getInputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(err).isEmpty();
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void should_exit_2_naming_the_file_when_conn_cannot_read_it() throws Exception {
        assertThat(rstscope(tmp, "conn", "missing.pcap")).isEqualTo(new Run(2, "", "rstscope conn: missing.pcap: no such file\n"));
    }
}
