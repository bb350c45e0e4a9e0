package io.rstscope.eval;

import java.util.Map;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * The execution engine {@code rstscope}: snippets run in this JVM on a thread that an interrupt
 * really stops (see {@link CellExecutionControl}).
 *
 * <p>It is registered as a service so that the jshell tool finds it by name
 * ({@code --execution rstscope}); the {@link Evaluator} builds it directly, keeping result objects
 * for the renderers.
 */
public final class CellExecutionProvider implements ExecutionControlProvider {

    private final boolean keepValues;
    private final Host.ProgressFactory progress;
    private volatile CellExecutionControl last;

    /** The engine as the jshell tool uses it: results as text, progress on the terminal. */
    public CellExecutionProvider() {
        this(false, Host.TERMINAL);
    }

    CellExecutionProvider(boolean keepValues, Host.ProgressFactory progress) {
        this.keepValues = keepValues;
        this.progress = progress;
    }

    @Override
    public String name() {
        return "rstscope";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        CellExecutionControl control = new CellExecutionControl(env, keepValues, progress);
        last = control;
        return control;
    }

    /** The engine generated last: the one the session built on this provider uses. */
    CellExecutionControl control() {
        return last;
    }
}
