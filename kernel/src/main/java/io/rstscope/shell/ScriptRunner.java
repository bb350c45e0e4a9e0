package io.rstscope.shell;

import io.rstscope.eval.CellResult;
import io.rstscope.eval.Evaluator;
import io.rstscope.eval.Host;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code rstscope run SCRIPT.jsh [ARGS]}: runs a script in the same session as the notebook and the
 * REPL (startup script included), with {@code args} holding the arguments. It stops at the first
 * error, printed as in a notebook, and exits non-zero, so an investigation can be scripted and
 * re-run. A line {@code /exit [N]} ends the script there.
 */
public final class ScriptRunner {

    /** Exit status when the script failed to compile or threw. */
    public static final int FAILED = 1;

    private ScriptRunner() {
    }

    /** Runs {@code script}; returns the exit status. */
    public static int run(Path script, List<String> args, InputStream in, PrintStream out, PrintStream err) {
        String text;
        try {
            text = Files.readString(script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("rstscope run: cannot read " + script + ": " + e.getMessage());
            return 2;
        }
        StringBuilder code = new StringBuilder();
        Integer exit = null;
        for (String line : text.split("\n", -1)) {
            String t = line.strip();
            if (t.equals("/exit") || t.startsWith("/exit ")) {
                String n = t.substring(5).strip();
                exit = n.isEmpty() ? 0 : parse(n);
                break;
            }
            if (t.startsWith("/")) {
                err.println("rstscope run: " + script + ": jshell commands are not run in scripts: " + t);
                return FAILED;
            }
            code.append(line).append('\n');
        }
        try (Evaluator ev = Evaluator.start(in, out, err, Host.TERMINAL)) {
            StringBuilder declare = new StringBuilder("String[] args = {");
            for (int i = 0; i < args.size(); i++) {
                declare.append(i == 0 ? "" : ", ").append(Shell.javaString(args.get(i)));
            }
            ev.eval(declare.append("};").toString());
            CellResult r = ev.eval(code.toString());
            out.flush();
            if (r instanceof CellResult.Failure f) {
                err.println(script.getFileName() + ": " + f.text());
                return FAILED;
            }
            if (r instanceof CellResult.Interrupted i) {
                err.println(script.getFileName() + ": " + i.message());
                return 130;
            }
        }
        return exit == null ? 0 : exit;
    }

    private static int parse(String n) {
        try {
            return Integer.parseInt(n);
        } catch (NumberFormatException e) {
            return FAILED;
        }
    }
}
