package io.rstscope.spark;

import static io.rstscope.Rst.gt;
import static io.rstscope.Rst.test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rstscope.Capture;
import io.rstscope.Rst;
import io.rstscope.query.InvalidArgumentException;
import io.rstscope.query.UnknownFieldException;
import io.rstscope.reset.Cause;
import io.rstscope.store.FlowField;
import io.rstscope.store.ResetField;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class SparkCaptureTest {

    private static final Path CLOSED_PORT = TestSpark.root().resolve("lessons").resolve("closed-port.pcap");
    private static SparkCapture cap;

    @BeforeAll
    static void read() {
        cap = SparkCapture.read(TestSpark.session(), CLOSED_PORT.toString());
    }

    @AfterAll
    static void release() {
        cap.release();
    }

    @Test
    void should_answer_as_one_machine_when_reading_the_parquet_output_of_an_earlier_run(@TempDir Path dir) {
        Path capture = TestSpark.root().resolve("lessons").resolve("fin-then-rst.pcap");
        SparkAnalysis.Result r = SparkAnalysis.analyze(TestSpark.session().read().format("pcap").load(capture.toString()));
        SparkAnalysis.write(r, dir.resolve("out").toString());
        r.release();
        Capture local = Rst.open(capture);

        SparkCapture out = SparkCapture.read(TestSpark.session(), dir.resolve("out").toString());

        assertThat(out.flows().count()).isEqualTo(local.flows().count());
        assertThat(out.resets().withReset().port(local.flowTable().intColumn("resp_p").getInt(0)).count())
                .isEqualTo(local.resets().withReset().port(local.flowTable().intColumn("resp_p").getInt(0)).count());
        Table table = out.flows().table(10);
        assertThat(table.columnNames()).containsExactlyElementsOf(
                Arrays.stream(FlowField.values()).map(FlowField::column).toList());
        assertThat(TestSpark.rows(table)).containsExactlyInAnyOrderElementsOf(TestSpark.rows(local.flowTable()));
        assertThat(TestSpark.rows(out.resets().groupBy(ResetField.CAUSE).count()))
                .containsExactlyInAnyOrderElementsOf(TestSpark.rows(local.resets().groupBy(ResetField.CAUSE).count()));
    }

    @Test
    void should_print_the_query_as_written_when_filters_are_chained() {
        assertThat(cap.resets().cause(Cause.PORT_CLOSED).host("10.0.0.0/8").where("ttl", gt(1)))
                .hasToString("resets(closed-port.pcap).cause(PORT_CLOSED).host(\"10.0.0.0/8\").where(ttl, gt(1))");
        assertThat(cap.resets().groupBy("cause")).hasToString("resets(closed-port.pcap).groupBy(cause)");
        assertThat(cap.resets().cause(Cause.PORT_CLOSED).count())
                .isEqualTo(Rst.open(CLOSED_PORT).resets().cause(Cause.PORT_CLOSED).count());
    }

    @Test
    void should_refuse_a_java_test_at_the_terminal_and_bad_arguments_at_the_step() {
        SparkFlowQuery q = cap.flows().where("history", test("has R", v -> String.valueOf(v).contains("R")));
        assertThatThrownBy(q::count)
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("where(history, test(\"has R\")): a test written in Java runs on one machine only; on Spark "
                        + "use eq, ne, gt, ge, lt, le, in, contains, startsWith, matches, missing or present");
        assertThatThrownBy(() -> cap.flows().port(70000))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("port(70000): expected a TCP port 0..65535");
        assertThatThrownBy(() -> cap.flows().where("histroy", gt(1)))
                .isInstanceOf(UnknownFieldException.class)
                .hasMessageStartingWith("where(\"histroy\"): flows has no field \"histroy\"; did you mean \"history\"?");
        assertThatThrownBy(() -> cap.flows().table(-1))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("table(-1): expected a number of rows, 0 or more");
    }
}
