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
}
