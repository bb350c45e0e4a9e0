package io.rstscope.jupyter;

import io.rstscope.RstscopeException;
import io.rstscope.eval.CellResult;
import io.rstscope.eval.Evaluator;
import io.rstscope.reset.Cause;
import io.rstscope.teach.Scenario;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The notebook's line magics, run before the Java code of the cell.
 *
 * <pre>
 * %open trace.pcapng            open a capture and make it the current one (the bare flows(), resets() and packets() work on it)
 * %classpath add lib/extra.jar  add a jar to the session's class path
 * %scenario BACKLOG_OVERFLOW    open the teaching scenario of a cause (or a scenario by name, e.g. SYN_SCAN)
 *                               and make it the current capture
 * %capture eth0 "tcp port 443" 30
 *                               capture live for 30 s (until interrupted without SECONDS), showing the
 *                               connections and resets as they come; then it is the current capture
 * %time flows().count()         run the rest of the line, then print its CPU and wall time
 * %%time                        (first line) run the rest of the cell, then print its CPU and wall time
 * </pre>
 *
 * <p>CPU time is that of the cell's threads ({@code user} in user mode, {@code sys} the rest), as
 * IPython's {@code %time} gives it; compiling the cell counts in the wall time only.
 */
final class Magics {

    static final List<String> NAMES = List.of("%open", "%classpath", "%scenario", "%capture", "%time", "%%time");

    private Magics() {
    }

    /**
     * Runs the cell's leading magic lines, then its code; the value is that of the last that has one.
     * What the magics themselves print (the times of {@code %time}) goes to {@code out}.
     */
    static CellResult run(String cell, Evaluator ev, PrintStream out) {
        String[] lines = cell.split("\n", -1);
        int i = 0;
        CellResult result = new CellResult.Nothing();
        while (i < lines.length && (lines[i].isBlank() || lines[i].stripLeading().startsWith("%"))) {
            String line = lines[i].strip();
            i++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.equals("%%time")) {
                // the rest of the cell, its line numbers kept: blank lines stand in for those above
                String rest = "\n".repeat(i) + String.join("\n", Arrays.copyOfRange(lines, i, lines.length));
                return timed(ev, out, () -> run(rest, ev, out));
            }
            if (line.equals("%time") || line.startsWith("%time ")) {
                String code = "\n".repeat(i - 1) + line.substring("%time".length()).strip();
                result = timed(ev, out, () -> ev.eval(code));
            } else {
                result = line(line, ev);
            }
            if (!result.ok()) {
                return result;
            }
        }
        String code = String.join("\n", Arrays.copyOfRange(lines, i, lines.length));
        if (code.isBlank()) {
            return result;
        }
        // Keep the cell's line numbers in errors: blank lines stand in for the magic lines.
        return ev.eval("\n".repeat(i) + code);
    }

    /** Runs {@code body}, then prints the CPU time of the session's cells meanwhile and the wall time. */
    private static CellResult timed(Evaluator ev, PrintStream out, Supplier<CellResult> body) {
        long[] cpu0 = ev.cpuNanos();
        long wall0 = System.nanoTime();
        CellResult r = body.get();
        long wall = System.nanoTime() - wall0;
        long[] cpu1 = ev.cpuNanos();
        long total = cpu1[0] - cpu0[0];
        long user = cpu1[1] - cpu0[1];
        out.println("CPU times: user " + duration(user) + ", sys " + duration(Math.max(0, total - user))
                + ", total " + duration(total));
        out.println("Wall time: " + duration(wall));
        out.flush();
        return r;
    }

    /** {@code 12.3 ms} under a second, {@code 1.52 s} from a second on. */
    static String duration(long nanos) {
        return nanos < 1_000_000_000L ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6)
                : String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    private static CellResult line(String line, Evaluator ev) {
        String[] words = line.split("\\s+", 2);
        String arg = words.length > 1 ? words[1].strip() : "";
        switch (words[0]) {
            case "%open" -> {
                if (arg.isEmpty()) {
                    return usage("%open FILE");
                }
                return ev.eval("open(" + javaString(unquote(arg)) + ")");
            }
            case "%classpath" -> {
                String[] a = arg.split("\\s+", 2);
                if (a.length < 2 || !a[0].equals("add")) {
                    return usage("%classpath add JAR");
                }
                try {
                    ev.addToClasspath(Path.of(unquote(a[1])));
                } catch (RstscopeException e) {
                    return new CellResult.Failure("RstscopeException", e.getMessage(), List.of(e.getMessage()));
                }
                return new CellResult.Nothing();
            }
            case "%scenario" -> {
                if (arg.isEmpty()) {
                    return usage("%scenario CAUSE");
                }
                return scenario(arg, ev);
            }
            case "%capture" -> {
                CaptureArgs a = CaptureArgs.parse(arg);
                if (a == null) {
                    return usage("%capture IFACE [BPF] [SECONDS]");
                }
                return ev.eval("captureShowing(" + javaString(a.iface()) + ", " + javaString(a.filter()) + ", "
                        + a.seconds() + "L)");
            }
            default -> {
                String m = "unknown magic " + words[0] + ": the magics are " + String.join(", ", NAMES);
                return new CellResult.Failure("UnknownMagic", m, List.of(m));
            }
        }
    }

    /** Opens the scenario of a cause, or a scenario by its name, through the session's scenario(..). */
    private static CellResult scenario(String arg, Evaluator ev) {
        String name = unquote(arg).toUpperCase(Locale.ROOT).replace('-', '_');
        if (Arrays.stream(Cause.values()).anyMatch(c -> c.name().equals(name))) {
            return ev.eval("scenario(io.rstscope.reset.Cause." + name + ")");
        }
        if (Arrays.stream(Scenario.values()).anyMatch(s -> s.name().equals(name))) {
            return ev.eval("scenario(io.rstscope.teach.Scenario." + name + ")");
        }
        String m = "%scenario: no cause or scenario named '" + arg + "'; the causes are "
                + Arrays.stream(Cause.values()).map(Enum::name).collect(Collectors.joining(", "));
        return new CellResult.Failure("UsageError", m, List.of(m));
    }

    /**
     * The arguments of {@code %capture IFACE [BPF] [SECONDS]}. The filter may be quoted; unquoted, its
     * words run to the end, and a last word that is a whole number is the seconds unless the word
     * before it takes a number ({@code port 80}, {@code less 60}...): quote such a filter and give
     * the seconds after it.
     */
    record CaptureArgs(String iface, String filter, long seconds) {

        private static final Set<String> TAKE_A_NUMBER = Set.of("port", "portrange", "less", "greater", "len",
                "vlan", "mpls", "pppoes", "geneve", "proto", "protochain", "mask", "=", "==", "!=", "<", ">", "<=", ">=");
        private static final Pattern WORD = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)");

        /** The arguments, or {@code null} without an interface. */
        static CaptureArgs parse(String arg) {
            List<String> words = new ArrayList<>();
            List<Boolean> quoted = new ArrayList<>();
            Matcher m = WORD.matcher(arg);
            while (m.find()) {
                words.add(m.group(3) != null ? m.group(3) : m.group(1) != null ? m.group(1) : m.group(2));
                quoted.add(m.group(3) == null);
            }
            if (words.isEmpty()) {
                return null;
            }
            int end = words.size();
            long seconds = 0;
            String last = words.get(end - 1);
            if (end >= 2 && !quoted.get(end - 1) && last.matches("\\d+s?")
                    && (end == 2 || quoted.get(end - 2) || !TAKE_A_NUMBER.contains(words.get(end - 2).toLowerCase(Locale.ROOT)))) {
                seconds = Long.parseLong(last.endsWith("s") ? last.substring(0, last.length() - 1) : last);
                end--;
            }
            return new CaptureArgs(words.get(0), String.join(" ", words.subList(1, end)), seconds);
        }
    }

    private static CellResult usage(String usage) {
        String m = "usage: " + usage;
        return new CellResult.Failure("UsageError", m, List.of(m));
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** {@code s} as a Java string literal. */
    static String javaString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
