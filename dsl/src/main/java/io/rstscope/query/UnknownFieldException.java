package io.rstscope.query;

/**
 * A field name that is not a column of the query's table. The message lists what was asked, the
 * table, the closest column name, and every column.
 *
 * <pre>{@code
 * cap.flows().where("durration", gt(5));
 * // where("durration"): flows has no field "durration"; did you mean "duration"? Fields: ts, uid, ...
 * }</pre>
 */
public class UnknownFieldException extends InvalidArgumentException {

    private final String field;
    private final String suggestion;

    /** An exception for {@code field}, with the closest known name or {@code null}. */
    public UnknownFieldException(String message, String field, String suggestion) {
        super(message);
        this.field = field;
        this.suggestion = suggestion;
    }

    /** The name that was asked for. */
    public String field() {
        return field;
    }

    /** The closest column name, or {@code null} when none is close. */
    public String suggestion() {
        return suggestion;
    }
}
