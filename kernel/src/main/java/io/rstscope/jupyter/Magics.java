package io.rstscope.jupyter;

import io.rstscope.Rst;
import io.rstscope.RstscopeException;
import io.rstscope.eval.CellResult;
import io.rstscope.eval.Evaluator;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The notebook's line magics, run before the Java code of the cell.
 *
 * <pre>
 * %open trace.pcapng            open a capture and make it the current one (the bare flows(), resets() and packets() work on it)
 * %classpath add lib/extra.jar  add a jar to the session's class path
 * %scenario BACKLOG_OVERFLOW    open a teaching scenario (when the library has them)
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
                if (Arrays.stream(Rst.class.getMethods()).noneMatch(m -> m.getName().equals("scenario"))) {
                    String m = "%scenario: this version of rstscope has no teaching scenarios yet";
                    return new CellResult.Failure("UnavailableMagic", m, List.of(m));
                }
                return ev.eval("scenario(" + arg + ")");
            }
            default -> {
                String m = "unknown magic " + words[0] + ": the magics are " + String.join(", ", NAMES);
                return new CellResult.Failure("UnknownMagic", m, List.of(m));
            }
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
