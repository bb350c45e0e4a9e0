package io.rstscope.shell;

import io.rstscope.capture.CaptureReader;
import io.rstscope.eval.CellResult;
import io.rstscope.eval.Evaluator;
import io.rstscope.eval.Host;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rstscope run SCRIPT.jsh [ARGS]}: runs a script in the same session as the notebook and the
 * REPL (startup script included), with {@code args} holding the arguments and the arguments that are
 * captures opened as {@code c1}, {@code c2}... (the bare {@code flows()}, {@code resets()} and
 * {@code packets()} on the first), as the shell and {@code query} open theirs. It stops at the first
 * error, printed as in a notebook after the script's name and line ({@code inv.jsh:7: ...}), and exits
 * non-zero, so an investigation can be scripted and re-run.
 *
 * <p>A script is Java, comments included. A jshell command is a line starting with {@code /} outside
 * comments, strings and text blocks; {@code /exit [N]} ends the script there with status N, and any
 * other command is refused.
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
            err.println("rstscope run: cannot read " + script + ": " + why(script, e));
            return 2;
        }
        String name = script.getFileName().toString();
        ScriptText.Command command = ScriptText.firstCommand(text);
        Integer exit = null;
        String code = text;
        if (command != null) {
            if (!command.isExit()) {
                err.println(name + ":" + command.line() + ": jshell commands are not run in scripts: " + command.text());
                return FAILED;
            }
            exit = command.exitStatus();
            if (exit == null) {
                err.println(name + ":" + command.line() + ": expected /exit or /exit followed by a whole number, got "
                        + command.text());
                return FAILED;
            }
            code = text.substring(0, command.offset());
        }
        try (Evaluator ev = Evaluator.start(in, out, err, Host.TERMINAL)) {
            StringBuilder declare = new StringBuilder("String[] args = {");
            List<String> captures = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                declare.append(i == 0 ? "" : ", ").append(Shell.javaString(args.get(i)));
                if (CaptureReader.isCapture(Path.of(args.get(i)))) {
                    captures.add(args.get(i));
                }
            }
            ev.eval(declare.append("};").toString());
            CellResult opened = ev.eval(Shell.openingCode(captures));
            if (opened instanceof CellResult.Failure f) {
                err.println("rstscope run: " + f.message());
                return 2;
            }
            CellResult r = ev.eval(code);
            out.flush();
            if (r instanceof CellResult.Failure f) {
                err.println(name + (f.line() > 0 ? ":" + f.line() : "") + ": " + f.text());
                return FAILED;
            }
            if (r instanceof CellResult.Interrupted i) {
                err.println(name + ": " + i.message());
                return 130;
            }
        }
        return exit == null ? 0 : exit;
    }

    /** Why a file could not be read, in the words of a shell. */
    static String why(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        } else if (e instanceof AccessDeniedException) {
            return "permission denied";
        } else if (Files.isDirectory(file)) {
            return "is a directory";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
