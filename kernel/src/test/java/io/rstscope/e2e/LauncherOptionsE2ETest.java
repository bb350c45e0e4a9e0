package io.rstscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.jupyter.JvmOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JVM options the launcher gives, read back from the JVM itself ({@code -XX:+PrintCommandLineFlags}):
 * its defaults (the same as the kernel's and the bench's JVMs: {@code JvmOptions.defaults}), and
 * {@code RSTSCOPE_JAVA_OPTS} added after them.
 */
class LauncherOptionsE2ETest {

    private static String flags(String userOptions) throws Exception {
        return Product.run(Map.of("RSTSCOPE_JAVA_OPTS", userOptions + " -XX:+PrintCommandLineFlags"), 120,
                Product.launcher().toString(), "--version");
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
