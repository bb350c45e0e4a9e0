package io.rstscope.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Text that fits the terminal: every line longer than the width is wrapped at spaces, its
 * continuation lines indented, so a report reads the same at 80 columns as at 200.
 *
 * <pre>
 * Lines lines = new Lines(out, Lines.terminalWidth());
 * lines.print("resets       6,025", 13);
 * </pre>
 */
final class Lines {

    /** The width when the output is not a terminal and {@code COLUMNS} is not set. */
    static final int DEFAULT_WIDTH = 100;
    private static final int MIN_WIDTH = 40;

    private final PrintStream out;
    private final int width;

    Lines(PrintStream out, int width) {
        this.out = out;
        this.width = Math.max(MIN_WIDTH, width);
    }

    int width() {
        return width;
    }

    /**
     * The width to write for: {@code COLUMNS} when it holds a number (shells set it, and scripts can),
     * else the terminal's own width when standard output is one, else {@value #DEFAULT_WIDTH}.
     */
    static int terminalWidth() {
        String columns = System.getenv("COLUMNS");
        if (columns != null && columns.matches("\\d{1,4}")) {
            return Integer.parseInt(columns);
        }
        if (System.console() != null) {
            try {
                Process p = new ProcessBuilder("stty", "size").redirectInput(new java.io.File("/dev/tty"))
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String size = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (p.waitFor(2, TimeUnit.SECONDS) && size.matches("\\d+ \\d+")) {
                    int cols = Integer.parseInt(size.substring(size.indexOf(' ') + 1));
                    return cols > 0 ? cols : DEFAULT_WIDTH;
                }
            } catch (java.io.IOException e) {
                return DEFAULT_WIDTH;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return DEFAULT_WIDTH;
    }

    /** Prints {@code text}, each of its lines wrapped with {@code indent} spaces before the continuations. */
    void print(String text, int indent) {
        for (String line : text.split("\n", -1)) {
            out.println(wrap(line, indent));
        }
    }

    /** One line wrapped to the width: breaks at the last space that fits, else where the word ends. */
    String wrap(String line, int indent) {
        if (line.length() <= width) {
            return line;
        }
        String pad = " ".repeat(Math.min(indent, width / 2));
        StringBuilder sb = new StringBuilder();
        String rest = line;
        boolean first = true;
        while (true) {
            String head = first ? "" : pad;
            if (head.length() + rest.length() <= width) {
                sb.append(head).append(rest);
                return sb.toString();
            }
            int room = width - head.length();
            int cut = rest.lastIndexOf(' ', room);
            if (cut <= 0) {
                cut = rest.indexOf(' ', room);
                if (cut < 0) {
                    sb.append(head).append(rest);
                    return sb.toString();
                }
            }
            sb.append(head).append(rest, 0, cut).append('\n');
            rest = rest.substring(cut).stripLeading();
            first = false;
        }
    }
}
