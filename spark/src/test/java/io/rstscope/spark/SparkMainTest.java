package io.rstscope.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SparkMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SparkMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void should_print_its_help_on_standard_output_when_asked() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: rstscope spark --out DIR [--master URL] "
                + "[--sensor NAME | --sensor-from directory|file|path] [--packets] PATH...\n");
    }

    @Test
    void should_refuse_without_an_output_directory_before_starting_spark() {
        assertThat(run("captures/")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("rstscope spark: no --out DIR given\n"
                + "usage: rstscope spark --out DIR [--master URL] [--sensor NAME | --sensor-from directory|file|path] [--packets] PATH...\n");
    }

    @Test
    void should_name_an_unknown_option_and_an_option_without_its_value() {
        assertThat(run("--out", "o", "--partitions", "4", "captures/")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("rstscope spark: unknown option '--partitions'\n");
        err.reset();
        assertThat(run("captures/", "--out")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("rstscope spark: option --out needs a value\n");
    }

    @Test
    void should_refuse_without_a_path() {
        assertThat(run("--out", "o")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("rstscope spark: no PATH given\n");
    }
}
