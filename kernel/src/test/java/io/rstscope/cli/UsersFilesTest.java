package io.rstscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What rstscope promises about the user's files, seen as a user meets it: the {@code rstscope} command
 * run as its own process, in the directory of the user's captures, with relative names.
 */
class UsersFilesTest {

    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
    }

    /** {@code rstscope ARGS} in its own JVM, working in {@link #dir}. */
    static Run rstscope(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "io.rstscope.cli.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).start();
        p.getOutputStream().close();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread t = new Thread(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.completeExceptionally(e);
            }
        });
        t.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("rstscope ended").isTrue();
        return new Run(p.exitValue(), out, err.join());
    }

    private Path copy(String fixture, String name) throws Exception {
        return Files.copy(Path.of(QueryCommandTest.fixture(fixture)), dir.resolve(name));
    }

    @Test
    void should_exit_2_and_leave_the_input_untouched_when_a_query_exports_onto_its_capture() throws Exception {
        Path in = copy("pcapng-126-interfaces.pcapng", "in.pcapng");
        byte[] before = Files.readAllBytes(in);
        Run r = rstscope(dir, "query", "in.pcapng", "flows().withReset().toPcap(\"in.pcapng\")");
        assertThat(r).isEqualTo(new Run(2, "", "RstscopeException: in.pcapng: not written: it is the file the open capture "
                + "in.pcapng reads; write to another file\n"));
        assertThat(Files.readAllBytes(in)).isEqualTo(before);
        assertThat(dir.toFile().list()).containsExactly("in.pcapng");
    }

    @Test
    void should_refuse_a_gzip_input_a_link_to_it_a_second_capture_and_csv_onto_it() throws Exception {
        Path gz = dir.resolve("in.pcap.gz");
        try (var out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(Path.of(QueryCommandTest.fixture("kernel/closed-port/client.pcap"))));
        }
        Path second = copy("kernel/policy-injection/client.pcap", "second.pcap");
        Files.createSymbolicLink(dir.resolve("link.pcap"), gz.getFileName());
        byte[] gzBefore = Files.readAllBytes(gz);
        byte[] secondBefore = Files.readAllBytes(second);
        String gzReal = gz.toRealPath().toString();
        String opened = " reads; write to another file\n";
        assertThat(rstscope(dir, "query", "in.pcap.gz", "flows().limit(0).toPcap(\"in.pcap.gz\")")).isEqualTo(new Run(2, "",
                "RstscopeException: in.pcap.gz: not written: it is the file the open capture in.pcap.gz" + opened));
        assertThat(rstscope(dir, "query", "in.pcap.gz", "flows().toCsv(\"link.pcap\", REPLACE)")).isEqualTo(new Run(2, "",
                "RstscopeException: link.pcap: not written: it is the file the open capture in.pcap.gz"
                        + " reads (through a link to " + gzReal + "); write to another file\n"));
        assertThat(rstscope(dir, "query", "in.pcap.gz", "second.pcap", "c1.flows().toPcap(\"second.pcap\", REPLACE)"))
                .isEqualTo(new Run(2, "", "RstscopeException: second.pcap: not written: it is the file the open capture "
                        + "second.pcap" + opened));
        assertThat(Files.readAllBytes(gz)).isEqualTo(gzBefore);
        assertThat(Files.readAllBytes(second)).isEqualTo(secondBefore);
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("in.pcap.gz", "second.pcap", "link.pcap");
    }

    @Test
    void should_replace_an_existing_export_only_when_the_expression_says_replace() throws Exception {
        copy("kernel/closed-port/client.pcap", "in.pcap");
        Files.writeString(dir.resolve("out.csv"), "kept");
        Run refused = rstscope(dir, "query", "in.pcap", "flows().toCsv(\"out.csv\")");
        assertThat(refused).isEqualTo(new Run(2, "", "RstscopeException: out.csv: already exists; rstscope replaces a file "
                + "only when asked: toCsv(\"out.csv\", REPLACE)\n"));
        assertThat(Files.readString(dir.resolve("out.csv"))).isEqualTo("kept");
        Run replaced = rstscope(dir, "query", "in.pcap", "flows().toCsv(\"out.csv\", REPLACE)");
        assertThat(replaced.status()).isZero();
        assertThat(Files.readString(dir.resolve("out.csv"))).startsWith("ts,ts_iso,uid,");
    }
}
