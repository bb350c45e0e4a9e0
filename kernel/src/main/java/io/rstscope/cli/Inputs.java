package io.rstscope.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The capture files named on a command line: a file stands for itself; a directory for the capture
 * files inside it and its subdirectories ({@code *.pcap}, {@code *.pcapng}, {@code *.cap}, each also
 * {@code .gz}), sorted by path, other files skipped — as {@code mergecap dir/*.pcap} would take
 * them, without the shell's help.
 *
 * <pre>
 * List&lt;Path&gt; files = Inputs.expand(List.of("lessons/", "extra.pcapng"));
 * </pre>
 */
final class Inputs {

    /** What a directory's capture files are called, as said in the usage texts. */
    static final String PATTERNS = "*.pcap, *.pcapng, *.cap, and those ending .gz";

    private Inputs() {
    }

    /** The files the arguments stand for, in order; a directory holding no capture file is an error. */
    static List<Path> expand(List<String> args) {
        return expand(args, false);
    }

    /**
     * As {@link #expand(List)}; with {@code outputs}, a directory written by {@code rstscope spark --out}
     * (it holds {@code flows/} and {@code resets/}) stands for itself, as {@code open} takes it.
     */
    static List<Path> expand(List<String> args, boolean outputs) {
        List<Path> files = new ArrayList<>();
        for (String a : args) {
            Path p = Path.of(a);
            if (!Files.isDirectory(p) || outputs && Files.isDirectory(p.resolve("flows"))
                    && Files.isDirectory(p.resolve("resets"))) {
                files.add(p);
                continue;
            }
            List<Path> inside;
            try (Stream<Path> walk = Files.walk(p)) {
                inside = walk.filter(Files::isRegularFile).filter(Inputs::isCapture).sorted().toList();
            } catch (IOException | UncheckedIOException e) {
                throw new Args.Usage(a + ": the directory cannot be read: " + e.getMessage());
            }
            if (inside.isEmpty()) {
                throw new Args.Usage(a + ": a directory with no capture file (" + PATTERNS + ")");
            }
            files.addAll(inside);
        }
        return files;
    }

    static boolean isCapture(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        return name.endsWith(".pcap") || name.endsWith(".pcapng") || name.endsWith(".cap");
    }
}
