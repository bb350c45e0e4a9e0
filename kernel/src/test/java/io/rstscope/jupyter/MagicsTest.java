package io.rstscope.jupyter;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.Capture;
import io.rstscope.eval.CellResult;
import io.rstscope.eval.Evaluator;
import io.rstscope.eval.Host;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MagicsTest {

    static Evaluator ev;

    @BeforeAll
    static void start() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        ev = Evaluator.start(new ByteArrayInputStream(new byte[0]), out, out, Host.NONE);
    }

    @AfterAll
    static void stop() {
        ev.close();
    }

    @Test
    void should_open_the_scenario_and_make_it_current_when_given_a_cause() {
        CellResult r = Magics.run("%scenario BACKLOG_OVERFLOW", ev, System.out);

        assertThat(r).isInstanceOf(CellResult.Value.class);
        assertThat(((CellResult.Value) r).value()).isInstanceOf(Capture.class);
        assertThat(ev.eval("current().data().file().getFileName().toString()"))
                .isEqualTo(new CellResult.Value("accept-queue-overflow.pcap", "\"accept-queue-overflow.pcap\""));
        assertThat(ev.eval("packets().count()")).isEqualTo(new CellResult.Value(13, "13"));
    }

    @Test
    void should_open_a_scenario_by_its_name_when_not_given_a_cause() {
        Magics.run("%scenario syn-scan", ev, System.out);

        assertThat(ev.eval("current().data().file().getFileName().toString()"))
                .isEqualTo(new CellResult.Value("syn-scan.pcap", "\"syn-scan.pcap\""));
    }

    @Test
    void should_bind_the_current_capture_when_scenario_is_called_in_code() {
        ev.eval("scenario(Cause.FAST_TEARDOWN)");

        assertThat(ev.eval("current().data().file().getFileName().toString()"))
                .isEqualTo(new CellResult.Value("fin-then-rst.pcap", "\"fin-then-rst.pcap\""));
    }

    @Test
    void should_name_the_causes_when_the_argument_is_unknown() {
        CellResult r = Magics.run("%scenario BACKLOG", ev, System.out);

        assertThat(r).isInstanceOf(CellResult.Failure.class);
        assertThat(((CellResult.Failure) r).message()).startsWith(
                "%scenario: no cause or scenario named 'BACKLOG'; the causes are PORT_CLOSED, FIREWALL_REJECT,");
    }

    @Test
    void should_print_cpu_and_wall_time_after_the_cell_when_it_starts_with_the_time_cell_magic() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CellResult r = Magics.run("%%time\nlong s = 0;\nfor (int i = 0; i < 1_000_000; i++) s += i;\ns",
                ev, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(r).isEqualTo(new CellResult.Value(499999500000L, "499999500000"));
        assertThat(out.toString(StandardCharsets.UTF_8))
                .matches("CPU times: user [0-9.]+ m?s, sys [0-9.]+ m?s, total [0-9.]+ m?s\nWall time: [0-9.]+ m?s\n");
    }

    @Test
    void should_time_only_the_rest_of_the_line_with_the_time_line_magic() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CellResult r = Magics.run("%time 6 * 7", ev, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(r).isEqualTo(new CellResult.Value(42, "42"));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Wall time: ");
    }

    @Test
    void should_show_durations_in_milliseconds_below_a_second_and_seconds_above() {
        assertThat(Magics.duration(12_345_678)).isEqualTo("12.3 ms");
        assertThat(Magics.duration(1_520_000_000)).isEqualTo("1.52 s");
    }
}
