package io.rstscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WatchCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void should_print_the_usage_when_no_interface_is_given() {
        assertThat(run("watch")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("rstscope watch: no interface given\n" + WatchCommand.USAGE + "\n");
    }

    @Test
    void should_print_each_reset_and_a_summary_when_watching_loopback() throws Exception {
        assumeTrue(isRoot(), "capturing needs root (CAP_NET_RAW): skipped as another user");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // free now, and closed when the client knocks
        }
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(
                () -> run("watch", "lo", "--filter", "tcp port " + port, "--seconds", "2"));
        long until = System.nanoTime() + 5_000_000_000L;
        while (!out.toString(StandardCharsets.UTF_8).contains("Ctrl-C") && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        try (Socket c = new Socket()) {
            c.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        } catch (ConnectException refused) {
            // the reset this test watches for
        }

        assertThat(status.get()).isZero();
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(5);
        assertThat(lines[0]).isEqualTo("watching lo (tcp port " + port + "): each reset as it is explained; Ctrl-C for the summary");
        assertThat(lines[1]).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z  127\\.0\\.0\\.1:" + port
                + " > 127\\.0\\.0\\.1:\\d+  HANDSHAKE  PORT_CLOSED \\(or FIREWALL_REJECT\\)  GENUINE");
        assertThat(lines[2]).isEqualTo("watched lo (tcp port " + port + ") for 2 s: 2 packets, 2 TCP, 1 RST packet,"
                + " 1 reset explained, 0 dropped by the kernel");
        assertThat(lines[3]).isEqualTo("  by cause: PORT_CLOSED 1");
        assertThat(lines[4]).isEqualTo("  by verdict: GENUINE 1");
    }

    @Test
    void should_stop_watching_when_its_output_can_no_longer_be_written() throws Exception {
        assumeTrue(isRoot(), "capturing needs root (CAP_NET_RAW): skipped as another user");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        // As 'rstscope watch lo | head -1': the reader leaves after the first line; every later write fails,
        // as a pipe's does once its reader has gone (EPIPE).
        CompletableFuture<Void> firstLine = new CompletableFuture<>();
        OutputStream headOne = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (firstLine.isDone()) {
                    throw new IOException("Broken pipe");
                }
                if (new String(b, off, len, StandardCharsets.UTF_8).contains("\n")) {
                    firstLine.complete(null);
                }
            }
        };
        PrintStream closing = new PrintStream(headOne, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> Main.run(
                new String[] {"watch", "lo", "--filter", "tcp port " + port, "--seconds", "600"}, closing,
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        firstLine.get(10, TimeUnit.SECONDS);
        try (Socket c = new Socket()) {
            c.connect(new InetSocketAddress("127.0.0.1", port), 2000); // refused: a reset to print
        } catch (ConnectException refused) {
            // the reset whose line finds the output gone
        }
        // Before, it went on capturing for the ten minutes asked, for no one.
        assertThat(status.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void should_give_libpcaps_message_when_the_filter_does_not_compile() {
        assumeTrue(isRoot(), "capturing needs root (CAP_NET_RAW): skipped as another user");
        assertThat(run("watch", "lo", "--filter", "tcp port banana")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("rstscope watch: the BPF filter 'tcp port banana' does not compile: ");
    }

    private static boolean isRoot() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
