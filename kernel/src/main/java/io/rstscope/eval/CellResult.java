package io.rstscope.eval;

import java.util.List;

/** What evaluating one cell came to. */
public sealed interface CellResult {

    /** Whether the cell ran to its end without an error or an interrupt. */
    default boolean ok() {
        return this instanceof Value || this instanceof Nothing;
    }

    /** The cell ended with an expression: its value, and JShell's text for it. */
    record Value(Object value, String text) implements CellResult {
    }

    /** The cell ran and ended with a declaration, a statement or a void call. */
    record Nothing() implements CellResult {
    }

    /**
     * The cell failed to compile or threw.
     *
     * @param name    short name of the failure: {@code CompileError}, or the exception's simple class name
     * @param message one line: what went wrong and, for a compile error, where in the cell
     * @param lines   the whole report, line by line, as it should be shown
     * @param line    the cell line where it failed (1-based), 0 when not known
     */
    record Failure(String name, String message, List<String> lines, int line) implements CellResult {
        /** A failure at no known line. */
        public Failure(String name, String message, List<String> lines) {
            this(name, message, lines, 0);
        }

        /** The report as one text. */
        public String text() {
            return String.join("\n", lines);
        }
    }

    /** The cell was interrupted before it ended. */
    record Interrupted(String message) implements CellResult {
    }
}
