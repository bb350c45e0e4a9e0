package io.rstscope.shell;

/**
 * Finds the jshell commands in a script: a line whose first non-blank character is a {@code /} that
 * starts a command ({@code /exit}, {@code /list}, {@code /!}...), outside comments, strings, character
 * literals and text blocks. Everything else is Java, so {@code // a note}, {@code /* ... *}{@code /} and a
 * text block holding a line {@code /exit 9} are code.
 *
 * <pre>{@code
 * ScriptText.firstCommand("int a = 1; // a note\n/exit 3\n");   // Command("/exit 3", offset 21, line 2)
 * }</pre>
 */
final class ScriptText {

    private ScriptText() {
    }

    /**
     * A command line of a script.
     *
     * @param text   the line, stripped
     * @param offset where the line starts in the script
     * @param line   its 1-based line number
     */
    record Command(String text, int offset, int line) {
        /** Whether it is {@code /exit}, with or without a status. */
        boolean isExit() {
            return text.equals("/exit") || text.startsWith("/exit ");
        }

        /** The status of an {@code /exit} line: 0 when none is given, {@code null} when it is not a whole number. */
        Integer exitStatus() {
            String n = text.substring("/exit".length()).strip();
            if (n.isEmpty()) {
                return 0;
            }
            try {
                return Integer.parseInt(n);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    private enum State { CODE, LINE_COMMENT, BLOCK_COMMENT, STRING, CHAR, TEXT_BLOCK }

    /** The first command line of {@code script}, or {@code null} when it is all Java. */
    static Command firstCommand(String script) {
        State state = State.CODE;
        int line = 1;
        int lineOffset = 0;
        boolean blankSoFar = true;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (c == '\n') {
                line++;
                lineOffset = i + 1;
                blankSoFar = true;
                if (state == State.LINE_COMMENT || state == State.STRING || state == State.CHAR) {
                    state = State.CODE; // an unclosed string is the compiler's to report
                }
                continue;
            }
            boolean atLineStart = blankSoFar && state == State.CODE;
            if (!Character.isWhitespace(c)) {
                blankSoFar = false;
            }
            switch (state) {
                case CODE -> {
                    if (c == '/' && atLineStart && startsCommand(script, i + 1)) {
                        int end = script.indexOf('\n', i);
                        return new Command(script.substring(i, end < 0 ? script.length() : end).strip(), lineOffset, line);
                    } else if (script.startsWith("//", i)) {
                        state = State.LINE_COMMENT;
                        i++;
                    } else if (script.startsWith("/*", i)) {
                        state = State.BLOCK_COMMENT;
                        i++;
                    } else if (script.startsWith("\"\"\"", i)) {
                        state = State.TEXT_BLOCK;
                        i += 2;
                    } else if (c == '"') {
                        state = State.STRING;
                    } else if (c == '\'') {
                        state = State.CHAR;
                    }
                }
                case BLOCK_COMMENT -> {
                    if (script.startsWith("*/", i)) {
                        state = State.CODE;
                        i++;
                    }
                }
                case STRING, CHAR, TEXT_BLOCK -> {
                    if (c == '\\' && i + 1 < script.length()) {
                        i++; // an escape; a backslash before a newline only continues a text block's line
                        if (script.charAt(i) == '\n') {
                            line++;
                            lineOffset = i + 1;
                        }
                    } else if (state == State.TEXT_BLOCK && script.startsWith("\"\"\"", i)) {
                        state = State.CODE;
                        i += 2;
                    } else if (c == (state == State.STRING ? '"' : '\'') && state != State.TEXT_BLOCK) {
                        state = State.CODE;
                    }
                }
                default -> { }
            }
        }
        return null;
    }

    /** After a line's leading {@code /}: a command name ({@code exit}), {@code !}, {@code ?} or {@code -N}. */
    private static boolean startsCommand(String s, int i) {
        if (i >= s.length()) {
            return false;
        }
        char c = s.charAt(i);
        return Character.isLetter(c) || c == '!' || c == '?'
                || (c == '-' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)));
    }
}
