package io.rstscope.eval;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What snippet code calls without knowing it: the engine rewrites each snippet class as it loads
 * ({@link SnippetInstrumenter}) so that every branch first calls {@link #check()}, and so that
 * {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} call the methods here instead.
 *
 * <p>Why a stop check in the bytecode: {@code Thread.stop} throws on JDK 20 and later (and is gone
 * from JDK 26), and {@code while (true) {}} never looks at its interrupt flag. JDK 20's own
 * {@code LocalExecutionControl} stops snippets the same way; this one works on JDK 17 as well and
 * stops only the threads asked to stop, so that two sessions in one JVM do not stop each other.
 *
 * <p>Why exits are refused: a snippet runs inside the kernel's (or the shell's) own JVM, so
 * {@code System.exit(3)} would end the notebook session without a reply. The cell gets an
 * {@link ExitRefused} error instead; {@code /exit} in the shell and in scripts is not snippet code
 * and keeps working. Exits through reflection or method handles are not rewritten.
 *
 * <p>Public because snippet classes, in a class loader of their own, call it. Not for other code.
 */
public final class CellGuard {

    /** How many threads are asked to stop now: the check costs one volatile read while none is. */
    private static final AtomicInteger STOPPING = new AtomicInteger();
    private static final Set<Thread> STOPPED = ConcurrentHashMap.newKeySet();

    private CellGuard() {
    }

    /** Called before every branch of snippet code: throws {@link CellStopped} in a thread asked to stop. */
    public static void check() {
        if (STOPPING.get() > 0 && STOPPED.contains(Thread.currentThread())) {
            throw new CellStopped();
        }
    }

    /** Replaces {@code System.exit(status)} in snippet code. */
    public static void exit(int status) {
        throw new ExitRefused("System.exit(" + status + ")");
    }

    /** Replaces {@code runtime.exit(status)} in snippet code. */
    public static void exit(Runtime runtime, int status) {
        throw new ExitRefused("Runtime.exit(" + status + ")");
    }

    /** Replaces {@code runtime.halt(status)} in snippet code. */
    public static void halt(Runtime runtime, int status) {
        throw new ExitRefused("Runtime.halt(" + status + ")");
    }

    /** From now on every branch of snippet code run by {@code thread} throws {@link CellStopped}. */
    static void stop(Thread thread) {
        if (STOPPED.add(thread)) {
            STOPPING.incrementAndGet();
        }
    }

    /** {@code thread} has ended: forget it. */
    static void release(Thread thread) {
        if (STOPPED.remove(thread)) {
            STOPPING.decrementAndGet();
        }
    }

    /**
     * Thrown by {@link #check()} to end a cell asked to stop. An {@link Error}, so that ordinary
     * {@code catch (Exception e)} blocks let it through; code that catches {@code Throwable} and goes
     * on gets it again at its next branch.
     */
    public static final class CellStopped extends Error {
        private static final long serialVersionUID = 1L;

        CellStopped() {
            super("the cell was stopped", null, false, false);
        }
    }

    /** Thrown in place of an exit of the JVM from snippet code. */
    public static final class ExitRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ExitRefused(String call) {
            super(call + " was refused: code in a cell cannot end the JVM of this session"
                    + " (restart the kernel to start afresh; /exit leaves the shell or a script)");
        }
    }
}
