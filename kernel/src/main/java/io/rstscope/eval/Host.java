package io.rstscope.eval;

import io.rstscope.capture.ReadOptions;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What the startup script asks of the program hosting the session — today, how a long
 * {@code open(..)} shows its progress: a line on the terminal in the REPL, a display updated in place
 * in a notebook.
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

    /** No progress at all. */
    public static final ProgressFactory NONE = file -> new Progress() {
        @Override
        public void update(long packets, long fileBytesRead, long fileSize) {
        }

        @Override
        public void finish(String summary) {
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

    static void bind(ProgressFactory factory) {
        PROGRESS.set(factory);
    }

    /** Makes the progress of one read. */
    @FunctionalInterface
    public interface ProgressFactory {
        /** The progress of reading {@code file}; nothing is shown until the first update. */
        Progress start(Path file);
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
