package io.rstscope.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellTest {

    static String fixture(String name) throws Exception {
        return Path.of(ShellTest.class.getResource("/captures/" + name).toURI()).toString();
    }

    @Test
    void should_open_the_files_as_c1_and_bind_packets_to_it_when_the_jshell_tool_starts() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        String typed = "packets().count() + 40\nc2.packetTable().rowCount() > 0\n/exit\n";
        int status = Shell.run(List.of(fixture("syn-then-rst.pcap"), fixture("ipv6-ftp-rst.pcap")),
                new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), ps, ps, new HashMap<>());
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(status).isZero();
        // The startup's "c1 = ..." banner goes to the JVM's own stdout (the tool's terminal), not to these streams.
        assertThat(text)
                .contains("==> 42")
                .contains("==> true");
    }

    @Test
    void should_exit_with_status_1_and_name_the_line_when_a_script_fails(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("s.jsh");
        Files.writeString(script, "System.out.println(args[0]);\nint x = 1 / 0;\nSystem.out.println(\"not reached\");\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ScriptRunner.run(script, List.of("hello"), System.in,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("java.lang.ArithmeticException: / by zero")
                .contains("at cell line 2");
    }

    @Test
    void should_exit_with_the_status_of_exit_when_a_script_ends_with_it(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("s.jsh");
        Files.writeString(script, "int x = 3;\n/exit 3\n");
        assertThat(ScriptRunner.run(script, List.of(), System.in, System.out, System.err)).isEqualTo(3);
    }
}
