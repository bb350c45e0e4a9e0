package io.rstscope.jupyter;

import io.rstscope.RstscopeException;
import io.rstscope.eval.CellResult;
import io.rstscope.eval.Evaluator;
import io.rstscope.reset.Cause;
import io.rstscope.teach.Scenario;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The notebook's line magics, run before the Java code of the cell.
 *
 * <pre>
 * %open trace.pcapng            open a capture and make it the current one (the bare flows(), resets() and packets() work on it)
 * %classpath add lib/extra.jar  add a jar to the session's class path
 * %scenario BACKLOG_OVERFLOW    open the teaching scenario of a cause (or a scenario by name, e.g. SYN_SCAN)
 *                               and make it the current capture
 * </pre>
 */
final class Magics {

    static final List<String> NAMES = List.of("%open", "%classpath", "%scenario");

    private Magics() {
    }

    /** Runs the cell's leading magic lines, then its code; the value is that of the last that has one. */
    static CellResult run(String cell, Evaluator ev) {
        String[] lines = cell.split("\n", -1);
        int i = 0;
        CellResult result = new CellResult.Nothing();
        while (i < lines.length && (lines[i].isBlank() || lines[i].stripLeading().startsWith("%"))) {
            String line = lines[i].strip();
            i++;
            if (line.isEmpty()) {
                continue;
            }
            result = line(line, ev);
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
