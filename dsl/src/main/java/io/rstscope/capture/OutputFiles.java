package io.rstscope.capture;

import io.rstscope.RstscopeException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every file rstscope writes for its user goes through here, so that the promises about the user's
 * files hold for every export:
 *
 * <ul>
 * <li>a file that a capture open in this process reads is never written (after following symbolic
 *     links), whatever the mode;</li>
 * <li>an existing file is replaced only with {@link WriteMode#REPLACE};</li>
 * <li>the content is written to a temporary file in the target's directory and moved into place only
 *     when complete, so a failed write leaves neither half a file nor the temporary one.</li>
 * </ul>
 *
 * <pre>{@code
 * OutputFiles.write(Path.of("out.csv"), WriteMode.CREATE, "toCsv", out -> out.write(bytes));
 * }</pre>
 *
 * <p>Captures are registered when they are read ({@link CaptureReader#read}) and stay registered while
 * what was read from them is reachable: the registry holds them weakly.
 */
public final class OutputFiles {

    /** What writes the content: the stream is buffered, and closed by the caller. */
    @FunctionalInterface
    public interface Content {
        /** Writes the whole content to {@code out}. */
        void writeTo(OutputStream out) throws IOException;
    }

    private record Open(Path realPath, Path asOpened, WeakReference<Object> holder) {
    }

    private static final List<Open> OPEN = new ArrayList<>();

    private OutputFiles() {
    }

    /**
     * Records that {@code file} is read by a capture while {@code holder} (what was read from it) is
     * reachable: {@code OutputFiles.opened(Path.of("in.pcap"), data)}.
     */
    public static void opened(Path file, Object holder) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            return; // not a file any more: nothing to protect
        }
        synchronized (OPEN) {
            prune();
            OPEN.add(new Open(real, file, new WeakReference<>(holder)));
        }
    }

    /**
     * Writes a file for the user: refuses a file an open capture reads and, unless {@code mode} is
     * {@link WriteMode#REPLACE}, an existing file; writes to a temporary file beside the target and
     * moves it into place when complete. {@code call} names the method the user called, for the
     * message that says how to replace ({@code toPcap}). Returns {@code target}.
     */
    public static Path write(Path target, WriteMode mode, String call, Content content) {
        Path absolute = target.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new RstscopeException(target + ": cannot be written: the directory " + parent + " does not exist");
        }
        if (Files.isDirectory(absolute)) {
            throw new RstscopeException(target + ": cannot be written: it is a directory");
        }
        Path real = realPath(absolute);
        Open reading = openAt(real);
        if (reading != null) {
            throw new RstscopeException(target + ": not written: it is the file the open capture " + reading.asOpened()
                    + " reads" + (real.equals(absolute) ? "" : " (through a link to " + real + ")")
                    + "; write to another file");
        }
        boolean replace = mode == WriteMode.REPLACE;
        if (!replace && Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            throw new RstscopeException(target + ": already exists; rstscope replaces a file only when asked: "
                    + call + "(\"" + target + "\", REPLACE)");
        }
        Path temp = parent.resolve("." + absolute.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".part");
        boolean moved = false;
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), 1 << 16)) {
                content.writeTo(out);
            }
            if (replace) {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // Files.move without REPLACE_EXISTING refuses a file that appeared meanwhile.
                Files.move(temp, absolute);
            }
            moved = true;
            return target;
        } catch (FileAlreadyExistsException e) {
            throw new RstscopeException(target + ": already exists; rstscope replaces a file only when asked: "
                    + call + "(\"" + target + "\", REPLACE)");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new RstscopeException(target + ": cannot be written: " + reason(e), e);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: the write itself already failed and says why
                }
            }
        }
    }

    /** The target with every symbolic link resolved; for a file that does not exist yet, its directory's. */
    private static Path realPath(Path absolute) {
        try {
            return absolute.toRealPath();
        } catch (IOException e) {
            try {
                // A link that leads nowhere is written through: protect where it leads.
                Path p = absolute;
                for (int hops = 0; hops < 40 && Files.isSymbolicLink(p); hops++) {
                    p = p.getParent().resolve(Files.readSymbolicLink(p)).toAbsolutePath().normalize();
                }
                Path parent = p.getParent();
                return parent.toRealPath().resolve(p.getFileName());
            } catch (IOException e2) {
                return absolute;
            }
        }
    }

    private static Open openAt(Path real) {
        synchronized (OPEN) {
            prune();
            for (Open o : OPEN) {
                if (o.realPath().equals(real)) {
                    return o;
                }
            }
        }
        return null;
    }

    private static void prune() {
        for (Iterator<Open> it = OPEN.iterator(); it.hasNext(); ) {
            if (it.next().holder().get() == null) {
                it.remove();
            }
        }
    }

    /** An I/O failure in words: its message, or what its class means when it has none. */
    static String reason(Exception e) {
        Throwable t = e instanceof java.io.UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        String m = t.getMessage();
        String name = t.getClass().getSimpleName();
        if (t instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (t instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (m == null || m.isBlank()) {
            return words(name);
        }
        return m;
    }

    /** {@code EOFException} as "end of file", {@code ZipException} as "zip"... for an exception without a message. */
    static String words(String exceptionName) {
        String n = exceptionName.replaceAll("(Exception|Error)$", "");
        if (n.equals("EOF")) {
            return "unexpected end of file";
        }
        return n.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }
}
