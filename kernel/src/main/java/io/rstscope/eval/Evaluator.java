package io.rstscope.eval;

import io.rstscope.RstscopeException;
import io.rstscope.query.Suggestions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

/**
 * One JShell session with the DSL on its class path and the startup script run: evaluates cells,
 * completes, looks up documentation, tells whether a cell is complete, and interrupts. It knows
 * nothing of sockets or Jupyter; the notebook kernel and the {@code run} command both drive it.
 *
 * <pre>{@code
 * try (Evaluator ev = Evaluator.start(System.in, System.out, System.err, Host.NONE)) {
 *     ev.eval("open(\"trace.pcap\")");             // Value(Capture, "trace.pcap: pcap, ...")
 *     ev.eval("packets().count()");             // Value(1204, "1204")
 *     ev.eval("int x = ");                         // Failure: line 1, column 9: illegal start of expression
 * }
 * }</pre>
 *
 * <p>A cell holds any number of snippets; its value is the value of the last one when that is an
 * expression. Evaluation stops at the first snippet that fails. Compile errors name the line and
 * column in the cell. A runtime error from rstscope ({@link RstscopeException}) shows its message
 * only; any other shows a stack trace cut at the cell's own frames, with snippet positions turned
 * into cell lines.
 */
public final class Evaluator implements AutoCloseable {

    private final SourceJavadoc sourceJavadoc = new SourceJavadoc();

    /** The startup script, a resource shared by the kernel, the REPL and scripts. */
    public static final String STARTUP = "/io/rstscope/eval/startup.jsh";

    private final JShell shell;
    private final CellExecutionControl control;
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private volatile boolean evaluating;

    private Evaluator(JShell shell, CellExecutionControl control) {
        this.shell = shell;
        this.control = control;
    }

    /**
     * Starts a session whose snippets read {@code in} and write {@code out} and {@code err}, and runs
     * the startup script.
     */
    public static Evaluator start(InputStream in, PrintStream out, PrintStream err, Host.ProgressFactory progress) {
        CellExecutionProvider provider = new CellExecutionProvider(true, progress);
        JShell shell = JShell.builder()
                .in(in).out(out).err(err)
                .executionEngine(provider, Map.of())
                .build();
        Evaluator ev = new Evaluator(shell, provider.control());
        CellResult r = ev.eval(startupScript());
        if (!r.ok()) {
            ev.close();
            throw new IllegalStateException("the startup script failed: " + r);
        }
        return ev;
    }

    /** The text of the startup script. */
    public static String startupScript() {
        try (InputStream s = Evaluator.class.getResourceAsStream(STARTUP)) {
            if (s == null) {
                throw new IllegalStateException("resource " + STARTUP + " is missing");
            }
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Evaluates a cell; see the class comment. */
    public CellResult eval(String cell) {
        interrupted.set(false);
        control.clearEarlyStop();
        evaluating = true;
        try {
            return evalPieces(cell);
        } finally {
            evaluating = false;
            control.forgetValues();
        }
    }

    private CellResult evalPieces(String cell) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        List<Cells.Piece> pieces = Cells.split(analysis, cell);
        Map<String, Integer> firstLineOf = new HashMap<>();
        CellResult result = new CellResult.Nothing();
        for (int i = 0; i < pieces.size(); i++) {
            if (interrupted.get()) {
                return interruptedResult();
            }
            Cells.Piece piece = pieces.get(i);
            int[] tooLong = Cells.tooLongString(piece.source());
            if (tooLong != null) {
                return tooLongString(cell, piece.offset() + tooLong[0], tooLong[1]);
            }
            List<SnippetEvent> events = shell.eval(piece.source());
            if (interrupted.get()) {
                return interruptedResult();
            }
            SnippetEvent main = events.stream().filter(e -> e.causeSnippet() == null).findFirst().orElse(null);
            if (main == null) {
                continue;
            }
            Snippet snippet = main.snippet();
            // JShell numbers a snippet's lines from its first non-blank character
            int codeStart = piece.offset() + (piece.source().length() - piece.source().stripLeading().length());
            firstLineOf.put(snippet.id(), Cells.lineAndColumn(cell, codeStart)[0]);
            if (main.status() == Snippet.Status.REJECTED) {
                return compileError(cell, piece, snippet);
            }
            if (brokenButKept(main)) {
                // JShell keeps a snippet that has an error of its own as "recoverable", and reports
                // no failure: say what is wrong with it, and drop it.
                CellResult error = compileError(cell, piece, snippet);
                shell.drop(snippet);
                return error;
            }
            JShellException thrown = events.stream().map(SnippetEvent::exception)
                    .filter(e -> e != null).findFirst().orElse(null);
            if (thrown != null) {
                return runtimeError(thrown, firstLineOf, firstLineOf.get(snippet.id()));
            }
            CellExecutionControl.Value value = control.take(main.value());
            boolean last = i == pieces.size() - 1;
            if (last && isExpression(snippet) && value != null && !isVoid(snippet)) {
                result = new CellResult.Value(value.object(), value.text());
            } else {
                result = new CellResult.Nothing();
            }
        }
        return result;
    }

    /**
     * Whether JShell kept a snippet it could not compile: "recoverable" is meant for a declaration
     * that refers to something not declared yet, not for one with an error of its own.
     */
    private boolean brokenButKept(SnippetEvent event) {
        Snippet.Status status = event.status();
        if (status != Snippet.Status.RECOVERABLE_DEFINED && status != Snippet.Status.RECOVERABLE_NOT_DEFINED) {
            return false;
        }
        Snippet snippet = event.snippet();
        boolean unresolved = snippet instanceof DeclarationSnippet d && shell.unresolvedDependencies(d).findAny().isPresent();
        return !unresolved;
    }

    private static boolean isExpression(Snippet s) {
        return s.kind() == Snippet.Kind.EXPRESSION
                || s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    private boolean isVoid(Snippet s) {
        return s instanceof jdk.jshell.VarSnippet v && v.typeName().equals("void");
    }

    private CellResult interruptedResult() {
        String blocked = control.takeAbandoned();
        if (blocked != null) {
            return new CellResult.Interrupted("interrupted, but the cell could not be stopped: it is blocked in "
                    + blocked + "; it goes on in the background (restart to end it) and the session stays usable");
        }
        return new CellResult.Interrupted("interrupted: the cell was stopped before it ended");
    }

    private static CellResult tooLongString(String cell, int offset, int bytes) {
        int[] at = Cells.lineAndColumn(cell, offset);
        String m = "line " + at[0] + ", column " + at[1] + ": constant string too long: "
                + String.format("%,d", bytes) + " bytes in UTF-8, a class file holds at most "
                + String.format("%,d", Cells.MAX_CONSTANT_BYTES) + " (read the text from a file instead)";
        String src = Cells.line(cell, at[0]);
        int from = Math.max(0, at[1] - 1 - 20);
        String shown = src.substring(from, Math.min(src.length(), from + 60)) + (src.length() > from + 60 ? "..." : "");
        return new CellResult.Failure("CompileError", m,
                List.of("error: " + m, "    " + shown, "    " + " ".repeat(at[1] - 1 - from) + "^"));
    }

    private CellResult compileError(String cell, Cells.Piece piece, Snippet snippet) {
        List<Diag> errors = shell.diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList());
        if (errors.isEmpty()) {
            String msg = "the snippet could not be compiled";
            if (snippet instanceof jdk.jshell.DeclarationSnippet) {
                msg = "the declaration could not be made";
            }
            int[] at = Cells.lineAndColumn(cell, piece.offset());
            String m = "line " + at[0] + ", column " + at[1] + ": " + msg;
            return new CellResult.Failure("CompileError", m, List.of("error: " + m));
        }
        List<String> lines = new ArrayList<>();
        String first = null;
        int firstLine = 0;
        for (Diag d : errors) {
            long pos = d.getStartPosition() >= 0 ? d.getStartPosition() : d.getPosition();
            int offset = piece.offset() + (int) Math.max(0, Math.min(pos, piece.source().length()));
            int[] at = Cells.lineAndColumn(cell, Math.min(offset, cell.length()));
            String[] msg = d.getMessage(null).split("\n");
            String suggestion = suggestion(d.getMessage(null));
            String head = "line " + at[0] + ", column " + at[1] + ": " + msg[0]
                    + (suggestion == null ? "" : "; did you mean " + suggestion + "?");
            if (first == null) {
                first = head;
                firstLine = at[0];
            }
            lines.add("error: " + head);
            for (int k = 1; k < msg.length; k++) {
                if (msg[k].strip().equals("location: class")) {
                    continue; // the snippet's hidden wrapper class: says nothing to the user
                }
                lines.add("  " + msg[k].strip());
            }
            String src = Cells.line(cell, at[0]);
            lines.add("    " + src);
            lines.add("    " + " ".repeat(Math.max(0, at[1] - 1)) + "^");
        }
        return new CellResult.Failure("CompileError", first, lines, firstLine);
    }

    private static final Pattern UNKNOWN_VARIABLE = Pattern.compile("symbol:\\s+variable (\\w+)");

    /**
     * For javac's "cannot find symbol" of a variable, the DSL constant or column name it was most likely
     * meant to be ({@code PORT_CLOSD} -> {@code PORT_CLOSED}), else {@code null}. The shell, whose
     * compile errors the jshell tool prints, asks it of each {@code symbol:   variable X} line.
     */
    public static String suggestion(String diagnostic) {
        Matcher m = UNKNOWN_VARIABLE.matcher(diagnostic);
        return m.find() ? Suggestions.closest(m.group(1), VOCABULARY) : null;
    }

    private static final List<String> VOCABULARY = Suggestions.vocabulary();

    private CellResult runtimeError(JShellException thrown, Map<String, Integer> firstLineOf, int snippetLine) {
        if (thrown instanceof UnresolvedReferenceException u) {
            String m = u.getMessage() != null ? u.getMessage()
                    : u.getSnippet() + " refers to something not declared yet";
            return new CellResult.Failure("UnresolvedReference", m, List.of(m));
        }
        EvalException e = (EvalException) thrown;
        String className = e.getExceptionClassName();
        String simple = className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (interrupted.get()) {
            return interruptedResult();
        }
        int line = throwingLine(e, firstLineOf, snippetLine);
        if (ranOutOfMemory(e)) {
            // Wherever the heap ran out (a table built after the open, the user's own code): the line the
            // open gives, with the heap and what to do, not the JVM's "GC overhead limit exceeded".
            String m = RstscopeException.outOfMemory();
            return new CellResult.Failure("OutOfMemoryError", m, List.of(m), line);
        }
        if (isRstscope(className) || className.equals(CellGuard.ExitRefused.class.getName())) {
            return new CellResult.Failure(simple, message, List.of(simple + ": " + message), line);
        }
        List<String> lines = new ArrayList<>();
        Throwable t = e;
        boolean first = true;
        Set<Throwable> seen = new LinkedHashSet<>();
        while (t != null && seen.add(t)) {
            String name = t instanceof EvalException ev ? ev.getExceptionClassName() : t.getClass().getName();
            String msg = t.getMessage();
            lines.add((first ? "" : "Caused by: ") + name + (msg == null ? "" : ": " + msg));
            for (StackTraceElement f : t.getStackTrace()) {
                if (isInfrastructure(f)) {
                    break;
                }
                lines.add("    at " + frame(f, firstLineOf));
            }
            first = false;
            t = t.getCause();
        }
        return new CellResult.Failure(simple, message.isEmpty() ? className : message, lines, line);
    }

    /** Whether the cell's exception is, or was caused by, the heap running out (its class known by name). */
    private static boolean ranOutOfMemory(Throwable thrown) {
        Set<Throwable> seen = new LinkedHashSet<>();
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            String name = t instanceof EvalException ev ? ev.getExceptionClassName() : t.getClass().getName();
            if (name.equals(OutOfMemoryError.class.getName())) {
                return true;
            }
        }
        return false;
    }

    /** The cell line of the innermost frame in the cell's own code, else the line the snippet starts on. */
    private static int throwingLine(Throwable e, Map<String, Integer> firstLineOf, int snippetLine) {
        for (StackTraceElement f : e.getStackTrace()) {
            String file = f.getFileName();
            Integer first = file != null && file.startsWith("#") ? firstLineOf.get(file.substring(1)) : null;
            if (first != null && f.getLineNumber() > 0) {
                return first + f.getLineNumber() - 1;
            }
        }
        return snippetLine;
    }

    /** Frames below the cell's own code: reflection, the engine, the kernel, the thread. */
    static boolean isInfrastructure(StackTraceElement f) {
        String c = f.getClassName();
        return c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.reflect.")
                || c.startsWith("io.rstscope.eval.") || c.startsWith("jdk.jshell.")
                || c.equals("java.lang.Thread");
    }

    /** A frame, with a snippet's position ({@code #12:3}) turned into the cell line it is on. */
    private static String frame(StackTraceElement f, Map<String, Integer> firstLineOf) {
        String file = f.getFileName();
        if (file != null && file.startsWith("#")) {
            Integer first = firstLineOf.get(file.substring(1));
            if (first != null && f.getLineNumber() > 0) {
                return "cell line " + (first + f.getLineNumber() - 1);
            }
            return "(" + file + ":" + f.getLineNumber() + ")";
        }
        return f.toString();
    }

    private static boolean isRstscope(String className) {
        try {
            Class<?> c = Class.forName(className, false, RstscopeException.class.getClassLoader());
            return RstscopeException.class.isAssignableFrom(c);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Stops the cell being evaluated, if any: the running code is interrupted (the DSL's long loops
     * check for it) and its snippet code stops at its next branch. A cell still blocked half a second
     * later (inside a library, in a blocking call that ignores interruption) is left running in the
     * background, and the result says so. The cell then reports {@link CellResult.Interrupted}. Safe
     * to call from any thread.
     */
    public void interrupt() {
        if (!evaluating) {
            return;
        }
        interrupted.set(true);
        shell.stop();
    }

    /** Object's methods ({@code wait notify hashCode equals...}), which every completion of a value offers. */
    private static final Set<String> OBJECT_METHODS = Arrays.stream(Object.class.getMethods())
            .map(java.lang.reflect.Method::getName).collect(Collectors.toSet());

    private static boolean isObjectMethod(String continuation) {
        int paren = continuation.indexOf('(');
        return paren > 0 && OBJECT_METHODS.contains(continuation.substring(0, paren));
    }

    /** Completion at {@code cursor}: the DSL before Object's methods, the candidates matching the expected type first. */
    public Completion complete(String cell, int cursor) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        int start = Cells.fragmentStart(analysis, cell, cursor);
        String fragment = cell.substring(start, cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = analysis.completionSuggestions(fragment, fragment.length(), anchor);
        List<String> out = suggestions.stream()
                .sorted(Comparator.comparing((SourceCodeAnalysis.Suggestion s) -> isObjectMethod(s.continuation()))
                        .thenComparing(s -> !s.matchesType()))
                .map(SourceCodeAnalysis.Suggestion::continuation)
                .distinct()
                .collect(Collectors.toList());
        return new Completion(out, start + anchor[0], cursor);
    }

    /** The signature and Javadoc of what is named at {@code cursor}; empty when nothing is known. */
    public List<Documentation> documentation(String cell, int cursor) {
        int end = cursor;
        while (end < cell.length() && Character.isJavaIdentifierPart(cell.charAt(end))) {
            end++;
        }
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        int start = Cells.fragmentStart(analysis, cell, end);
        String fragment = cell.substring(start, end);
        List<Documentation> docs = new ArrayList<>();
        for (SourceCodeAnalysis.Documentation d : analysis.documentation(fragment, fragment.length(), true)) {
            docs.add(documented(d));
        }
        if (docs.isEmpty() && end < cell.length() && cell.charAt(end) == '(') {
            for (SourceCodeAnalysis.Documentation d : analysis.documentation(fragment + "(", fragment.length() + 1, true)) {
                docs.add(documented(d));
            }
        }
        return docs;
    }

    /** JShell's answer, with the Javadoc of rstscope's own types filled in from the shipped sources. */
    private Documentation documented(SourceCodeAnalysis.Documentation d) {
        String javadoc = d.javadoc() == null ? "" : d.javadoc().strip();
        if (javadoc.isEmpty()) {
            javadoc = sourceJavadoc.of(d.signature());
        }
        return new Documentation(d.signature(), javadoc);
    }

    /**
     * Whether {@code cell} can be run as it is: a cell ending inside a block, a call or a string is
     * incomplete; a magic line ({@code %open ...}) is complete.
     */
    public Completeness completeness(String cell) {
        String text = cell.strip();
        if (text.isEmpty()) {
            return Completeness.COMPLETE;
        }
        if (text.startsWith("%") && !text.startsWith("%%")) {
            return Completeness.COMPLETE;
        }
        if (text.startsWith("%%")) {
            return cell.endsWith("\n\n") ? Completeness.COMPLETE : Completeness.incomplete("");
        }
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String rest = cell;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case COMPLETE, COMPLETE_WITH_SEMI -> rest = info.remaining();
                case EMPTY -> {
                    return Completeness.COMPLETE;
                }
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                    return Completeness.incomplete("    ".repeat(Math.max(1, depth(rest))));
                }
                default -> {
                    return Completeness.INVALID;
                }
            }
        }
        return Completeness.COMPLETE;
    }

    private static int depth(String code) {
        int d = 0;
        for (char c : code.toCharArray()) {
            if (c == '{' || c == '(') {
                d++;
            } else if ((c == '}' || c == ')') && d > 0) {
                d--;
            }
        }
        return d;
    }

    /** Adds a jar or directory to the session's class path, for compiling and running. */
    public void addToClasspath(Path path) {
        if (!Files.exists(path)) {
            throw new RstscopeException(path + ": no such file or directory to add to the class path");
        }
        shell.addToClasspath(path.toAbsolutePath().toString());
    }

    /**
     * The CPU time the cells of this session have used so far, in nanoseconds: {@code [total, user]}.
     * What compiling took is not in it.
     */
    public long[] cpuNanos() {
        return control.cpuNanos();
    }

    /** Whether a cell is running now. */
    public boolean busy() {
        return evaluating;
    }

    @Override
    public void close() {
        shell.close();
    }
}
