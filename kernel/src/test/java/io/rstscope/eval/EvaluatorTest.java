package io.rstscope.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.Capture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    static final ByteArrayOutputStream OUT = new ByteArrayOutputStream();
    static Evaluator ev;

    @BeforeAll
    static void start() {
        ev = Evaluator.start(new ByteArrayInputStream("typed line\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(OUT, true, StandardCharsets.UTF_8), new PrintStream(OUT, true, StandardCharsets.UTF_8),
                Host.NONE);
    }

    @AfterAll
    static void stop() {
        ev.close();
    }

    static String fixture(String name) throws Exception {
        return Path.of(EvaluatorTest.class.getResource("/captures/" + name).toURI()).toString();
    }

    @Test
    void should_return_the_value_of_the_last_expression_when_the_cell_has_several_snippets() {
        CellResult r = ev.eval("int a = 2;\nint b = 3;\na * b");
        assertThat(r).isEqualTo(new CellResult.Value(6, "6"));
    }

    @Test
    void should_return_nothing_when_the_cell_ends_with_a_declaration_or_a_void_call() {
        assertThat(ev.eval("int c = 4;")).isEqualTo(new CellResult.Nothing());
        assertThat(ev.eval("String s = \"x\"")).isEqualTo(new CellResult.Nothing());
        assertThat(ev.eval("System.out.print(\"\")")).isEqualTo(new CellResult.Nothing());
        assertThat(ev.eval("void f() {}")).isEqualTo(new CellResult.Nothing());
    }

    @Test
    void should_write_what_the_cell_prints_to_the_session_output() {
        OUT.reset();
        ev.eval("System.out.println(\"hello from a cell\")");
        assertThat(OUT.toString(StandardCharsets.UTF_8)).isEqualTo("hello from a cell\n");
    }

    @Test
    void should_point_at_the_line_and_column_in_the_cell_when_a_snippet_does_not_compile() {
        CellResult r = ev.eval("int ok = 1;\n\nint bad = ok + nope;");
        assertThat(r).isInstanceOf(CellResult.Failure.class);
        CellResult.Failure f = (CellResult.Failure) r;
        assertThat(f.name()).isEqualTo("CompileError");
        assertThat(f.message()).isEqualTo("line 3, column 16: cannot find symbol");
        assertThat(f.lines()).contains("    int bad = ok + nope;", "                   ^");
    }

    @Test
    void should_show_only_the_message_when_rstscope_throws() {
        CellResult r = ev.eval("open(\"/no/such/file.pcap\")");
        assertThat(r).isEqualTo(new CellResult.Failure("RstscopeException", "/no/such/file.pcap: no such file",
                java.util.List.of("RstscopeException: /no/such/file.pcap: no such file"), 1));
    }

    @Test
    void should_give_the_heap_and_the_remedy_in_one_line_when_a_cell_runs_out_of_memory() {
        CellResult r = ev.eval("int n = 1;\nthrow new OutOfMemoryError(\"GC overhead limit exceeded\")");
        long mb = Runtime.getRuntime().maxMemory() >> 20;
        long g = Math.max(1, 4 * mb / 1024);
        String line = "out of memory: the Java heap (at most " + mb + " MB) cannot hold what this needs; give the JVM"
                + " more (-Xmx" + g + "g, or RSTSCOPE_JAVA_OPTS=-Xmx" + g + "g for the rstscope command)";
        assertThat(r).isEqualTo(new CellResult.Failure("OutOfMemoryError", line, java.util.List.of(line), 2));
    }

    @Test
    void should_show_a_trace_without_the_kernel_frames_when_other_code_throws() {
        CellResult r = ev.eval("int zero = 0;\nint boom() { return 1 / zero; }\nboom()");
        CellResult.Failure f = (CellResult.Failure) r;
        assertThat(f.name()).isEqualTo("ArithmeticException");
        assertThat(f.lines().get(0)).isEqualTo("java.lang.ArithmeticException: / by zero");
        assertThat(f.text()).contains("at cell line 2").doesNotContain("io.rstscope.eval").doesNotContain("reflect");
    }

    @Test
    void should_bind_the_bare_packets_to_the_capture_opened_last() throws Exception {
        CellResult r = ev.eval("var cap = open(\"" + fixture("syn-then-rst.pcap") + "\");\ncap");
        assertThat(((CellResult.Value) r).value()).isInstanceOf(Capture.class);
        assertThat(ev.eval("packets().count() == cap.packetTable().rowCount() && current == cap"))
                .isEqualTo(new CellResult.Value(true, "true"));
    }

    @Test
    void should_count_one_connection_when_the_design_example_runs_on_the_router_reject_capture() throws Exception {
        ev.eval("open(\"" + fixture("kernel/router-reject/client.pcap") + "\")");
        assertThat(ev.eval("flows().withReset().stage(HANDSHAKE).spoofed().count()"))
                .isEqualTo(new CellResult.Value(1, "1"));
        assertThat(ev.eval("resets().groupBy(CAUSE, ORIGIN).count().rowCount()"))
                .isEqualTo(new CellResult.Value(1, "1"));
        assertThat(ev.eval("flows().where(DURATION, gt(0.0001)).count()")).isEqualTo(new CellResult.Value(1, "1"));
        assertThat(ev.eval("flows().state(REJ).first().ladder().arrows().size()"))
                .isEqualTo(new CellResult.Value(2, "2"));
    }

    @Test
    void should_show_the_step_message_when_a_query_step_gets_a_bad_argument() throws Exception {
        ev.eval("open(\"" + fixture("syn-then-rst.pcap") + "\")");
        assertThat(ev.eval("flows().port(70000)")).isEqualTo(new CellResult.Failure("InvalidArgumentException",
                "port(70000): expected a TCP port 0..65535",
                java.util.List.of("InvalidArgumentException: port(70000): expected a TCP port 0..65535"), 1));
    }

    @Test
    void should_explain_that_no_capture_is_open_when_packets_is_called_first() {
        Evaluator fresh = Evaluator.start(System.in, System.out, System.err, Host.NONE);
        try {
            assertThat(((CellResult.Failure) fresh.eval("packets()")).message())
                    .isEqualTo("no capture is open yet: open(\"trace.pcap\") first");
        } finally {
            fresh.close();
        }
    }

    @Test
    void should_complete_members_with_those_of_the_expected_type_first() {
        Completion c = ev.complete("Capture x = Rst.op", 18);
        assertThat(c.candidates()).contains("open(");
        assertThat(c.start()).isEqualTo(16);
        assertThat(c.end()).isEqualTo(18);
        ev.eval("String t = \"a\";");
        Completion second = ev.complete("int n = 1;\nt.toUpp", 18);
        assertThat(second.candidates()).containsExactly("toUpperCase(");
        assertThat(second.start()).isEqualTo(13);
    }

    @Test
    void should_find_the_signature_and_javadoc_of_a_dsl_method() {
        var docs = ev.documentation("Rst.open(", 6);
        assertThat(docs).isNotEmpty();
        assertThat(docs.get(0).signature()).contains("Rst.open(");
        assertThat(docs).anySatisfy(d -> assertThat(d.javadoc()).startsWith("Opens a capture file"));
        assertThat(ev.documentation("\"abc\".substring(", 16).get(0).signature())
                .contains("String.substring(int beginIndex");
    }

    @Test
    void should_tell_a_cell_ending_in_an_open_brace_from_a_complete_one() {
        assertThat(ev.completeness("for (int i = 0; i < 3; i++) {").state()).isEqualTo(Completeness.State.INCOMPLETE);
        assertThat(ev.completeness("int x = 1;").state()).isEqualTo(Completeness.State.COMPLETE);
        assertThat(ev.completeness("%open trace.pcap").state()).isEqualTo(Completeness.State.COMPLETE);
        assertThat(ev.completeness("packets()").state()).isEqualTo(Completeness.State.COMPLETE);
    }

    @Test
    void should_guess_completeness_from_brackets_before_the_session_is_ready() {
        assertThat(Completeness.guess("if (x) {\n  y(\"}\")").state()).isEqualTo(Completeness.State.INCOMPLETE);
        assertThat(Completeness.guess("packets().count() * 10").state()).isEqualTo(Completeness.State.COMPLETE);
        assertThat(Completeness.guess("%open a.pcap").state()).isEqualTo(Completeness.State.COMPLETE);
    }

    @Test
    void should_read_standard_input_given_to_the_session() {
        CellResult r = ev.eval("new java.util.Scanner(System.in).nextLine()");
        assertThat(r).isEqualTo(new CellResult.Value("typed line", "\"typed line\""));
    }

    @Test
    void should_report_an_interrupted_busy_loop_as_interrupted_and_stay_usable() throws Exception {
        CompletableFuture<CellResult> r = CompletableFuture.supplyAsync(() -> ev.eval("while (true) {}"));
        Thread.sleep(300);
        long t0 = System.nanoTime();
        ev.interrupt();
        CellResult result = r.get(5, TimeUnit.SECONDS);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(1.0);
        assertThat(result).isInstanceOf(CellResult.Interrupted.class);
        assertThat(ev.eval("1 + 1")).isEqualTo(new CellResult.Value(2, "2"));
    }

    @Test
    void should_stop_a_sleeping_cell_by_interrupting_it() throws Exception {
        CompletableFuture<CellResult> r = CompletableFuture.supplyAsync(() -> ev.eval("Thread.sleep(60_000); 5"));
        Thread.sleep(300);
        long t0 = System.nanoTime();
        ev.interrupt();
        assertThat(r.get(5, TimeUnit.SECONDS)).isInstanceOf(CellResult.Interrupted.class);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(0.5);
    }

    /**
     * Runs {@code cell}, interrupts it 200 ms after its code started (on a loaded machine compiling
     * may take longer than that); returns its result and the seconds the interrupt took.
     */
    static Object[] interrupted(String cell) throws Exception {
        String token = "started-" + System.nanoTime();
        CompletableFuture<CellResult> r = CompletableFuture.supplyAsync(
                () -> ev.eval("{ System.setProperty(\"rstscope.test.cell\", \"" + token + "\"); " + cell + " }"));
        long end = System.nanoTime() + 30_000_000_000L;
        while (!token.equals(System.getProperty("rstscope.test.cell")) && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        Thread.sleep(200);
        long t0 = System.nanoTime();
        ev.interrupt();
        CellResult result = r.get(5, TimeUnit.SECONDS);
        return new Object[] {result, (System.nanoTime() - t0) / 1e9};
    }

    @Test
    void should_stop_a_loop_without_calls_within_a_second_when_interrupted() throws Exception {
        ev.eval("long spins = 0;");
        Object[] r = interrupted("for (;;) spins++;");
        assertThat(r[0]).isEqualTo(new CellResult.Interrupted("interrupted: the cell was stopped before it ended"));
        assertThat((double) r[1]).isLessThan(1.0);
        assertThat(ev.eval("spins > 0")).isEqualTo(new CellResult.Value(true, "true"));
    }

    @Test
    void should_stop_a_loop_that_swallows_every_throwable_when_interrupted() throws Exception {
        Object[] r = interrupted("while (true) { try { Thread.sleep(100); } catch (Throwable t) { } }");
        assertThat(r[0]).isEqualTo(new CellResult.Interrupted("interrupted: the cell was stopped before it ended"));
        assertThat((double) r[1]).isLessThan(1.0);
        assertThat(ev.eval("2 + 2")).isEqualTo(new CellResult.Value(4, "4"));
    }

    @Test
    void should_say_so_and_stay_usable_when_a_blocked_cell_cannot_be_stopped() throws Exception {
        ev.eval("var server = new java.net.ServerSocket(0);");
        Object[] r = interrupted("server.accept();");
        assertThat((double) r[1]).isLessThan(1.0);
        assertThat(r[0]).isInstanceOf(CellResult.Interrupted.class);
        assertThat(((CellResult.Interrupted) r[0]).message())
                .startsWith("interrupted, but the cell could not be stopped: it is blocked in ")
                .endsWith("; it goes on in the background (restart to end it) and the session stays usable");
        assertThat(ev.eval("3 + 3")).isEqualTo(new CellResult.Value(6, "6"));
        ev.eval("server.close()"); // the blocked accept fails, and its thread ends at its next snippet branch
    }

    @Test
    void should_refuse_system_exit_and_runtime_halt_with_an_error_when_a_cell_calls_them() {
        String why = " was refused: code in a cell cannot end the JVM of this session"
                + " (restart the kernel to start afresh; /exit leaves the shell or a script)";
        assertThat(ev.eval("System.exit(3)")).isEqualTo(new CellResult.Failure("ExitRefused",
                "System.exit(3)" + why, List.of("ExitRefused: System.exit(3)" + why), 1));
        assertThat(ev.eval("Runtime.getRuntime().halt(4)")).isEqualTo(new CellResult.Failure("ExitRefused",
                "Runtime.halt(4)" + why, List.of("ExitRefused: Runtime.halt(4)" + why), 1));
        assertThat(ev.eval("Runtime.getRuntime().exit(5)")).isEqualTo(new CellResult.Failure("ExitRefused",
                "Runtime.exit(5)" + why, List.of("ExitRefused: Runtime.exit(5)" + why), 1));
        assertThat(ev.eval("5 + 5")).isEqualTo(new CellResult.Value(10, "10"));
    }

    @Test
    void should_report_a_string_constant_too_long_and_stay_usable() {
        CellResult r = ev.eval("\"" + "w".repeat(70_000) + "\".length()");
        assertThat(r).isInstanceOf(CellResult.Failure.class);
        assertThat(((CellResult.Failure) r).message()).isEqualTo("line 1, column 1: constant string too long: "
                + "70,000 bytes in UTF-8, a class file holds at most 65,535 (read the text from a file instead)");
        assertThat(ev.eval("int afterLong = 7;\nafterLong * 6")).isEqualTo(new CellResult.Value(42, "42"));
    }

    @Test
    void should_write_what_a_thread_started_by_a_cell_prints_later_to_the_session_output() throws Exception {
        OUT.reset();
        ev.eval("new Thread(() -> { try { Thread.sleep(200); } catch (InterruptedException e) { } "
                + "System.out.println(\"late line\"); }).start()");
        long end = System.nanoTime() + 5_000_000_000L;
        while (!OUT.toString(StandardCharsets.UTF_8).contains("late line") && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(OUT.toString(StandardCharsets.UTF_8)).isEqualTo("late line\n");
    }
}
