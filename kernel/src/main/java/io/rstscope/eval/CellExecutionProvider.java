package io.rstscope.eval;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
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

    /** The engines made in this JVM, for {@link #stopRunningCells()}; a closed session's is collected. */
    private static final Set<CellExecutionControl> ENGINES = Collections.newSetFromMap(Collections.synchronizedMap(new WeakHashMap<>()));

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
        ENGINES.add(control);
        return control;
    }

    /**
     * Stops the cell running in every engine of this JVM, as an interrupt does. For a terminal's
     * Ctrl-C: while a cell runs, the jshell tool hands the terminal back in cooked mode, so Ctrl-C
     * arrives as SIGINT, which would otherwise end the JVM.
     */
    public static void stopRunningCells() {
        for (CellExecutionControl c : ENGINES) {
            if (c.running()) {
                c.stop();
            }
        }
    }

    /** The engine generated last: the one the session built on this provider uses. */
    CellExecutionControl control() {
        return last;
    }
}
