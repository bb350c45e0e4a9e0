package io.rstscope.jupyter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * JVM options that rstscope's own JVMs start with: the launcher ({@code src/bin/rstscope}), the
 * notebook kernel's {@code kernel.json}, and the JVMs {@code rstscope bench} starts. Keep in step with
 * the launcher, which gives the same {@link #defaults} (a test reads them back from its JVM).
 *
 * <pre>{@code
 * List<String> line = new ArrayList<>(List.of("java"));
 * line.addAll(JvmOptions.defaults(JvmOptions.hugePagesOffered()));
 * }</pre>
 */
public final class JvmOptions {

    /**
     * Keeps the reset stream's per-packet and per-connection methods out of the tracker's compiled code.
     * Inlined there, every late deoptimization in the reset code (a branch first taken by the capture's
     * first reuse of a tuple, or its first RST of a kind) threw away the whole compiled tracker, which
     * the optimizing compiler then built again (five times in a cold open of the real recording, 1.3 s
     * of compilation on a two-core machine); kept apart, only the reset method is compiled again. A cold
     * {@code explain} of that recording: 4.7 → 3.7 s wall (median of 5 pairs); the warm pass does not
     * change. {@code quiet} keeps the JVM from printing each command. And {@code -XX:FreqInlineSize=100}
     * (HotSpot's default is 325 bytecodes): the optimizing compiler inlines only the smaller hot methods,
     * so its compilations of the tracker are smaller, built and rebuilt faster while a cold read runs.
     * Paired cold runs (5, 6 and 4 pairs): two opens of the real recording in one JVM 6.78 → 5.45 s
     * median (0.83 ×), three opens 8.49 → 8.26 s (0.96 ×), {@code summary} of that recording four times
     * over (1.1 GB, above the one-shot limit) 8.86 → 7.86 s (0.90 ×); the first open of a fresh JVM, three
     * rounds, 4.60, 3.55, 3.74 → 4.23, 3.29, 3.12 s. Warm opens pay about 3 % (best of five, the same
     * rounds: 1.26, 1.15, 1.12 → 1.32, 1.18, 1.15 s): a notebook's first opens and a long command's cold
     * start matter more. The first-tier compiler of the one-shot commands ignores it.
     */
    public static final List<String> COMPILER = List.of(
            "-XX:FreqInlineSize=100",
            "-XX:CompileCommand=quiet",
            "-XX:CompileCommand=dontinline,io.rstscope.reset.ResetStream::packet",
            "-XX:CompileCommand=dontinline,io.rstscope.reset.ResetStream::ended");

    /**
     * The most bytes of captures (on disk, in all) that a one-shot command reads on the first-tier
     * compiler alone ({@link #oneShot}): 1 GiB.
     */
    public static final long ONE_SHOT_LIMIT = 1L << 30;

    /** Options that size the heap or its young generation: given any, {@link #bounded} adds nothing. */
    private static final Pattern HEAP_SIZES = Pattern.compile("-Xm[xsn]|HeapSize|NewSize|MaxRAM|InitialRAM");

    private static final Path HUGE_PAGES = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    private JvmOptions() {
    }

    /**
     * The default options: the parallel collector (reading a capture allocates fast and keeps little;
     * G1 made an open of the real recording 2.4 times slower, warm and cold), transparent huge pages for
     * the heap when {@code hugePages} (a large capture's first read otherwise spends about a sixth of its
     * wall time in page faults on fresh heap pages), and {@link #COMPILER}:
     * {@code JvmOptions.defaults(true)}.
     */
    public static List<String> defaults(boolean hugePages) {
        List<String> options = new ArrayList<>();
        options.add("-XX:+UseParallelGC");
        if (hugePages) {
            options.add("-XX:+UseTransparentHugePages");
        }
        options.addAll(COMPILER);
        return options;
    }

    /**
     * The options of a one-shot command ({@code summary}, {@code explain}, {@code query}, {@code conn},
     * {@code run}) that reads {@code captureBytes} of captures in all: up to {@link #ONE_SHOT_LIMIT}, the
     * first-tier compiler (C1) alone, {@code -XX:TieredStopAtLevel=1}; above, none. On runs of a few
     * seconds the optimizing compiler (C2) costs more than its faster code gives back: on two cores it
     * spent some 3 s of CPU warming up on a cold {@code summary} of the 274 MB real recording (3 million
     * packets), which took 4.6 to 4.9 s with it and 3.3 to 3.4 s without; {@code explain} 4.0 to 4.5
     * against 3.0 s; the 653 MB synthetic workload (3 million packets) 3.0 to 3.7 against 2.5 to 2.6 s.
     * The two come even at about 6 million packets (the real recording twice over, 547 MB), and at 12
     * million (1.1 GB) C1 alone is 8 % slower, as its code runs about 1.4 times slower once warm. The
     * launcher gives the same: {@code JvmOptions.oneShot(Files.size(capture))}.
     */
    public static List<String> oneShot(long captureBytes) {
        return captureBytes <= ONE_SHOT_LIMIT ? List.of("-XX:TieredStopAtLevel=1") : List.of();
    }

    /**
     * The options of a command that reads in bounded memory ({@code summary}, {@code explain}'s text
     * report), beside {@code others}: the young generation capped at 256 MB, {@code -XX:MaxNewSize=256m},
     * unless {@code others} size the heap or the young generation (the cap would then contradict them).
     * The parallel collector's sizing otherwise grows the young generation well past what such a read
     * keeps, and pays for it in page faults on fresh memory: six and four runs in turn on the 274 MB real
     * recording, {@code explain} median 2.29 → 1.96 s wall, peak resident 676 → 508 MB; {@code summary}
     * 2.24 → 2.00 s, 684 → 507 MB; the synthetic workload's {@code summary} 2.26 → 2.07 s. An open that
     * keeps its rows (the notebook, {@code query}, {@code explain --format json}) is 1.6 × slower with the
     * cap, so it is only for these. The launcher gives the same: {@code JvmOptions.bounded(List.of("-Xmx1g"))}
     * is empty.
     */
    public static List<String> bounded(List<String> others) {
        for (String o : others) {
            if (HEAP_SIZES.matcher(o).find()) {
                return List.of();
            }
        }
        return List.of("-XX:MaxNewSize=256m");
    }

    /**
     * Whether this machine's kernel offers transparent huge pages to a JVM that asks ({@code always} or
     * {@code madvise}; elsewhere the JVM would warn): {@code JvmOptions.hugePagesOffered()}.
     */
    public static boolean hugePagesOffered() {
        try {
            String mode = Files.readString(HUGE_PAGES);
            return mode.contains("[always]") || mode.contains("[madvise]");
        } catch (IOException | RuntimeException e) {
            return false; // no transparent huge pages here
        }
    }
}
