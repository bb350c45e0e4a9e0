package io.rstscope.reset;

import java.time.Duration;

/**
 * Settings of the reset analysis.
 *
 * @param idleThreshold silence after which an endpoint's reset counts as an idle timeout (default 30 s)
 */
public record ResetOptions(Duration idleThreshold) {

    /** The defaults: a 30 s idle threshold. */
    public static final ResetOptions DEFAULT = new ResetOptions(Duration.ofSeconds(30));

    /** These options with another idle threshold: {@code ResetOptions.DEFAULT.withIdleThreshold(Duration.ofMinutes(5))}. */
    public ResetOptions withIdleThreshold(Duration d) {
        return new ResetOptions(d);
    }
}
