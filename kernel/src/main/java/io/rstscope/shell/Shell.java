package io.rstscope.shell;

import io.rstscope.eval.CellExecutionProvider;
import io.rstscope.eval.Evaluator;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.jshell.tool.JavaShellToolBuilder;
import sun.misc.Signal;

/**
 * {@code rstscope shell [FILE...]}: the JDK's own jshell tool — its editing, Tab completion,
 * history and commands — with rstscope's startup script, the given captures opened as {@code c1},
 * {@code c2}... (the bare {@code flows()}, {@code resets()} and {@code packets()} on the first), and a banner saying what was loaded.
 *
 * <p>Snippets run on the {@code rstscope} execution engine: in this JVM, with Ctrl-C interrupting
 * the cell's thread, so a long {@code open} stops at once and shows a progress line while it runs.
 */
public final class Shell {

    /** The feedback mode the shell runs in, defined by {@link #FEEDBACK}. */
    static final String FEEDBACK_MODE = "rstscope";

    /** The commands defining {@link #FEEDBACK_MODE}. */
    static final String FEEDBACK = "/io/rstscope/shell/feedback.jsh";

    private Shell() {
    }

    private static String resource(String name) throws IOException {
        try (var in = Shell.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs the tool on the terminal until {@code /exit}; returns its exit status. Ctrl-C while a cell
     * runs stops the cell (see {@link CellExecutionProvider#stopRunningCells()}) rather than the shell.
     */
    public static int run(List<String> files) throws Exception {
        Signal.handle(new Signal("INT"), signal -> CellExecutionProvider.stopRunningCells());
        // The tool keeps its own line editor as long as its input is System.in; its messages (compile
        // errors among them) go through the hinting stream, the snippets' output straight to the terminal.
        return JavaShellToolBuilder.builder()
                .out(hinting(System.out), System.out, System.out)
                .start(arguments(files));
    }

    /** Runs the tool on the given streams (no terminal), with history kept in {@code prefs}. */
    public static int run(List<String> files, InputStream in, PrintStream out, PrintStream err,
                          Map<String, String> prefs) throws Exception {
        return JavaShellToolBuilder.builder()
                .in(in, null)
                .out(hinting(out), out, out)
                .err(err)
                .persistence(prefs)
                .start(arguments(files));
    }

    /** The tool's own messages, with a "did you mean" added to its compile errors: see {@link HintingOutput}. */
    private static PrintStream hinting(PrintStream out) {
        return new PrintStream(new HintingOutput(out), true, StandardCharsets.UTF_8);
    }

    static String[] arguments(List<String> files) throws IOException {
        Path startup = Files.createTempFile("rstscope-startup-", ".jsh");
        startup.toFile().deleteOnExit();
        Files.writeString(startup, Evaluator.startupScript(), StandardCharsets.UTF_8);
        Path opening = Files.createTempFile("rstscope-open-", ".jsh");
        opening.toFile().deleteOnExit();
        Files.writeString(opening, openingScript(files), StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("--execution", "rstscope", "--startup", startup.toString(),
                "--feedback", FEEDBACK_MODE, opening.toString()));
        return args.toArray(String[]::new);
    }

    /**
     * Defines the feedback mode, opens the files as c1, c2..., makes c1 current, and prints the banner.
     *
     * <p>jshell's own modes cut a long value to its head and tail; the mode {@value #FEEDBACK_MODE}
     * (jshell's concise mode, never truncating) shows a value whole, as the notebook and {@code query}
     * do. It is defined here because the tool runs these files before it knows its predefined modes.
     */
    static String openingScript(List<String> files) throws IOException {
        StringBuilder s = new StringBuilder(resource(FEEDBACK));
        s.append(openingCode(files));
        s.append("System.out.println(\"rstscope shell: jshell with the rstscope DSL (Tab completes, /exit leaves)\");\n");
        for (int i = 0; i < files.size(); i++) {
            s.append("System.out.println(\"  c").append(i + 1).append(" = \" + c").append(i + 1).append(");\n");
        }
        if (files.isEmpty()) {
            s.append("System.out.println(\"  no capture open yet; try:\");\n");
            s.append("System.out.println(\"  var cap = open(\\\"trace.pcap\\\")\");\n");
            s.append("System.out.println(\"  flows().withReset().count()\");\n");
        } else {
            s.append("System.out.println(\"  flows(), resets(), packets() and issues() work on c1; try:\");\n");
            s.append("System.out.println(\"  flows().withReset().stage(HANDSHAKE).count()\");\n");
            s.append("System.out.println(\"  resets().groupBy(CAUSE, ORIGIN).count()\");\n");
            s.append("System.out.println(\"  resets().first().explain()\");\n");
        }
        return s.toString();
    }

    /**
     * The code opening {@code files} as {@code c1}, {@code c2}... and making {@code c1} the current
     * capture, as the shell, {@code run} and {@code query} open theirs; empty for no file.
     */
    public static String openingCode(List<String> files) {
        return openingCode(files, 0);
    }

    /**
     * The same, each capture read with {@code threads} threads ({@code ReadOptions.withThreads}), or
     * with the default when 0: {@code Shell.openingCode(List.of("a.pcap"), 2)}.
     */
    public static String openingCode(List<String> files, int threads) {
        StringBuilder s = new StringBuilder();
        String options = threads > 0 ? ", io.rstscope.capture.ReadOptions.DEFAULT.withThreads(" + threads + ")" : "";
        for (int i = 0; i < files.size(); i++) {
            s.append("Capture c").append(i + 1).append(" = open(Path.of(")
                    .append(javaString(files.get(i))).append(")").append(options).append(");\n");
        }
        if (!files.isEmpty()) {
            s.append("current = c1;\n");
        }
        return s.toString();
    }

    static String javaString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
