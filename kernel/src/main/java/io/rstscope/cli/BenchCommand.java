package io.rstscope.cli;

import io.rstscope.Capture;
import io.rstscope.Rst;
import io.rstscope.RstscopeException;
import io.rstscope.capture.ReadOptions;
import io.rstscope.flow.FlowTracker;
import io.rstscope.jupyter.JvmOptions;
import io.rstscope.store.FlowTables;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code rstscope bench [--packets N] [--file PATH] [--runs R] [--no-tshark]}: generates the benchmark
 * workload (once; it is deterministic) and prints the figures — load time in process, packets/s,
 * MB/s, peak heap, the flows-only load in a JVM whose heap is a fraction of the file, the wall time of
 * {@code summary} with JVM start, the open in a JVM of {@value #OPEN_HEAP} of heap, and tshark's
 * {@code -z conv,tcp} on the same file.
 */
final class BenchCommand {

    static final String USAGE = "usage: rstscope bench [--packets N] [--file PATH] [--runs R] [--repeat K] [--threads N] [--no-tshark]";
    static final String HELP = String.join("\n", USAGE,
            "",
            "Generates the deterministic benchmark capture (kept in the temp directory) and prints the",
            "figures of opening it (in process, and in a JVM limited to -Xmx400m), with tshark's on the",
            "same file.",
            "",
            "  --packets N   packets in the generated capture (default 3,000,000)",
            "  --file PATH   the capture to measure (generated there when it does not exist)",
            "  --runs R      timed runs; the best is reported (default 5)",
            "  --repeat K    also write the capture K times over (timestamps shifted) and time explain and",
            "                summary on it in JVMs limited to -Xmx512m, with their peak resident memory and heap",
            Args.threadsHelp(16),
            "                (the open is also timed on 1 and 2 threads, for the speed-up)",
            "  --no-tshark   do not time tshark",
            "  -h, --help    this text");
    private static final String SMALL_HEAP = "192m";
    /** The heap an open of some 3 million packets (flows and resets tables, no packets table) should fit in. */
    private static final String OPEN_HEAP = "400m";

    private final PrintStream out;
    private final PrintStream err;

    BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        long packets = 3_000_000;
        Path file = null;
        int runs = 5;
        int repeat = 0;
        boolean tshark = true;
        int threads;
        try {
            Args a = Args.parse(args, Set.of("--no-tshark"), Set.of("--packets", "--file", "--runs", "--repeat", "--threads"));
            if (a.help()) {
                out.println(HELP);
                return 0;
            }
            if (!a.positional().isEmpty()) {
                throw new Args.Usage("unexpected argument '" + a.positional().get(0) + "'");
            }
            packets = a.number("--packets", packets);
            runs = (int) Math.min(1000, a.number("--runs", runs));
            repeat = (int) Math.min(1000, a.number("--repeat", repeat));
            file = a.has("--file") ? Path.of(a.value("--file", null)) : null;
            tshark = !a.has("--no-tshark");
            threads = a.threads();
        } catch (Args.Usage e) {
            err.println("rstscope bench: " + e.getMessage());
            err.println(USAGE);
            return 1;
        }
        if (file == null) {
            file = Path.of(System.getProperty("java.io.tmpdir"), "rstscope-bench-" + packets + ".pcap");
        }
        try {
            int status = bench(file, packets, Math.max(1, runs), tshark, threads);
            return status == 0 && repeat > 1 ? repeated(file, repeat) : status;
        } catch (IOException | InterruptedException e) {
            err.println("rstscope bench: " + e.getMessage());
            return 2;
        }
    }

    private int bench(Path file, long target, int runs, boolean tshark, int threads)
            throws IOException, InterruptedException {
        ReadOptions read = ReadOptions.DEFAULT.withThreads(threads);
        if (!Files.exists(file)) {
            long t = System.nanoTime();
            Workload.Written w = Workload.write(file, target);
            out.printf("workload   %s: %,d packets, %,d connections, %.1f MB (generated in %.1f s)%n", file,
                    w.packets(), w.connections(), w.bytes() / 1e6, (System.nanoTime() - t) / 1e9);
        } else {
            out.printf("workload   %s: %.1f MB (already generated)%n", file, Files.size(file) / 1e6);
        }
        double mb = Files.size(file) / 1e6;

        // Phase 1, what opening a capture does: parse, track, classify, and the flows and resets tables.
        // Phase 2, on demand: the packets table (the packet columns are kept either way).
        long best = Long.MAX_VALUE;
        long first = 0;
        long bestPackets = Long.MAX_VALUE;
        long peak = 0;
        long peakWithPackets = 0;
        long pkts = 0;
        Capture cap = null;
        for (int r = 0; r < runs; r++) {
            cap = null;
            System.gc();
            HeapSampler sampler = new HeapSampler();
            long t = System.nanoTime();
            cap = Rst.open(file, read);
            cap.flowTable();
            cap.resetTable();
            long dt = System.nanoTime() - t;
            peak = Math.max(peak, sampler.finish());
            HeapSampler sampler2 = new HeapSampler();
            long t2 = System.nanoTime();
            cap.packetTable();
            bestPackets = Math.min(bestPackets, System.nanoTime() - t2);
            peakWithPackets = Math.max(peakWithPackets, sampler2.finish());
            pkts = cap.data().stats().packets();
            if (r == 0) {
                first = dt;
            }
            best = Math.min(best, dt);
        }
        out.printf("open (parse + track + classify + flows and resets tables), in process, %s: best %.2f s,"
                        + " first %.2f s of %d runs; %.2f M packets/s, %.0f MB/s; peak heap %.0f MB (sampled)%n",
                Plural.of(threads, "thread"), best / 1e9, first / 1e9, runs, pkts / (best / 1e9) / 1e6,
                mb / (best / 1e9), peak / 1e6);
        cap = null;
        long oneThread = threads == 1 ? best : bestOpen(file, 1, runs);
        long twoThreads = threads == 2 ? best : bestOpen(file, 2, runs);
        out.printf("open on 1 thread: best %.2f s; on 2 threads: best %.2f s; speed-up %.2f x (%d processors"
                        + " available)%n", oneThread / 1e9, twoThreads / 1e9, (double) oneThread / twoThreads,
                Runtime.getRuntime().availableProcessors());
        // What tshark's -z conv,tcp computes: the packets read and the conversations table, no classification.
        long bestConversations = Long.MAX_VALUE;
        for (int r = 0; r < runs; r++) {
            System.gc();
            long t = System.nanoTime();
            FlowTables.flows(FlowTracker.read(file, read.withoutPackets()).flows());
            bestConversations = Math.min(bestConversations, System.nanoTime() - t);
        }
        out.printf("conversations only (parse + track + flows table, as tshark -z conv,tcp): best %.2f s%n",
                bestConversations / 1e9);
        out.printf("packets table on demand (the packets read again from the file, then the table): %.2f s more;"
                + " peak heap with it %.0f MB (sampled)%n", bestPackets / 1e9,
                peakWithPackets / 1e6);
        cap = Rst.open(file, read);
        out.printf("           %s%n", cap);
        dsl(cap);

        String jar = ownJar();
        if (jar != null) {
            Cold explain = cold(jvm(Files.size(file), "-Xmx1g", "-cp", jar, Main.class.getName(),
                    "explain", file.toString(), "--limit", "1", "--threads", String.valueOf(threads)));
            out.printf("explain in a JVM with -Xmx1g (read in the bounded two passes past 64 MB): %s, exit %d%n",
                    explain, explain.exit());
            Timed small = time(jvm(Files.size(file), "-Xmx" + SMALL_HEAP, "-cp", jar,
                    Main.class.getName(), "summary", file.toString(), "--json", "--flows-only", "--threads",
                    String.valueOf(threads)));
            out.printf("summary --flows-only in a JVM with -Xmx%s (the file is %.1f x the heap): %.2f s wall, exit %d%n",
                    SMALL_HEAP, mb * 1e6 / (192.0 * (1 << 20)), small.seconds(), small.exit());
            Cold summary = cold(jvm(Files.size(file), "-jar", jar, "summary", file.toString(), "--threads",
                    String.valueOf(threads)));
            out.printf("summary command, JVM start included: %s%n", summary);
            // As a user runs it: the default heap, which reads a capture of up to a sixteenth of it once.
            Cold explainCommand = cold(jvm(Files.size(file), "-jar", jar, "explain", file.toString(), "--limit", "1",
                    "--threads", String.valueOf(threads)));
            out.printf("explain command, JVM start included: %s, exit %d%n", explainCommand, explainCommand.exit());
            Path gcLog = Files.createTempFile("rstscope-bench-gc", ".log");
            Timed limited = time(jvm(Files.size(file), "-Xmx" + OPEN_HEAP, "-Xlog:gc:file=" + gcLog, "-cp", jar,
                    HeapLimitedOpen.class.getName(), file.toString(), String.valueOf(threads)));
            out.printf("open (flows and resets tables, no packets table) in a JVM with -Xmx%s: %.2f s wall, exit %d%s;"
                            + " most heap kept after a collection %d MB%n", OPEN_HEAP, limited.seconds(), limited.exit(),
                    limited.exit() == 2 ? " (out of memory)" : "", retainedHeapMb(gcLog));
            Files.deleteIfExists(gcLog);
        } else {
            out.println("summary command: not measured (not running from the rstscope jar)");
        }

        if (tshark) {
            try {
                Timed t = time(List.of("tshark", "-q", "-n", "-z", "conv,tcp", "-r", file.toString()));
                out.printf("tshark -q -z conv,tcp: %.1f s wall, peak RSS %.0f MB, exit %d; rstscope is %.1f x faster on the"
                                + " same work (conversations), %.1f x with every RST classified too%n",
                        t.seconds(), t.peakRssKb() / 1024.0, t.exit(), t.seconds() / (bestConversations / 1e9),
                        t.seconds() / (best / 1e9));
            } catch (IOException e) {
                out.println("tshark: not installed, not compared");
            }
        }
        return 0;
    }

    /** The best time of {@code runs} opens of {@code file} on {@code threads} threads, with its flows and resets tables. */
    private static long bestOpen(Path file, int threads, int runs) {
        long best = Long.MAX_VALUE;
        for (int r = 0; r < runs; r++) {
            System.gc();
            long t = System.nanoTime();
            Capture cap = Rst.open(file, ReadOptions.DEFAULT.withThreads(threads));
            cap.flowTable();
            cap.resetTable();
            best = Math.min(best, System.nanoTime() - t);
        }
        return best;
    }

    /**
     * Writes {@code file} {@code k} times over with the project's writer, then runs {@code explain} and
     * {@code summary} on it in JVMs limited to 512 MB of heap: the streaming pass must fit.
     */
    private int repeated(Path file, int k) throws IOException, InterruptedException {
        String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        Path big = file.resolveSibling(name + "-x" + k + ".pcap");
        if (!Files.exists(big)) {
            long t = System.nanoTime();
            long n = io.rstscope.capture.RecordCopier.repeat(file, big, k, io.rstscope.capture.WriteMode.CREATE);
            out.printf("repeated   %s: %,d packets, %.1f GB (written in %.1f s)%n", big, n, Files.size(big) / 1e9,
                    (System.nanoTime() - t) / 1e9);
        }
        String jar = ownJar();
        if (jar == null) {
            out.println("repeated capture: not measured (not running from the rstscope jar)");
            return 0;
        }
        for (List<String> cmd : List.of(List.of("explain", big.toString(), "--limit", "1"),
                List.of("summary", big.toString()))) {
            Path gcLog = Files.createTempFile("rstscope-bench-gc", ".log");
            List<String> line = jvm(Files.size(big), "-Xmx512m", "-Xlog:gc:file=" + gcLog, "-cp", jar,
                    Main.class.getName());
            line.addAll(cmd);
            Timed t = time(line);
            out.printf("%s of the %.1f GB capture in a JVM with -Xmx512m: %.1f s wall, exit %d, peak RSS %.0f MB,"
                    + " peak heap %d MB (the most in use at a collection)%n",
                    cmd.get(0), Files.size(big) / 1e9, t.seconds(), t.exit(), t.peakRssKb() / 1024.0, peakHeapMb(gcLog));
            Files.deleteIfExists(gcLog);
        }
        return 0;
    }

    /**
     * Times filter chains, groupings and the views of one connection on the loaded capture: each is
     * run 5 times to warm up, then 21 times; the median and the best are printed.
     */
    private void dsl(Capture cap) {
        var rej = io.rstscope.flow.ConnState.REJ;
        var handshake = io.rstscope.reset.Stage.HANDSHAKE;
        java.util.Map<String, java.util.function.Supplier<Object>> chains = new java.util.LinkedHashMap<>();
        chains.put("flows().withReset().stage(HANDSHAKE).count()", () -> cap.flows().withReset().stage(handshake).count());
        chains.put("flows().withReset().stage(HANDSHAKE).spoofed().count()",
                () -> cap.flows().withReset().stage(handshake).spoofed().count());
        chains.put("flows().host(\"10.77.0.0/16\").port(80).state(REJ).count()",
                () -> cap.flows().host("10.77.0.0/16").port(80).state(rej).count());
        chains.put("flows().where(DURATION, gt(0.05)).count()",
                () -> cap.flows().where(io.rstscope.store.FlowField.DURATION, Rst.gt(0.05)).count());
        chains.put("flows().groupBy(CONN_STATE).count()",
                () -> cap.flows().groupBy(io.rstscope.store.FlowField.CONN_STATE).count());
        chains.put("resets().groupBy(CAUSE, ORIGIN).count()",
                () -> cap.resets().groupBy(io.rstscope.store.ResetField.CAUSE, io.rstscope.store.ResetField.ORIGIN).count());
        // The views of one reset connection: on port 443 in the generated workload; any capture may have none there.
        if (cap.flows().port(443).withReset().count() > 0) {
            chains.put("flows().port(443).withReset().first().ladder()", () -> cap.flows().port(443).withReset().first().ladder());
            chains.put("flows().port(443).withReset().first().explain()", () -> cap.flows().port(443).withReset().first().explain());
        } else if (cap.flows().withReset().count() > 0) {
            chains.put("flows().withReset().first().ladder()", () -> cap.flows().withReset().first().ladder());
            chains.put("flows().withReset().first().explain()", () -> cap.flows().withReset().first().explain());
        }
        out.printf("dsl over %,d connections and %,d resets (median and best of 21 runs after 5 to warm up):%n",
                cap.flowColumns().size(), cap.resetRows().size());
        for (var e : chains.entrySet()) {
            for (int i = 0; i < 5; i++) {
                e.getValue().get();
            }
            long[] t = new long[21];
            Object result = null;
            for (int i = 0; i < t.length; i++) {
                long start = System.nanoTime();
                result = e.getValue().get();
                t[i] = System.nanoTime() - start;
            }
            java.util.Arrays.sort(t);
            String shown = result instanceof Number n ? " = " + n : "";
            out.printf("           %-62s %7.2f ms median, %7.2f ms best%s%n", e.getKey(), t[t.length / 2] / 1e6, t[0] / 1e6, shown);
        }
    }

    private record Timed(double seconds, int exit, long peakRssKb) {
    }

    /** Runs a command to its end, discarding its output, and samples its peak resident memory. */
    private static Timed time(List<String> command) throws IOException, InterruptedException {
        long t = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long peak = 0;
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        while (!p.waitFor(50, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, vmHwm(status));
        }
        return new Timed((System.nanoTime() - t) / 1e9, p.exitValue(), peak);
    }

    /** The largest heap in use before a collection in a {@code -Xlog:gc} file ("... 187M->76M(376M) ..."). */
    static long peakHeapMb(Path gcLog) throws IOException {
        return largest(gcLog, BEFORE_GC);
    }

    /**
     * The largest heap still in use after a collection in a {@code -Xlog:gc} file ("... 187M->76M(376M) ..."):
     * what the JVM had to keep, garbage the collector had not yet needed to reclaim aside.
     */
    static long retainedHeapMb(Path gcLog) throws IOException {
        return largest(gcLog, AFTER_GC);
    }

    private static final java.util.regex.Pattern BEFORE_GC = java.util.regex.Pattern.compile("(\\d+)M->\\d+M");
    private static final java.util.regex.Pattern AFTER_GC = java.util.regex.Pattern.compile("\\d+M->(\\d+)M");

    /** The largest number {@code pattern}'s group 1 finds in {@code gcLog}, 0 for none. */
    private static long largest(Path gcLog, java.util.regex.Pattern pattern) throws IOException {
        long peak = 0;
        java.util.regex.Matcher m = pattern.matcher(Files.readString(gcLog));
        while (m.find()) {
            peak = Math.max(peak, Long.parseLong(m.group(1)));
        }
        return peak;
    }

    /**
     * What the bench runs in a JVM of {@value #OPEN_HEAP} of heap: an open of {@code args[0]} on
     * {@code args[1]} threads with its flows and resets tables, as in process; exit status 2 and the
     * one-line error when it does not fit.
     */
    static final class HeapLimitedOpen {

        private HeapLimitedOpen() {
        }

        public static void main(String[] args) {
            try {
                Capture cap = Rst.open(Path.of(args[0]), ReadOptions.DEFAULT.withThreads(Integer.parseInt(args[1])));
                System.out.println(Plural.of(cap.flowTable().rowCount(), "connection") + ", "
                        + Plural.of(cap.resetTable().rowCount(), "reset"));
            } catch (RstscopeException e) {
                System.err.println(e.getMessage());
                System.exit(2);
            } catch (OutOfMemoryError e) {
                System.err.println(RstscopeException.outOfMemory());
                System.exit(2);
            }
        }
    }

    private static long vmHwm(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between two samples
        }
        return 0;
    }

    /** Three runs of a command in fresh JVMs: their median and best wall times, and the worst exit status. */
    private record Cold(double median, double best, int exit) {
        @Override
        public String toString() {
            return String.format("median %.2f s, best %.2f s wall of 3", median, best);
        }
    }

    /** Runs {@code line} three times: a cold JVM's time varies by a tenth or more from one run to the next. */
    private static Cold cold(List<String> line) throws IOException, InterruptedException {
        double[] wall = new double[3];
        int exit = 0;
        for (int r = 0; r < wall.length; r++) {
            Timed t = time(line);
            wall[r] = t.seconds();
            exit = Math.max(exit, t.exit());
        }
        Arrays.sort(wall);
        return new Cold(wall[1], wall[0], exit);
    }

    /**
     * A JVM's command line with the options the launcher ({@code src/bin/rstscope}) gives by default to a
     * one-shot command reading {@code captureBytes} of captures in bounded memory ({@code summary},
     * {@code explain}'s text report: every JVM the bench starts), then {@code rest}.
     */
    private static List<String> jvm(long captureBytes, String... rest) {
        List<String> line = new java.util.ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        line.addAll(JvmOptions.defaults(JvmOptions.hugePagesOffered()));
        line.addAll(JvmOptions.oneShot(captureBytes));
        line.addAll(JvmOptions.bounded(List.of(rest)));
        line.addAll(List.of(rest));
        return line;
    }

    private static String ownJar() {
        try {
            File f = new File(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return f.isFile() ? f.getPath() : null;
        } catch (URISyntaxException | SecurityException e) {
            return null;
        }
    }

    /** Samples the used heap every few milliseconds while a load runs: the peak the JVM really needed. */
    private static final class HeapSampler extends Thread {
        private volatile boolean running = true;
        private long peak;

        HeapSampler() {
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            var memory = ManagementFactory.getMemoryMXBean();
            while (running) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long finish() throws InterruptedException {
            running = false;
            join();
            return Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
    }
}
