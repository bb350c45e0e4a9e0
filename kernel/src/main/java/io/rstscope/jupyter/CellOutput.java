package io.rstscope.jupyter;

import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.messages.publish.PublishStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A cell's standard output and error, sent to the notebook as stream messages every
 * {@link #FLUSH_MILLIS} and at the end of the cell — not one message per {@code println}, which is
 * what the library's own streams do and what floods a notebook printing in a loop.
 *
 * <p>Output belongs to the cell whose code printed it: a thread a cell started goes on writing to
 * that cell (the notebook shows it under the cell that started the thread) even after the cell has
 * ended and others run. What such a thread prints after its cell ended is bounded to
 * {@link #AFTER_END_BYTES} per cell; beyond that it is dropped, with a note saying so.
 */
final class CellOutput implements AutoCloseable {

    static final long FLUSH_MILLIS = 100;

    /** At most this much of what threads print after their cell ended is sent, per cell. */
    static final int AFTER_END_BYTES = 64 * 1024;

    /** The cell the printing thread works for: set on the thread that runs the cell, inherited by those it starts. */
    private static final InheritableThreadLocal<Cell> ORIGIN = new InheritableThreadLocal<>();

    private final PrintStream outStream = new PrintStream(new Router(false), false, StandardCharsets.UTF_8);
    private final PrintStream errStream = new PrintStream(new Router(true), false, StandardCharsets.UTF_8);
    /** Ended cells that threads have printed to since the last flush. */
    private final Queue<Cell> pending = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jupyter-output");
        t.setDaemon(true);
        return t;
    });
    private volatile Cell current;

    CellOutput() {
        flusher.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    PrintStream out() {
        return outStream;
    }

    PrintStream err() {
        return errStream;
    }

    /** Output from now on belongs to the request of {@code env}; so does that of the threads it starts. */
    void begin(ShellReplyEnvironment env) {
        Cell cell = new Cell(env);
        ORIGIN.set(cell);
        current = cell;
    }

    /** Sends what is left and detaches from the request. */
    void end() {
        flush();
        Cell cell = current;
        if (cell != null) {
            cell.end();
        }
        current = null;
    }

    /** Sends what was written since the last flush, stdout first: the running cell's, then what ended cells' threads wrote. */
    synchronized void flush() {
        outStream.flush();
        errStream.flush();
        Cell cell = current;
        if (cell != null) {
            cell.send();
        }
        for (Cell c = pending.poll(); c != null; c = pending.poll()) {
            c.unqueue();
            c.send();
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
    }

    /** Where a write goes: the cell of the writing thread, or the cell running now. */
    private final class Router extends OutputStream {
        private final boolean err;

        Router(boolean err) {
            this.err = err;
        }

        private Cell target() {
            Cell origin = ORIGIN.get();
            // A pool thread (a parallel stream's) works for whichever cell runs now, whoever started it.
            if (origin == null || Thread.currentThread() instanceof ForkJoinWorkerThread) {
                return current;
            }
            return origin;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            Cell cell = target();
            if (cell != null) {
                cell.write(err, b, off, len);
            }
        }
    }

    /** What one cell printed and has not been sent yet. */
    private final class Cell {
        private final ShellReplyEnvironment env;
        private final Buffer out = new Buffer();
        private final Buffer err = new Buffer();
        private boolean ended;
        private boolean queued;
        private long afterEnd;
        private long dropped;
        private boolean noted;

        Cell(ShellReplyEnvironment env) {
            this.env = env;
        }

        synchronized void end() {
            ended = true;
        }

        synchronized void unqueue() {
            queued = false;
        }

        synchronized void write(boolean toErr, byte[] b, int off, int len) {
            if (ended) {
                if (afterEnd + len > AFTER_END_BYTES) {
                    dropped += len;
                } else {
                    afterEnd += len;
                    (toErr ? err : out).write(b, off, len);
                }
                if (!queued) {
                    queued = true;
                    pending.add(this);
                }
                return;
            }
            (toErr ? err : out).write(b, off, len);
        }

        void send() {
            String o = out.drain();
            String r = err.drain();
            String note = null;
            synchronized (this) {
                if (dropped > 0 && !noted) {
                    noted = true;
                    note = "rstscope: a thread this cell started went on printing after the cell ended; past "
                            + AFTER_END_BYTES / 1024 + " KiB its output is dropped\n";
                }
            }
            if (!o.isEmpty()) {
                env.publish(new PublishStream(PublishStream.StreamType.OUT, o));
            }
            if (!r.isEmpty()) {
                env.publish(new PublishStream(PublishStream.StreamType.ERR, r));
            }
            if (note != null) {
                env.publish(new PublishStream(PublishStream.StreamType.ERR, note));
            }
        }
    }

    /** Bytes written so far; drained as text, keeping a UTF-8 sequence cut in half for next time. */
    private static final class Buffer extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized String drain() {
            if (bytes.size() == 0) {
                return "";
            }
            byte[] all = bytes.toByteArray();
            int end = completeUpTo(all);
            bytes.reset();
            bytes.write(all, end, all.length - end);
            return new String(all, 0, end, StandardCharsets.UTF_8);
        }

        private static int completeUpTo(byte[] b) {
            int n = b.length;
            for (int back = 1; back <= Math.min(3, n); back++) {
                int c = b[n - back] & 0xff;
                if ((c & 0xc0) == 0x80) {
                    continue; // continuation byte: look further back for the lead byte
                }
                int need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
                return need > back ? n - back : n;
            }
            return n;
        }
    }
}
