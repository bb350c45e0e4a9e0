package io.rstscope.eval;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs snippets in this JVM, each on a thread of its own that {@link #stop()} really stops, on
 * every JDK from 17 on.
 *
 * <p>Why local execution rather than JShell's default remote JVM: the DSL is already on this JVM's
 * class path (the runnable jar is shaded), so nothing has to be passed to a second JVM; a session
 * starts in a fraction of a second; renderers receive the real result object rather than its
 * {@code toString()}; and an interrupt is a plain {@link Thread#interrupt()} of a thread we own, which
 * the DSL's long loops check. JShell's own local engine cannot do the first of the last two: it keeps
 * only the value's string.
 *
 * <p>How a cell stops: every snippet class is rewritten as it loads ({@link SnippetInstrumenter}) so
 * that each branch of its code checks {@link CellGuard#check()}. {@link #stop()} interrupts the cell's
 * thread, so cooperative code (reading a capture, sleeping, waiting) ends cleanly, and marks it
 * stopped, so snippet code that ignores interruption — {@code while (true) {}}, a loop that swallows
 * every {@code Throwable} — throws at its next branch. A cell that still runs
 * {@link #ABANDON_MILLIS} later is blocked where neither reaches (inside a library's loop, in a
 * blocking {@code ServerSocket.accept()}): the engine stops waiting for it and says so, and the
 * session goes on; the thread is left behind and ends at its next snippet branch, if ever.
 * {@code Thread.stop} is never used: it throws on JDK 20 and later and is gone from JDK 26.
 *
 * <p>While a snippet runs, and afterwards in any thread it started, {@code System.out},
 * {@code System.err} and {@code System.in} are those JShell was built with (see {@link Streams}).
 */
final class CellExecutionControl extends DirectExecutionControl {

    /** How long after {@link #stop()} a cell that has not ended is given up on. */
    static final long ABANDON_MILLIS = 500;

    /** How long a stop that came before the cell's code started still stops it. */
    private static final long EARLY_STOP_NANOS = 2_000_000_000L;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final boolean keepValues;
    private final Host.ProgressFactory progress;
    private final Streams.Target streams;
    private final Map<String, Value> values = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong cpuNanos = new AtomicLong();
    private final AtomicLong userNanos = new AtomicLong();
    private volatile Thread cell;
    private volatile long stopNanos;
    /** When a stop came while the session was compiling, before the cell's code ran; 0 when none. */
    private volatile long earlyStopNanos;
    private volatile String abandoned;

    /** A snippet's result: the object and JShell's text for it. */
    record Value(Object object, String text) {
    }

    /**
     * @param keepValues when true, {@code invoke} returns a key to {@link #take(String)} the result
     *                   object with, instead of the result's text (the jshell tool wants the text)
     * @param progress   how a long {@code open} shows its progress in this session
     */
    CellExecutionControl(ExecutionEnv env, boolean keepValues, Host.ProgressFactory progress) {
        this.keepValues = keepValues;
        this.progress = progress;
        this.streams = new Streams.Target(env.userOut(), env.userErr(), env.userIn());
        if (keepValues) {
            // Only a session that owns no terminal routes the JVM's streams by thread: the jshell tool's
            // line editor needs the real ones (with them routed, Tab and error lines stop working).
            Streams.install();
        }
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        super.load(instrumented(cbcs));
    }

    @Override
    public void redefine(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        super.redefine(instrumented(cbcs));
    }

    private static ClassBytecodes[] instrumented(ClassBytecodes[] cbcs) {
        return Arrays.stream(cbcs)
                .map(c -> new ClassBytecodes(c.name(), SnippetInstrumenter.instrument(c.bytecodes())))
                .toArray(ClassBytecodes[]::new);
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        long early = earlyStopNanos;
        earlyStopNanos = 0;
        if (early != 0 && System.nanoTime() - early < EARLY_STOP_NANOS) {
            throw new StoppedException(); // stopped while it was being compiled: do not start it
        }
        Object[] result = new Object[1];
        String[] shown = new String[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            Host.bind(progress);
            Streams.bind(streams);
            try {
                result[0] = doit.invoke(null);
                if (!keepValues) {
                    shown[0] = ShellText.value(result[0], valueString(result[0]));
                }
            } catch (InvocationTargetException e) {
                failure[0] = e.getCause();
            } catch (Throwable e) { // a reflection failure
                failure[0] = e;
            } finally {
                CellGuard.release(Thread.currentThread());
                cpuNanos.addAndGet(Math.max(0, THREADS.getCurrentThreadCpuTime()));
                userNanos.addAndGet(Math.max(0, THREADS.getCurrentThreadUserTime()));
            }
        }, "rstscope-cell");
        thread.setDaemon(true);
        stopNanos = 0;
        abandoned = null;
        cell = thread;
        Streams.Target before = Streams.running(streams);
        try {
            thread.start();
            while (thread.isAlive()) {
                thread.join(25);
                long stop = stopNanos;
                if (thread.isAlive() && stop != 0 && System.nanoTime() - stop > ABANDON_MILLIS * 1_000_000) {
                    abandoned = where(thread);
                    throw new StoppedException();
                }
            }
        } finally {
            cell = null;
            Streams.running(before);
            streams.out().flush();
            streams.err().flush();
        }
        if (failure[0] instanceof CellGuard.CellStopped) {
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

    /** Where a thread that would not stop is: its top frame, or its state when it has none. */
    private static String where(Thread thread) {
        StackTraceElement[] stack = thread.getStackTrace();
        for (StackTraceElement f : stack) {
            if (!f.isNativeMethod() || stack.length == 1) {
                return f.getClassName() + "." + f.getMethodName();
            }
        }
        return stack.length > 0 ? stack[0].getClassName() + "." + stack[0].getMethodName() : thread.getState().toString();
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

    /**
     * Where the last cell was blocked when it was given up on (a method such as
     * {@code sun.nio.ch.Net.accept}), cleared; {@code null} when it stopped.
     */
    String takeAbandoned() {
        String a = abandoned;
        abandoned = null;
        return a;
    }

    /** CPU time the cells of this session have used so far, in nanoseconds: all, and in user mode. */
    long[] cpuNanos() {
        return new long[] {cpuNanos.get(), userNanos.get()};
    }

    /** Forgets a stop that came before any cell code ran: a new cell starts. */
    void clearEarlyStop() {
        earlyStopNanos = 0;
    }

    @Override
    public void stop() {
        Thread thread = cell;
        if (thread == null) {
            earlyStopNanos = System.nanoTime();
            return;
        }
        CellGuard.stop(thread);
        thread.interrupt();
        if (stopNanos == 0) {
            stopNanos = System.nanoTime();
        }
    }
}
