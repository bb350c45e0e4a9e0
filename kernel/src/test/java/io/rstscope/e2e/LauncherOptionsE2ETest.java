package io.rstscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.jupyter.JvmOptions;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM options the launcher gives, read back from the JVM itself ({@code -XX:+PrintCommandLineFlags}):
 * its defaults (the same as the kernel's and the bench's JVMs: {@code JvmOptions.defaults}), and
 * {@code RSTSCOPE_JAVA_OPTS} added after them, and the first-tier compiler alone for a one-shot command on
 * captures of up to 1 GiB ({@code JvmOptions.oneShot}).
 */
class LauncherOptionsE2ETest {

    private static String flags(String userOptions) throws Exception {
        return Product.run(Map.of("RSTSCOPE_JAVA_OPTS", userOptions + " -XX:+PrintCommandLineFlags"), 120,
                Product.launcher().toString(), "--version");
    }

    /** The launcher's JVM flags for {@code args}, whatever the command's exit status. */
    private static String flagsOf(String userOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Product.launcher().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("RSTSCOPE_JAVA", Product.java());
        pb.environment().put("RSTSCOPE_JAVA_OPTS", userOptions + " -XX:+PrintCommandLineFlags");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished: " + command).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        return text.lines().filter(l -> l.contains("-XX:")).findFirst().orElseThrow(() -> new AssertionError(text));
    }

    private static Path sparse(Path dir, long size) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve(size + ".pcap");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
        return file;
    }

    @Test
    void should_run_one_shot_commands_on_the_first_tier_compiler_for_captures_up_to_the_limit() throws Exception {
        assertThat(flagsOf("", "summary", Product.smallCapture().toString())).contains("-XX:TieredStopAtLevel=1");
        assertThat(flagsOf("", "explain", Product.smallCapture().toString(), "--limit", "1"))
                .contains("-XX:TieredStopAtLevel=1");
        assertThat(flagsOf("", "query", Product.smallCapture().toString(), "resets().count()"))
                .contains("-XX:TieredStopAtLevel=1");
        assertThat(JvmOptions.oneShot(Files.size(Product.smallCapture())))
                .containsExactly("-XX:TieredStopAtLevel=1");
    }

    @Test
    void should_keep_the_optimizing_compiler_above_the_limit_and_for_long_lived_commands(@TempDir Path dir)
            throws Exception {
        Path atLimit = sparse(dir.resolve("a"), JvmOptions.ONE_SHOT_LIMIT);
        Path above = sparse(dir.resolve("b"), JvmOptions.ONE_SHOT_LIMIT + 1);

        assertThat(flagsOf("", "summary", atLimit.toString())).contains("-XX:TieredStopAtLevel=1");
        assertThat(flagsOf("", "summary", above.toString())).doesNotContain("TieredStopAtLevel");
        assertThat(flagsOf("", "summary", dir.resolve("b").toString())).doesNotContain("TieredStopAtLevel");
        assertThat(flagsOf("", "--version")).doesNotContain("TieredStopAtLevel");
        assertThat(JvmOptions.oneShot(JvmOptions.ONE_SHOT_LIMIT)).containsExactly("-XX:TieredStopAtLevel=1");
        assertThat(JvmOptions.oneShot(JvmOptions.ONE_SHOT_LIMIT + 1)).isEmpty();
    }

    @Test
    void should_leave_the_compilers_to_the_options_that_name_them() throws Exception {
        String out = flagsOf("-XX:TieredStopAtLevel=4", "summary", Product.smallCapture().toString());

        assertThat(out).contains("-XX:TieredStopAtLevel=4").doesNotContain("TieredStopAtLevel=1");
    }

    @Test
    void should_cap_the_young_generation_of_the_bounded_reads_only() throws Exception {
        String capture = Product.smallCapture().toString();
        assertThat(flagsOf("", "summary", capture)).contains("-XX:MaxNewSize=268435456");
        assertThat(flagsOf("", "summary", capture, "--json")).contains("-XX:MaxNewSize=268435456");
        assertThat(flagsOf("", "explain", capture, "--limit", "1")).contains("-XX:MaxNewSize=268435456");
        assertThat(flagsOf("", "explain", capture, "--format", "json")).doesNotContain("MaxNewSize");
        assertThat(flagsOf("", "explain", capture, "--format=json")).doesNotContain("MaxNewSize");
        assertThat(flagsOf("", "explain", capture, "--json")).doesNotContain("MaxNewSize");
        assertThat(flagsOf("", "query", capture, "resets().count()")).doesNotContain("MaxNewSize");
        assertThat(flagsOf("-Xmx300m", "summary", capture)).doesNotContain("MaxNewSize");
        assertThat(flagsOf("-XX:MaxRAMPercentage=5", "summary", capture)).doesNotContain("MaxNewSize");
        assertThat(JvmOptions.bounded(List.of())).containsExactly("-XX:MaxNewSize=256m");
        assertThat(JvmOptions.bounded(List.of("-Xmx1g"))).isEmpty();
        assertThat(JvmOptions.bounded(List.of("-Xmn64m"))).isEmpty();
    }

    @Test
    void should_keep_the_parallel_collector_when_the_options_only_set_the_heap() throws Exception {
        String out = flags("-Xmx300m");

        assertThat(out).contains("-XX:+UseParallelGC", "-XX:MaxHeapSize=314572800");
    }

    @Test
    void should_use_the_collector_the_options_name_instead_of_the_parallel_one() throws Exception {
        String out = flags("-XX:+UseSerialGC");

        assertThat(out).contains("-XX:+UseSerialGC").doesNotContain("UseParallelGC");
    }

    @Test
    void should_ask_for_transparent_huge_pages_exactly_when_the_kernel_offers_them() throws Exception {
        Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        String mode = Files.exists(thp) ? Files.readString(thp) : "";
        boolean offered = mode.contains("[always]") || mode.contains("[madvise]");

        String out = flags("-Xmx300m");

        if (offered) {
            assertThat(out).contains("-XX:+UseTransparentHugePages");
        } else {
            assertThat(out).doesNotContain("UseTransparentHugePages");
        }
        assertThat(flags("-XX:-UseTransparentHugePages")).doesNotContain("+UseTransparentHugePages");
    }

    @Test
    void should_give_the_options_of_the_kernel_and_the_bench() throws Exception {
        String out = flags("-Xmx300m");

        String[] defaults = JvmOptions.defaults(JvmOptions.hugePagesOffered()).toArray(String[]::new);
        assertThat(out.split("\\s+")).contains(defaults);
    }
}
