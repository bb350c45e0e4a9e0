package io.rstscope.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The public corpus in {@code ../shared/captures} beside the checkout (CI always has it). Tests that
 * need it fail when it is missing rather than pass silently.
 */
public final class SharedCaptures {

    private SharedCaptures() {
    }

    /** The {@code shared/captures} folder. */
    public static Path root() {
        String top = System.getProperty("rstscope.root", "..");
        Path p = Path.of(top).toAbsolutePath().normalize().resolveSibling("shared").resolve("captures");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("the shared capture corpus is missing: expected " + p);
        }
        return p;
    }

    /** Every capture file in every folder under {@link #root()}, sorted. */
    public static List<Path> all() {
        try (Stream<Path> s = Files.walk(root())) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().endsWith(".md"))
                    .filter(f -> !f.getFileName().toString().endsWith(".tsv"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One file of the public folder by name. */
    public static Path publicFile(String name) {
        return root().resolve("public").resolve(name);
    }
}
