package io.rstscope.query;

import io.rstscope.RstscopeException;

/**
 * A query step was given an argument it cannot use: a port above 65535, a CIDR block that is not
 * one, an empty list of stages. It is thrown by the step itself, not by the terminal operation, and
 * its message names the step, the value seen and what was expected.
 *
 * <pre>{@code
 * cap.flows().port(70000);   // port(70000): expected a TCP port 0..65535
 * }</pre>
 */
public class InvalidArgumentException extends RstscopeException {

    /** An exception whose message names the step, the value seen and what was expected. */
    public InvalidArgumentException(String message) {
        super(message);
    }
}
