package io.rstscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick start, run as written by a user in a fresh clone, and the version of the jar. */
class QuickStartE2ETest {

    @TempDir
    Path clone;

    /** The commands of the README's "Quick start" shell block, in order. */
    static List<String> quickStart() throws Exception {
        String readme = Files.readString(Product.root().resolve("README.md"));
        int section = readme.indexOf("\n## Quick start\n");
        assertThat(section).as("README has a Quick start section").isPositive();
        int start = readme.indexOf("```sh\n", section) + "```sh\n".length();
        int end = readme.indexOf("```", start);
        List<String> commands = new ArrayList<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                commands.add(line);
            }
        }
        return commands;
    }

    @Test
    void should_exit_0_for_every_quick_start_command_when_run_as_written_from_a_clone() throws Exception {
        // A clone's layout: the launcher at src/bin; what the commands write lands in this directory.
        Files.createSymbolicLink(clone.resolve("src"), Product.root().resolve("src"));
        List<String> commands = quickStart();
        assertThat(commands).hasSizeGreaterThanOrEqualTo(5);

        for (String command : commands) {
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(clone.toFile()).redirectErrorStream(true);
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(command + "\n" + out).isZero();
            assertThat(out).as(command).doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void should_print_the_poms_version_when_asked_for_the_version() throws Exception {
        String out = Product.run(Map.of(), 120, Product.launcher().toString(), "--version");

        assertThat(out).isEqualTo("rstscope " + System.getProperty("rstscope.version") + "\n");
    }
}
