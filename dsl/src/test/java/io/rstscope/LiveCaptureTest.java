package io.rstscope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rstscope.capture.LiveOptions;
import io.rstscope.reset.Cause;
import io.rstscope.reset.ResetRow;
import io.rstscope.reset.Sender;
import io.rstscope.reset.Stage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * Live capture against real sockets: two network namespaces, a client and a server, joined through
 * a bridge in this namespace that has no address of its own. The capture runs on the bridge's port
 * towards the client, so every packet between them passes it, and no address outside the namespaces
 * is touched. The client makes a refused connection, a clean one, and one the server aborts with
 * SO_LINGER 0; the live tables must show exactly those two resets, with the causes the wire shows.
 *
 * <p>Needs root (namespaces, raw capture); skipped otherwise. {@code src/bin/run-tests} runs it as root.
 */
class LiveCaptureTest {

    private static final String TAG = Long.toString(ProcessHandle.current().pid(), 36);
    private static final String NS_CLIENT = "rstscope-lc-" + TAG;
    private static final String NS_SERVER = "rstscope-ls-" + TAG;
    private static final String BRIDGE = "rslbr" + TAG;
    private static final String CLIENT_PORT = "rslc" + TAG;   // the bridge's end of the client's veth
    private static final String SERVER_PORT = "rsls" + TAG;
    private static final String CLIENT = "10.99.1.1";
    private static final String SERVER = "10.99.1.2";
    private static final String PYTHON = "/usr/bin/python3";

    private static final String SERVER_PROGRAM = String.join("\n",
            "import socket, struct",
            "def listen(port):",
            "    s = socket.socket()",
            "    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "    s.bind(('" + SERVER + "', port))",
            "    s.listen(4)",
            "    return s",
            "clean, abort = listen(8081), listen(8082)",
            "print('ready', flush=True)",
            "c, _ = clean.accept()",
            "c.recv(100)",
            "c.sendall(b'bye\\n')",
            "c.close()",
            "a, _ = abort.accept()",
            "a.recv(100)",
            "a.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))",
            "a.close()",
            "print('done', flush=True)");

    private static final String CLIENT_PROGRAM = String.join("\n",
            "import socket, sys",
            "port = int(sys.argv[1])",
            "s = socket.create_connection(('" + SERVER + "', port), timeout=5)",
            "s.sendall(b'hello\\n')",
            "try:",
            "    print(s.recv(100).decode().strip() or 'eof', flush=True)",
            "    print(s.recv(100).decode().strip() or 'eof', flush=True)",
            "except OSError as e:",
            "    print(type(e).__name__, flush=True)",
            "s.close()");

    private static final String REFUSED_PROGRAM = String.join("\n",
            "import socket",
            "try:",
            "    socket.create_connection(('" + SERVER + "', 8083), timeout=5)",
            "    print('connected')",
            "except OSError as e:",
            "    print(type(e).__name__)");

    private static boolean ready;

    @BeforeAll
    static void network() throws Exception {
        assumeTrue(isRoot(), "live capture needs root (network namespaces and CAP_NET_RAW): skipped as uid " + uid());
        run("ip", "netns", "add", NS_CLIENT);
        run("ip", "netns", "add", NS_SERVER);
        run("ip", "link", "add", BRIDGE, "type", "bridge");
        run("ip", "link", "add", "c0", "netns", NS_CLIENT, "type", "veth", "peer", "name", CLIENT_PORT);
        run("ip", "link", "add", "s0", "netns", NS_SERVER, "type", "veth", "peer", "name", SERVER_PORT);
        run("ip", "link", "set", CLIENT_PORT, "master", BRIDGE, "up");
        run("ip", "link", "set", SERVER_PORT, "master", BRIDGE, "up");
        run("ip", "link", "set", BRIDGE, "up");
        run("ip", "-n", NS_CLIENT, "addr", "add", CLIENT + "/24", "dev", "c0");
        run("ip", "-n", NS_SERVER, "addr", "add", SERVER + "/24", "dev", "s0");
        run("ip", "-n", NS_CLIENT, "link", "set", "c0", "up");
        run("ip", "-n", NS_SERVER, "link", "set", "s0", "up");
        ready = true;
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (!isRoot()) {
            return;
        }
        for (String ns : List.of(NS_CLIENT, NS_SERVER)) {
            quietly("ip", "netns", "del", ns); // its veth ends go with it, and so do their peers
        }
        quietly("ip", "link", "del", BRIDGE);
    }

    @Test
    void should_show_exactly_the_refused_and_the_aborted_connection_when_capturing_live(@TempDir Path dir) throws Exception {
        assumeTrue(ready, "the namespaces were not set up");
        Process server = inNamespace(NS_SERVER, PYTHON, "-c", SERVER_PROGRAM);
        BufferedReader serverOut = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        try (LiveCapture live = Rst.capture(CLIENT_PORT, "tcp");
             LiveCapture window = Rst.capture(CLIENT_PORT, "tcp", LiveOptions.UNTIL_STOPPED.windowed())) {
            ResetFeed feed = window.resetFeed(Duration.ofMillis(200));
            assertThat(serverOut.readLine()).isEqualTo("ready");

            assertThat(output(inNamespace(NS_CLIENT, PYTHON, "-c", REFUSED_PROGRAM))).isEqualTo("ConnectionRefusedError");
            // The tables grow while the capture runs: the first reset shows before the others exist.
            Capture first = waitFor(live, 1);
            assertThat(first.resetRows()).extracting(ResetRow::cause).containsExactly(Cause.PORT_CLOSED);
            assertThat(live.running()).isTrue();

            assertThat(output(inNamespace(NS_CLIENT, PYTHON, "-c", CLIENT_PROGRAM, "8081"))).isEqualTo("bye\neof");
            assertThat(output(inNamespace(NS_CLIENT, PYTHON, "-c", CLIENT_PROGRAM, "8082"))).isEqualTo("ConnectionResetError");
            assertThat(serverOut.readLine()).isEqualTo("done");
            waitFor(live, 2);
            Thread.sleep(300); // the packets after the last reset

            List<ResetRow> fed = new ArrayList<>(feed.poll());
            Capture cap = live.stop();
            window.stop();
            fed.addAll(feed.poll());

            assertThat(cap.resetRows()).extracting(ResetRow::cause, ResetRow::stage, ResetRow::sender, ResetRow::respP)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(Cause.PORT_CLOSED, Stage.HANDSHAKE, Sender.SERVER, 8083),
                            org.assertj.core.groups.Tuple.tuple(Cause.APP_ABORT, Stage.DATA_TRANSFER, Sender.SERVER, 8082));
            Table flows = cap.flowTable();
            assertThat(flows.rowCount()).isEqualTo(3);
            Table clean = flows.where(flows.intColumn("resp_p").isEqualTo(8081));
            assertThat(clean.stringColumn("conn_state").get(0)).isEqualTo("SF");
            assertThat(cap.toString()).startsWith(CLIENT_PORT + ": live, ");

            // The windowed capture, made for a long watch, explains the same resets, each given once.
            assertThat(fed).extracting(ResetRow::cause).containsExactly(Cause.PORT_CLOSED, Cause.APP_ABORT);
            assertThat(feed.poll()).isEmpty();

            // What was captured, saved as pcapng, opens as a file with the same resets.
            Path saved = dir.resolve("live.pcapng");
            live.save(saved);
            Capture reopened = Rst.open(saved);
            assertThat(reopened.data().formatLabel()).isEqualTo("pcapng");
            assertThat(reopened.resetRows()).extracting(ResetRow::cause).containsExactly(Cause.PORT_CLOSED, Cause.APP_ABORT);
            assertThat(reopened.data().stats().packets()).isEqualTo(cap.data().stats().packets());
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void should_feed_each_reset_as_the_streaming_analysis_emits_it_while_the_capture_runs() throws Exception {
        assumeTrue(ready, "the namespaces were not set up");
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // free once closed: the kernel refuses the connection
        }
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             LiveCapture live = Rst.capture("lo", "tcp port " + closed + " or tcp port " + server.getLocalPort(),
                     LiveOptions.UNTIL_STOPPED.windowed())) {
            ResetFeed feed = live.resetFeed();
            try (java.net.Socket c = new java.net.Socket()) {
                c.connect(new java.net.InetSocketAddress("127.0.0.1", closed), 2000);
            } catch (java.net.ConnectException refused) {
                // the first reset
            }
            try (java.net.Socket c = new java.net.Socket("127.0.0.1", server.getLocalPort());
                 java.net.Socket accepted = server.accept()) {
                c.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(accepted.getInputStream().readNBytes(6)).hasSize(6);
                accepted.setSoLinger(true, 0);
                accepted.close(); // the second: the server aborts
                assertThat(c.getInputStream().read()).isEqualTo(-1);
            } catch (java.net.SocketException reset) {
                // the client saw the reset itself
            }

            // No packet follows: the capture's clock, moved on by the wall time, ends both connections
            // by Zeek's timers (5 s after the RST), and their rows come without any snapshot.
            List<ResetRow> fed = new ArrayList<>();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (fed.size() < 2 && System.nanoTime() < until) {
                fed.addAll(feed.poll());
                Thread.sleep(100);
            }
            assertThat(live.running()).isTrue();
            assertThat(fed).extracting(ResetRow::cause, ResetRow::stage, ResetRow::sender)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(Cause.PORT_CLOSED, Stage.HANDSHAKE, Sender.SERVER),
                            org.assertj.core.groups.Tuple.tuple(Cause.APP_ABORT, Stage.DATA_TRANSFER, Sender.SERVER));
            assertThat(feed.total()).isEqualTo(2);

            live.stop();
            assertThat(feed.poll()).isEmpty();
            assertThat(feed.missed()).isZero();
            // The snapshot, which decodes the window again, explains the same resets.
            assertThat(live.snapshot().resetRows()).extracting(ResetRow::cause)
                    .containsExactlyInAnyOrder(Cause.PORT_CLOSED, Cause.APP_ABORT);
        }
    }

    @Test
    void should_give_libpcaps_message_when_the_filter_does_not_compile() {
        assumeTrue(ready, "the namespaces were not set up");
        assertThatThrownBy(() -> Rst.capture(CLIENT_PORT, "tcp port banana"))
                .isInstanceOf(RstscopeException.class)
                .hasMessageStartingWith("the BPF filter 'tcp port banana' does not compile: ")
                .hasMessageContaining("banana");
    }

    @Test
    void should_name_the_interfaces_when_the_interface_does_not_exist() {
        assumeTrue(ready, "the namespaces were not set up");
        assertThatThrownBy(() -> Rst.capture("rsl-nothing", "tcp"))
                .isInstanceOf(RstscopeException.class)
                .hasMessageStartingWith("no network interface named 'rsl-nothing': the interfaces are ")
                .hasMessageContaining(CLIENT_PORT);
    }

    @Test
    void should_list_the_interfaces_with_their_addresses() {
        assumeTrue(ready, "the namespaces were not set up");
        assertThat(Rst.interfaces()).anySatisfy(i -> {
            assertThat(i.name()).isEqualTo("lo");
            assertThat(i.loopback()).isTrue();
            assertThat(i.addresses()).contains("127.0.0.1/8");
        });
        assertThat(Rst.interfaces()).anySatisfy(i -> assertThat(i.name()).isEqualTo(CLIENT_PORT));
    }

    /** Waits until the live capture shows {@code resets} resets, for at most 5 s. */
    private static Capture waitFor(LiveCapture live, int resets) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Capture snap = live.snapshot();
        while (snap.resetRows().size() < resets && System.nanoTime() < until) {
            Thread.sleep(50);
            snap = live.snapshot();
        }
        assertThat(snap.resetRows()).hasSize(resets);
        return snap;
    }

    private static Process inNamespace(String ns, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(command));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String output(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static void quietly(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    private static boolean isRoot() {
        return uid() == 0;
    }

    private static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }
}
