package io.rstscope;

/**
 * The root of every exception rstscope throws on purpose.
 *
 * <p>It is unchecked because the library is used interactively — in notebooks, in the REPL and in
 * one-line scripts — where forced {@code try}/{@code catch} blocks would bury every query; a bad
 * capture or a misspelt field is reported by its message, which always says what was seen and what
 * was expected. Catch this type to handle any rstscope failure:
 *
 * <pre>{@code
 * try {
 *     var cap = Rst.open("incident.pcapng");
 * } catch (RstscopeException e) {
 *     System.err.println(e.getMessage());
 * }
 * }</pre>
 */
public class RstscopeException extends RuntimeException {

    /** Creates an exception with a message that names the value seen and the one expected. */
    public RstscopeException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the failure that caused it. */
    public RstscopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
