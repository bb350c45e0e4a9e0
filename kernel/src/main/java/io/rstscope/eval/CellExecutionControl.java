package io.rstscope.eval;

import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs snippets in this JVM, each on a thread of its own that {@link #stop()} can interrupt.
 *
 * <p>Why local execution rather than JShell's default remote JVM: the DSL is already on this JVM's
 * class path (the runnable jar is shaded), so nothing has to be passed to a second JVM; a session
 * starts in a fraction of a second; renderers receive the real result object rather than its
 * {@code toString()}; and an interrupt is a plain {@link Thread#interrupt()} of a thread we own, which
 * the DSL's long loops check. JShell's own local engine cannot do the last two: it keeps only the
 * value's string and, on JDK 17, stops a cell with {@code Thread.stop} alone.
 *
 * <p>{@link #stop()} first interrupts the cell's thread, so cooperative code (reading a capture,
 * building tables) ends cleanly; code that ignores interruption, such as {@code while (true) {}},
 * is then stopped by force after {@link #STOP_GRACE_MILLIS}.
 *
 * <p>While a snippet runs, {@code System.out}, {@code System.err} and {@code System.in} are those
 * JShell was built with, as a remote engine would forward them.
 */
final class CellExecutionControl extends DirectExecutionControl {

    /** How long an interrupted cell may take to end by itself before it is stopped by force. */
    static final long STOP_GRACE_MILLIS = 300;

    private final ExecutionEnv env;
    private final boolean keepValues;
    private final Host.ProgressFactory progress;
    private final Map<String, Value> values = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile Thread cell;

    /** A snippet's result: the object and JShell's text for it. */
    record Value(Object object, String text) {
    }

    /**
     * @param keepValues when true, {@code invoke} returns a key to {@link #take(String)} the result
     *                   object with, instead of the result's text (the jshell tool wants the text)
     * @param progress   how a long {@code open} shows its progress in this session
     */
    CellExecutionControl(ExecutionEnv env, boolean keepValues, Host.ProgressFactory progress) {
        this.env = env;
        this.keepValues = keepValues;
        this.progress = progress;
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        Object[] result = new Object[1];
        String[] shown = new String[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            Host.bind(progress);
            try {
                result[0] = doit.invoke(null);
                if (!keepValues) {
                    shown[0] = ShellText.value(result[0], valueString(result[0]));
                }
            } catch (InvocationTargetException e) {
                failure[0] = e.getCause();
            } catch (Throwable e) { // ThreadDeath from a forced stop, or a reflection failure
                failure[0] = e;
            }
        }, "rstscope-cell");
        thread.setDaemon(true);
        PrintStream out = System.out;
        PrintStream err = System.err;
        InputStream in = System.in;
        System.setOut(env.userOut());
        System.setErr(env.userErr());
        System.setIn(env.userIn());
        try {
            cell = thread;
            thread.start();
            thread.join();
        } finally {
            cell = null;
            System.out.flush();
            System.err.flush();
            System.setOut(out);
            System.setErr(err);
            System.setIn(in);
        }
        if (failure[0] instanceof ThreadDeath) {
            throw new StoppedException();
        }
        if (failure[0] != null) {
            throw new InvocationTargetException(failure[0]);
        }
        if (!keepValues) {
            return shown[0];
        }
        String text = valueString(result[0]);
        String key = "rstscope-value-" + ids.incrementAndGet();
        values.put(key, new Value(result[0], text));
        return key;
    }

    /** The jshell tool reports the exception as the notebook does: see {@link ShellText#exception}. */
    @Override
    protected String throwConvertedInvocationException(Throwable cause) throws RunException, InternalException {
        if (keepValues || cause instanceof StoppedException) {
            return super.throwConvertedInvocationException(cause);
        }
        throw ShellText.exception(cause);
    }

    /** The result kept under {@code key} by {@code invoke}, removed; {@code null} when there is none. */
    Value take(String key) {
        return key == null ? null : values.remove(key);
    }

    /** Forgets the results no one took (declarations' values), so they can be collected. */
    void forgetValues() {
        values.clear();
    }

    /** Whether a cell is running right now. */
    boolean running() {
        return cell != null;
    }

    @Override
    @SuppressWarnings({"removal", "deprecation"})
    public void stop() {
        Thread thread = cell;
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(STOP_GRACE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (thread.isAlive()) {
            try {
                thread.stop(); // JDK 17: delivers ThreadDeath even inside a loop without calls
            } catch (UnsupportedOperationException e) {
                // JDK 20 and later: only code that checks interruption can be stopped
            }
        }
    }
}
