package io.rstscope.jupyter;

import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.messages.publish.PublishStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A cell's standard output and error, sent to the notebook as stream messages every
 * {@link #FLUSH_MILLIS} and at the end of the cell — not one message per {@code println}, which is
 * what the library's own streams do and what floods a notebook printing in a loop.
 */
final class CellOutput implements AutoCloseable {

    static final long FLUSH_MILLIS = 100;

    private final Buffer out = new Buffer();
    private final Buffer err = new Buffer();
    private final PrintStream outStream = new PrintStream(out, false, StandardCharsets.UTF_8);
    private final PrintStream errStream = new PrintStream(err, false, StandardCharsets.UTF_8);
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jupyter-output");
        t.setDaemon(true);
        return t;
    });
    private volatile ShellReplyEnvironment env;

    CellOutput() {
        flusher.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    PrintStream out() {
        return outStream;
    }

    PrintStream err() {
        return errStream;
    }

    /** Output from now on belongs to the request of {@code env}. */
    void begin(ShellReplyEnvironment env) {
        this.env = env;
    }

    /** Sends what is left and detaches from the request. */
    void end() {
        flush();
        env = null;
    }

    /** Sends what was written since the last flush, stdout first. */
    synchronized void flush() {
        ShellReplyEnvironment e = env;
        outStream.flush();
        errStream.flush();
        String o = out.drain();
        String r = err.drain();
        if (e == null) {
            return; // written between cells: there is no request to attach it to
        }
        if (!o.isEmpty()) {
            e.publish(new PublishStream(PublishStream.StreamType.OUT, o));
        }
        if (!r.isEmpty()) {
            e.publish(new PublishStream(PublishStream.StreamType.ERR, r));
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
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
