package io.rstscope.eval;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

/** Splits a cell into JShell snippets, remembering where each starts in the cell. */
final class Cells {

    private Cells() {
    }

    /**
     * One snippet of a cell.
     *
     * @param source       the snippet as JShell will compile it (a semicolon may have been added)
     * @param offset       where it starts in the cell
     * @param completeness what JShell's analysis said of it
     */
    record Piece(String source, int offset, Completeness completeness) {
    }

    /** The cell's snippets in order; a trailing incomplete one is kept, so that compiling it reports why. */
    static List<Piece> split(SourceCodeAnalysis analysis, String cell) {
        List<Piece> pieces = new ArrayList<>();
        int base = 0;
        String rest = cell;
        while (!rest.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            Completeness c = info.completeness();
            if (c == Completeness.EMPTY) {
                break;
            }
            boolean whole = !c.isComplete() || info.remaining().isBlank();
            int consumed = whole ? rest.length() : rest.length() - info.remaining().length();
            String region = rest.substring(0, consumed);
            String source = c.isComplete() ? info.source() : region;
            pieces.add(new Piece(source, base + start(region, source), c));
            base += consumed;
            rest = rest.substring(consumed);
        }
        return pieces;
    }

    /** The fragment of the cell being typed at {@code cursor}: the text after the last complete snippet. */
    static int fragmentStart(SourceCodeAnalysis analysis, String cell, int cursor) {
        String before = cell.substring(0, cursor);
        int base = 0;
        String rest = before;
        while (!rest.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            if (!info.completeness().isComplete() || info.remaining().isBlank()) {
                break;
            }
            int consumed = rest.length() - info.remaining().length();
            base += consumed;
            rest = rest.substring(consumed);
        }
        return base + leadingSpace(rest);
    }

    /** Where {@code source} begins within {@code region}. */
    private static int start(String region, String source) {
        String head = source.strip();
        if (head.endsWith(";") && !region.strip().endsWith(";")) {
            head = head.substring(0, head.length() - 1);
        }
        head = head.substring(0, Math.min(head.length(), 40));
        int at = head.isEmpty() ? -1 : region.indexOf(head);
        return at >= 0 ? at - sourceLead(source) : leadingSpace(region);
    }

    private static int sourceLead(String source) {
        return leadingSpace(source);
    }

    private static int leadingSpace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** 1-based line and column of {@code offset} in {@code text}. */
    static int[] lineAndColumn(String text, int offset) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new int[] {line, col};
    }

    /** The 1-based {@code line} of {@code text}. */
    static String line(String text, int line) {
        String[] lines = text.split("\n", -1);
        return line >= 1 && line <= lines.length ? lines[line - 1] : "";
    }

    /** The most bytes a string constant may take in a class file (its modified UTF-8 form). */
    static final int MAX_CONSTANT_BYTES = 65_535;

    /**
     * A string literal or text block of {@code source} too long for a class file: {@code [offset,
     * bytes]}, or {@code null} when there is none.
     *
     * <p>Why look before JShell compiles: javac reports such a literal, but the compiler JShell keeps
     * for the session stays broken by it, and every later snippet of the session then fails to compile
     * with the same error.
     */
    static int[] tooLongString(String source) {
        int n = source.length();
        int i = 0;
        while (i < n) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                i = source.indexOf('\n', i);
                i = i < 0 ? n : i;
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                i = source.indexOf("*/", i + 2);
                i = i < 0 ? n : i + 2;
            } else if (c == '\'') {
                i = skipQuoted(source, i + 1, "'", new int[1]);
            } else if (c == '"') {
                boolean block = source.startsWith("\"\"\"", i);
                int[] bytes = new int[1];
                int end = skipQuoted(source, i + (block ? 3 : 1), block ? "\"\"\"" : "\"", bytes);
                if (bytes[0] > MAX_CONSTANT_BYTES) {
                    return new int[] {i, bytes[0]};
                }
                i = end;
            } else {
                i++;
            }
        }
        return null;
    }

    /** Skips a quoted literal's body up to and past {@code close}; counts its value's UTF-8 bytes. */
    private static int skipQuoted(String s, int i, String close, int[] bytes) {
        int n = s.length();
        while (i < n && !s.startsWith(close, i)) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < n) {
                i += 2; // an escape stands for one character; which one matters little to the count
                bytes[0] += 1;
                continue;
            }
            bytes[0] += c != 0 && c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            i++;
        }
        return Math.min(n, i + close.length());
    }
}
