package io.rstscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rstscope run} and {@code rstscope query} as a script calls them: a process, its status and its two streams. */
class ScriptAndQueryE2ETest {

    record Ran(int status, String out, String err) {
    }

    static Ran rstscope(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Product.launcher().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished in time").isTrue();
        return new Ran(p.exitValue(), out, new String(err.get(), StandardCharsets.UTF_8));
    }

    static String capture(String name) {
        return Product.root().resolve("dsl/src/test/resources/captures/" + name).toString();
    }

    @Test
    void should_print_the_result_and_say_the_damage_with_status_2_when_query_reads_a_damaged_file() throws Exception {
        String file = capture("damaged-huge-record-fuzz.pcap");
        Ran r = rstscope("query", file, "issues().rowCount()");
        assertThat(r.out()).isEqualTo("1\n");
        assertThat(r.err()).isEqualTo("rstscope query: " + file + ": damaged at packet 2, byte offset 228: record header "
                + "claims 1409179648 captured bytes, more than the maximum of 262144\n");
        assertThat(r.status()).isEqualTo(2);
        Ran summary = rstscope("summary", file);
        assertThat(summary.out()).contains("error:        " + r.err().substring("rstscope query: ".length()));
    }

    @Test
    void should_open_the_captures_among_its_arguments_when_run_is_given_a_script_and_a_file(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("inv.jsh");
        Files.writeString(script, "System.out.println(c1 + \" | \" + flows().count() + \" \" + resets().count() + \" | \" "
                + "+ String.join(\",\", args));\n");
        Ran r = rstscope("run", script.toString(), capture("syn-then-rst.pcap"), "--note");
        assertThat(r.out()).isEqualTo("syn-then-rst.pcap: pcap, 2 packets, 2 TCP, 1 connection, 1 RST, 0 issues | 1 1 | "
                + capture("syn-then-rst.pcap") + ",--note\n");
        assertThat(r.status()).isZero();
    }

    @Test
    void should_name_the_script_line_when_a_script_fails(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("inv.jsh");
        Files.writeString(script, "// open the capture\nint n = 1;\n\n\n\nSystem.out.println(\"before\");\n"
                + "open(\"nosuch.pcap\");\nSystem.out.println(\"not reached\");\n");
        Ran r = rstscope("run", script.toString());
        assertThat(r.out()).isEqualTo("before\n");
        assertThat(r.err()).isEqualTo("inv.jsh:7: RstscopeException: nosuch.pcap: no such file\n");
        assertThat(r.status()).isEqualTo(1);
    }

    @Test
    void should_run_comments_and_text_blocks_as_java_when_a_script_has_lines_starting_with_a_slash(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("notes.jsh");
        Files.writeString(script, """
                // a comment
                /* a block comment
                /exit 4
                 */
                String text = \"""
                    /exit 9
                    \""";
                System.out.println("text: " + text.strip());
                /exit 3
                System.out.println("not reached");
                """);
        Ran r = rstscope("run", script.toString());
        assertThat(r.out()).isEqualTo("text: /exit 9\n");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isEqualTo(3);
    }

    @Test
    void should_refuse_a_jshell_command_other_than_exit_naming_its_line(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("cmd.jsh");
        Files.writeString(script, "int a = 1;\n/list\n");
        Ran r = rstscope("run", script.toString());
        assertThat(r.err()).isEqualTo("cmd.jsh:2: jshell commands are not run in scripts: /list\n");
        assertThat(r.status()).isEqualTo(1);
    }

    @Test
    void should_say_why_when_the_script_cannot_be_read(@TempDir Path dir) throws Exception {
        Ran missing = rstscope("run", dir.resolve("nope.jsh").toString());
        assertThat(missing.err()).isEqualTo("rstscope run: cannot read " + dir.resolve("nope.jsh") + ": no such file\n");
        assertThat(missing.status()).isEqualTo(2);
        Ran directory = rstscope("run", dir.toString());
        assertThat(directory.err()).isEqualTo("rstscope run: cannot read " + dir + ": is a directory\n");
    }
}
