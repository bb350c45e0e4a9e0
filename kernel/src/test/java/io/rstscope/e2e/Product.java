package io.rstscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged product and the real clients the end-to-end tests drive. */
final class Product {

    private Product() {
    }

    /** The checkout's root. */
    static Path root() {
        String root = System.getProperty("rstscope.root");
        assertThat(root).as("system property rstscope.root (set by the build)").isNotNull();
        return Path.of(root);
    }

    /** The launcher, {@code src/bin/rstscope}. */
    static Path launcher() {
        return root().resolve("src/bin/rstscope");
    }

    /**
     * The java program the product runs on: the system property {@code rstscope.java} (run-tests
     * runs the end-to-end tests once per installed JDK), else the JVM running the tests.
     */
    static String java() {
        String java = System.getProperty("rstscope.java", "");
        return java.isBlank() ? Path.of(System.getProperty("java.home"), "bin", "java").toString() : java;
    }

    /** A small capture: a SYN answered by an RST, two packets. */
    static Path smallCapture() {
        return root().resolve("dsl/src/test/resources/captures/syn-then-rst.pcap");
    }

    /** A capture of the shared corpus: a SYN scan answered by 1,000 resets. */
    static Path scanCapture() {
        return root().resolve("../shared/captures/public/markofu-pcaps__TCP_SYN_SCAN.pcap").normalize();
    }

    /**
     * Runs a command to its end; returns its output (stdout and stderr) and fails on a non-zero exit.
     * The launcher in it runs on {@link #java()}.
     */
    static String run(Map<String, String> env, long timeoutSeconds, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("RSTSCOPE_JAVA", java());
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(timeoutSeconds, TimeUnit.SECONDS)).as("finished in time: " + String.join(" ", command)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("exit status of " + String.join(" ", command) + "; output:\n" + text).isZero();
        return text;
    }

    /** Fails, rather than skips, when a real client the tests need is missing. */
    static void requirePython(String module) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import " + module).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("/usr/bin/python3 can import " + module
                + " (src/bin/run-tests installs it); got: " + out).isZero();
    }

    /** Fails when {@code command} is not installed. */
    static void requireCommand(String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "command -v " + command).start();
        assertThat(p.waitFor()).as(command + " is installed (src/bin/run-tests installs it)").isZero();
    }

    /**
     * Writes a pcap of {@code packets} small TCP segments (Ethernet, IPv4, TCP, no payload), big
     * enough that reading it takes seconds.
     */
    static Path bigCapture(Path dir, int packets) throws IOException {
        Path file = dir.resolve("big.pcap");
        byte[] frame = new byte[54];
        ByteBuffer f = ByteBuffer.wrap(frame).order(ByteOrder.BIG_ENDIAN);
        f.put(new byte[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6}).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) 40).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0)
                .put(new byte[] {10, 0, 0, 1}).put(new byte[] {10, 0, 0, 2});
        f.putShort((short) 40000).putShort((short) 80).putInt(1000).putInt(0).put((byte) 0x50).put((byte) 0x10)
                .putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        ByteBuffer rec = ByteBuffer.allocate(16 + 54).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
            out.write(h.array());
            for (int i = 0; i < packets; i++) {
                rec.clear();
                rec.putInt(1_700_000_000 + i / 1_000_000).putInt(i % 1_000_000).putInt(54).putInt(54);
                frame[38] = (byte) (i >>> 24);
                frame[39] = (byte) (i >>> 16);
                frame[40] = (byte) (i >>> 8);
                frame[41] = (byte) i;
                rec.put(frame);
                out.write(rec.array());
            }
        }
        return file;
    }

    /**
     * A terminal program run in tmux: type into it, read its screen. Each one has a tmux server of its
     * own (its own socket): on a shared server, a new session could race the server's exit after the
     * previous test's last session closed ("server exited unexpectedly").
     */
    static final class Tmux implements AutoCloseable {
        private final String name;

        Tmux(String name, Map<String, String> env, String command) throws Exception {
            this.name = name + "-" + ProcessHandle.current().pid();
            List<String> cmd = new ArrayList<>(List.of("tmux", "-L", this.name, "new-session", "-d", "-s", this.name, "-x", "200", "-y", "50"));
            cmd.add("-e");
            cmd.add("RSTSCOPE_JAVA=" + java());
            for (Map.Entry<String, String> e : env.entrySet()) {
                cmd.add("-e");
                cmd.add(e.getKey() + "=" + e.getValue());
            }
            cmd.add(command);
            run(Map.of(), 20, cmd.toArray(String[]::new));
        }

        /** Types {@code keys} (tmux key names such as {@code Enter} and {@code Tab} are allowed). */
        void send(String... keys) throws Exception {
            List<String> cmd = new ArrayList<>(List.of("tmux", "-L", name, "send-keys", "-t", name));
            cmd.addAll(List.of(keys));
            run(Map.of(), 10, cmd.toArray(String[]::new));
        }

        /** Types {@code text} literally. */
        void type(String text) throws Exception {
            run(Map.of(), 10, "tmux", "-L", name, "send-keys", "-t", name, "-l", text);
        }

        /** Types {@code text} and Enter. */
        void enter(String text) throws Exception {
            type(text);
            send("Enter");
        }

        String screen() throws Exception {
            return run(Map.of(), 10, "tmux", "-L", name, "capture-pane", "-p", "-t", name, "-S", "-100");
        }

        /** Everything the terminal has shown, lines the terminal wrapped joined again. */
        String scrollback() throws Exception {
            return run(Map.of(), 10, "tmux", "-L", name, "capture-pane", "-p", "-J", "-t", name, "-S", "-");
        }

        /** Waits until the screen shows {@code text}; returns the screen. */
        String waitFor(String text, long seconds) throws Exception {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            String s = screen();
            while (!s.contains(text) && System.nanoTime() < end) {
                Thread.sleep(100);
                s = screen();
            }
            assertThat(s).as("the terminal shows " + text).contains(text);
            return s;
        }

        @Override
        public void close() throws Exception {
            new ProcessBuilder("tmux", "-L", name, "kill-server").start().waitFor();
        }
    }
}
