package io.rstscope.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * {@code System.out}, {@code System.err} and {@code System.in} of a JVM that hosts sessions, routed
 * by thread: a cell's thread, and every thread it starts, read and write the streams of the session
 * that ran the cell — during the cell and after it. Any other thread writes to the streams of the
 * cell running at that moment (a parallel stream's pool threads work for it), or, between cells, to
 * the JVM's own.
 *
 * <p>Why by thread rather than by swapping {@code System.out} for the length of a cell: a thread a
 * cell started and left running would otherwise print into the kernel's own log between cells, and
 * into whichever cell runs next; the session's streams can now tell its output apart (the notebook
 * sends it to the cell that started the thread).
 */
final class Streams {

    private static final InheritableThreadLocal<Target> BOUND = new InheritableThreadLocal<>();
    private static volatile Target running;
    private static Target original;

    /** One session's streams. */
    record Target(PrintStream out, PrintStream err, InputStream in) {
    }

    private Streams() {
    }

    /** Routes the JVM's standard streams by thread, once. */
    static synchronized void install() {
        if (original != null) {
            return;
        }
        original = new Target(System.out, System.err, System.in);
        System.setOut(new PrintStream(new Routed(Target::out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Routed(Target::err), true, StandardCharsets.UTF_8));
        System.setIn(new RoutedIn());
    }

    /** The calling thread, and the threads it starts from now on, use {@code target}. */
    static void bind(Target target) {
        BOUND.set(target);
    }

    /** Makes {@code target} the streams of the cell running now; returns the previous ones. */
    static Target running(Target target) {
        Target before = running;
        running = target;
        return before;
    }

    private static Target target() {
        Target t = BOUND.get();
        if (t != null) {
            return t;
        }
        t = running;
        return t != null ? t : original;
    }

    private static final class Routed extends OutputStream {
        private final Function<Target, PrintStream> pick;

        Routed(Function<Target, PrintStream> pick) {
            this.pick = pick;
        }

        @Override
        public void write(int b) {
            pick.apply(target()).write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            pick.apply(target()).write(b, off, len);
        }

        @Override
        public void flush() {
            pick.apply(target()).flush();
        }
    }

    private static final class RoutedIn extends InputStream {
        @Override
        public int read() throws IOException {
            return target().in().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return target().in().read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return target().in().available();
        }
    }
}
