package io.rstscope.jupyter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rstscope.Capture;
import io.rstscope.LiveCapture;
import io.rstscope.eval.CellResult;
import io.rstscope.eval.Evaluator;
import io.rstscope.eval.Host;
import io.rstscope.reset.Cause;
import io.rstscope.reset.ResetRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CaptureMagicTest {

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
    void should_take_a_quoted_filter_and_the_seconds_after_it() {
        assertThat(Magics.CaptureArgs.parse("eth0 \"tcp port 443\" 30"))
                .isEqualTo(new Magics.CaptureArgs("eth0", "tcp port 443", 30));
    }

    @Test
    void should_take_an_unquoted_filter_to_the_end_when_its_last_word_is_a_port() {
        assertThat(Magics.CaptureArgs.parse("eth0 tcp port 80")).isEqualTo(new Magics.CaptureArgs("eth0", "tcp port 80", 0));
        assertThat(Magics.CaptureArgs.parse("eth0 tcp 10s")).isEqualTo(new Magics.CaptureArgs("eth0", "tcp", 10));
        assertThat(Magics.CaptureArgs.parse("eth0 5")).isEqualTo(new Magics.CaptureArgs("eth0", "", 5));
        assertThat(Magics.CaptureArgs.parse("eth0")).isEqualTo(new Magics.CaptureArgs("eth0", "", 0));
    }

    @Test
    void should_print_the_usage_when_no_interface_is_given() {
        CellResult r = Magics.run("%capture", ev, System.out);

        assertThat(r).isEqualTo(new CellResult.Failure("UsageError", "usage: %capture IFACE [BPF] [SECONDS]",
                java.util.List.of("usage: %capture IFACE [BPF] [SECONDS]")));
    }

    @Test
    void should_make_the_capture_current_when_it_ends_by_its_seconds() throws Exception {
        assumeTrue(isRoot(), "capturing needs root (CAP_NET_RAW): skipped as another user");
        int port = freePort();
        CompletableFuture<CellResult> cell = CompletableFuture.supplyAsync(
                () -> Magics.run("%capture lo \"tcp port " + port + "\" 2", ev, System.out));
        Thread.sleep(700);
        knock(port);

        CellResult r = cell.get();
        assertThat(r).isInstanceOf(CellResult.Value.class);
        Capture cap = (Capture) ((CellResult.Value) r).value();
        assertThat(cap.resetRows()).extracting(ResetRow::cause).containsExactly(Cause.PORT_CLOSED);
        assertThat(ev.eval("current().resetRows().size()")).isEqualTo(new CellResult.Value(1, "1"));
    }

    @Test
    void should_keep_capturing_in_the_background_while_the_session_queries() throws Exception {
        assumeTrue(isRoot(), "capturing needs root (CAP_NET_RAW): skipped as another user");
        int port = freePort();
        ev.eval("var live = capture(\"lo\", \"tcp port " + port + "\")");
        CellResult started = ev.eval("live");
        assertThat(started).isInstanceOf(CellResult.Value.class);
        LiveCapture live = (LiveCapture) ((CellResult.Value) started).value();
        assertThat(live.running()).isTrue();

        knock(port);
        long until = System.nanoTime() + 5_000_000_000L;
        while (live.source().rstPackets() == 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(ev.eval("live.running()")).isEqualTo(new CellResult.Value(true, "true"));
        assertThat(ev.eval("current().resetRows().size()")).isEqualTo(new CellResult.Value(1, "1"));
        ev.eval("live.stop()");
        assertThat(live.running()).isFalse();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort(); // free, and closed when the client knocks
        }
    }

    private static void knock(int port) throws IOException {
        try (Socket c = new Socket()) {
            c.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        } catch (ConnectException refused) {
            // the reset the tests look for
        }
    }

    private static boolean isRoot() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
