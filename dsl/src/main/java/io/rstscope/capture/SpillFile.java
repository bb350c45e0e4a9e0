package io.rstscope.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A temporary file for what spills off the heap, deleted as soon as it is opened: its channel (and
 * any mapping of it) keeps it, nothing is left behind even if the JVM dies, and its space is freed when
 * the channel is closed. Opened in {@code java.io.tmpdir}; when that is full or read-only, there is none
 * and the caller keeps its data on the heap.
 *
 * <pre>{@code
 * FileChannel spill = SpillFile.open("rstscope-packets-");
 * if (spill == null) {
 *     // keep it on the heap
 * }
 * ...
 * SpillFile.close(spill);
 * }</pre>
 */
public final class SpillFile {

    private SpillFile() {
    }

    /** A new temporary file, already deleted, open for reading and writing; null when none can be made. */
    public static FileChannel open(String prefix) {
        Path file = null;
        FileChannel channel = null;
        try {
            file = Files.createTempFile(prefix, ".bin");
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Files.delete(file);
            return channel;
        } catch (IOException | UncheckedIOException | SecurityException e) {
            close(channel);
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // it was never used
                }
            }
            return null;
        }
    }

    /** Closes {@code channel} (may be null), freeing the file's space once no mapping holds it. */
    public static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more is read from it through the channel; mappings stay valid
            }
        }
    }
}
