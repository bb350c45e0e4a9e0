package io.rstscope.eval;

/**
 * Whether a cell can be run as it is, as a console asks before sending it.
 *
 * @param state  complete, incomplete (wait for more lines), invalid (run it to see the error) or unknown
 * @param indent for an incomplete cell, the indentation of the next line
 */
public record Completeness(State state, String indent) {

    /** The answers a console understands. */
    public enum State { COMPLETE, INCOMPLETE, INVALID, UNKNOWN }

    static final Completeness COMPLETE = new Completeness(State.COMPLETE, "");
    static final Completeness INVALID = new Completeness(State.INVALID, "");
    static final Completeness UNKNOWN = new Completeness(State.UNKNOWN, "");

    static Completeness incomplete(String indent) {
        return new Completeness(State.INCOMPLETE, indent);
    }

    /**
     * A quick answer without a session, from the brackets alone: for the moment while the session
     * starts, when a console asking must not wait (jupyter console gives up on the kernel's answers
     * after one slow reply).
     */
    public static Completeness guess(String cell) {
        String text = cell.strip();
        if (text.isEmpty() || text.startsWith("%") && !text.startsWith("%%")) {
            return COMPLETE;
        }
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '(' || c == '[') {
                depth++;
            } else if (c == '}' || c == ')' || c == ']') {
                depth--;
            }
        }
        return depth > 0 || inString ? incomplete("    ".repeat(Math.max(1, depth))) : COMPLETE;
    }
}
