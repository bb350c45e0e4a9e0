package io.rstscope.eval;

import io.rstscope.RstscopeException;
import io.rstscope.display.Renderers;
import java.util.Arrays;
import jdk.jshell.spi.ExecutionControl.UserException;

/**
 * How a result and an error read in the jshell tool ({@code rstscope shell}): as in a notebook's text
 * output and {@code rstscope query}, never cut.
 *
 * <p>A value is rendered by the same {@link Renderers} as the notebook's: a query, grouping or table shows
 * its first {@value Renderers#ROW_LIMIT} rows and the total, an explanation or ladder its whole text. A
 * value of several lines starts on a line of its own, so the tool's {@code $1 ==> } stays above the
 * rows. An rstscope error is its message without stack frames; another exception keeps only the
 * frames of the user's code.
 *
 * <pre>{@code
 * ShellText.value(cap.flows(), "flows(trace.pcap)");   // "\nflows(trace.pcap) → 3 connections\n ... 3 rows × 62 columns"
 * }</pre>
 */
final class ShellText {

    private static final Renderers RENDERERS = Renderers.standard();

    private ShellText() {
    }

    /** What the tool shows for {@code value}; {@code jshellText} is JShell's own text for it. */
    static String value(Object value, String jshellText) {
        String text;
        try {
            text = RENDERERS.render(value, jshellText).plain();
        } catch (RuntimeException e) {
            return jshellText; // a value whose rendering fails still shows as JShell would show it
        }
        text = text.stripTrailing();
        return text.contains("\n") ? "\n" + text : text;
    }

    /** The exception the tool reports for {@code thrown}: no frames for rstscope's, the user's frames for others. */
    static UserException exception(Throwable thrown) {
        boolean ours = thrown instanceof RstscopeException;
        StackTraceElement[] frames = ours ? new StackTraceElement[0] : userFrames(thrown.getStackTrace());
        UserException e = new UserException(thrown.getMessage(), ours ? simpleName(thrown) : thrown.getClass().getName(), frames);
        if (!ours && thrown.getCause() != null && thrown.getCause() != thrown) {
            e.initCause(exception(thrown.getCause()));
        }
        return e;
    }

    private static String simpleName(Throwable t) {
        return t.getClass().getSimpleName();
    }

    private static StackTraceElement[] userFrames(StackTraceElement[] frames) {
        int end = 0;
        while (end < frames.length && !Evaluator.isInfrastructure(frames[end])) {
            end++;
        }
        return Arrays.copyOf(frames, end);
    }
}
