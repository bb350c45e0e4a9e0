package io.rstscope.cli;

import java.util.List;

/**
 * JVM options that rstscope's own JVMs start with: the launcher ({@code src/bin/rstscope}), the
 * notebook kernel's {@code kernel.json}, and the JVMs {@code rstscope bench} starts. Keep in step with
 * the launcher, which lists the same {@link #COMPILER} options (a test compares them).
 *
 * <pre>{@code
 * List<String> line = new ArrayList<>(List.of("java"));
 * line.addAll(JvmOptions.COMPILER);
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
     * change. {@code quiet} keeps the JVM from printing each command.
     */
    public static final List<String> COMPILER = List.of(
            "-XX:CompileCommand=quiet",
            "-XX:CompileCommand=dontinline,io.rstscope.reset.ResetStream::packet",
            "-XX:CompileCommand=dontinline,io.rstscope.reset.ResetStream::ended");

    private JvmOptions() {
    }
}
