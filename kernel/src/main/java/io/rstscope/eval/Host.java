package io.rstscope.eval;

import io.rstscope.Capture;
import io.rstscope.LiveCapture;
import io.rstscope.capture.ReadOptions;
import io.rstscope.display.LiveView;
import io.rstscope.display.Renderers;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the startup script asks of the program hosting the session: how a long {@code open(..)}
 * shows its progress, and how a live capture shows itself while it runs — a line on the terminal in
 * the REPL, a display updated in place in a notebook.
 *
 * <p>The host is found through the thread running the cell (the engine binds it there), never
 * through a global: two sessions in one JVM each see their own.
 *
 * <pre>{@code
 * try (var progress = Host.progress(file)) {
 *     var cap = Rst.open(file, ReadOptions.DEFAULT.withProgress(progress));
 *     progress.finish(cap.toString());
 * }
 * }</pre>
 */
public final class Host {

    /** Progress on standard error, one line rewritten in place; what the REPL and scripts use. */
    public static final ProgressFactory TERMINAL = TerminalProgress::new;

    /** No progress at all, and no live display. */
    public static final ProgressFactory NONE = new ProgressFactory() {
        @Override
        public Progress start(Path file) {
            return new Progress() {
                @Override
                public void update(long packets, long fileBytesRead, long fileSize) {
                }

                @Override
                public void finish(String summary) {
                }
            };
        }

        @Override
        public Display display() {
            return (text, html) -> { };
        }
    };

    private static final InheritableThreadLocal<ProgressFactory> PROGRESS = new InheritableThreadLocal<>();

    private Host() {
    }

    /** The progress of reading {@code file}, shown the way this session's host shows it. */
    public static Progress progress(Path file) {
        ProgressFactory factory = PROGRESS.get();
        return (factory == null ? TERMINAL : factory).start(file);
    }

    /**
     * Shows a live capture while it runs — counts, connections by state, latest resets — in a display
     * updated every second (in place in a notebook, a status line on a terminal), until it ends by
     * its bound or the cell is interrupted (which stops it); returns what it captured.
     */
    public static Capture follow(LiveCapture live) {
        ProgressFactory factory = PROGRESS.get();
        try (Display display = (factory == null ? TERMINAL : factory).display()) {
            while (live.running()) {
                Capture snap = live.snapshot();
                display.show(LiveView.text(live, snap), LiveView.html(live, snap));
                if (!live.source().await(Duration.ofSeconds(1)) && Thread.currentThread().isInterrupted()) {
                    live.close(); // interrupted: stop at once; the cell ends without a value
                    return null;
                }
            }
            Capture snap = live.snapshot();
            display.show(LiveView.text(live, snap), LiveView.html(live, snap));
            return snap;
        }
    }

    /**
     * Shows {@code value} now, in the middle of the cell, the way a cell's result is shown: with the
     * renderers in a notebook (an HTML table, an SVG ladder...), as text in the REPL.
     *
     * <pre>{@code
     * display(resets().groupBy(CAUSE).count());   // shown at once; the cell goes on
     * }</pre>
     */
    public static void display(Object value) {
        host().show(value, null, false);
    }

    /**
     * Shows {@code value} as the display named {@code id}, to be replaced later by
     * {@link #updateDisplay(String, Object)}.
     *
     * <pre>{@code
     * display("starting", "status");
     * for (var f : files) { open(f); updateDisplay("status", current); }
     * }</pre>
     */
    public static void display(Object value, String id) {
        host().show(value, requireId(id), false);
    }

    /** Replaces what the display named {@code id} shows with {@code value} (in the REPL: shows it again). */
    public static void updateDisplay(String id, Object value) {
        host().show(value, requireId(id), true);
    }

    private static String requireId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("display id: expected a non-empty name, got " + (id == null ? "null" : "'" + id + "'"));
        }
        return id;
    }

    private static ProgressFactory host() {
        ProgressFactory factory = PROGRESS.get();
        return factory == null ? TERMINAL : factory;
    }

    static void bind(ProgressFactory factory) {
        PROGRESS.set(factory);
    }

    /** Makes the progress of one read, and the displays a live capture updates. */
    @FunctionalInterface
    public interface ProgressFactory {
        /** The progress of reading {@code file}; nothing is shown until the first update. */
        Progress start(Path file);

        /** A display updated in place; by default the first line of each update on standard error. */
        default Display display() {
            return new TerminalDisplay();
        }

        /**
         * Shows a value mid-cell ({@link Host#display(Object)}): as the display {@code id} when not
         * {@code null}, replacing what it showed when {@code update}. By default its text on standard
         * output.
         */
        default void show(Object value, String id, boolean update) {
            System.out.println(Renderers.standard().render(value, String.valueOf(value)).plain());
        }
    }

    /** Something shown and then replaced in place, as a live capture goes on. */
    @FunctionalInterface
    public interface Display extends AutoCloseable {
        /** Shows this, replacing what was shown before. */
        void show(String text, String html);

        /** Nothing more will be shown; the default does nothing. */
        @Override
        default void close() {
        }
    }

    /** The first line of the text on standard error, rewritten in place; the last one stays. */
    private static final class TerminalDisplay implements Display {
        private final PrintStream err = System.err;
        private int width;

        @Override
        public void show(String text, String html) {
            String line = text.lines().findFirst().orElse("");
            err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
            err.flush();
            width = line.length();
        }

        @Override
        public void close() {
            if (width > 0) {
                err.println();
                err.flush();
            }
        }
    }

    /** The progress of one read: updated while reading, finished with a summary, always closed. */
    public interface Progress extends ReadOptions.Progress, AutoCloseable {
        /** The read ended well: {@code summary} is what was read. */
        void finish(String summary);

        /** The read is over, well or not; the default does nothing. */
        @Override
        default void close() {
        }
    }

    /** A line on standard error, rewritten in place, erased at the end. */
    private static final class TerminalProgress implements Progress {
        private final Path file;
        private final PrintStream err = System.err;
        private int width;

        TerminalProgress(Path file) {
            this.file = file;
        }

        @Override
        public void update(long packets, long fileBytesRead, long fileSize) {
            String line = "reading " + file.getFileName() + ": " + percent(fileBytesRead, fileSize) + " ("
                    + String.format("%,d", packets) + " packets)";
            err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
            err.flush();
            width = line.length();
        }

        @Override
        public void finish(String summary) {
        }

        @Override
        public void close() {
            if (width > 0) {
                err.print("\r" + " ".repeat(width) + "\r");
                err.flush();
                width = 0;
            }
        }
    }

    static String percent(long done, long total) {
        return total <= 0 ? "?" : Math.min(100, done * 100 / total) + "%";
    }
}
