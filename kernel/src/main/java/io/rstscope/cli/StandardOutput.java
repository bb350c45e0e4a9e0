package io.rstscope.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * A command's standard output, remembering the first error its writes met: a {@link PrintStream} only
 * tells that one happened ({@link PrintStream#checkError()}), and {@code System.out} tells no one. A
 * command whose output a full disk cut short ({@code rstscope explain --format json trace.pcap > out.json})
 * then ends with a line saying so and status 2, as GNU's tools do ({@code seq 1 1000000 > /dev/full}:
 * "write error: No space left on device"), instead of exiting 0 beside a truncated file. One whose reader
 * left ({@code rstscope explain trace.pcap | head}) ends quietly, as a tool that SIGPIPE ends does.
 *
 * <pre>{@code
 * StandardOutput stdout = new StandardOutput(new FileOutputStream(FileDescriptor.out));
 * int status = Main.run(args, stdout.printStream(), System.err);
 * status = stdout.finish("explain", System.err, status);
 * }</pre>
 */
final class StandardOutput extends FilterOutputStream {

    private final PrintStream printStream;
    private IOException failure;

    /** Writes to {@code out} (the process's standard output in {@link Main#main}). */
    StandardOutput(OutputStream out) {
        super(out);
        // As System.out is made: flushed at each line, in the terminal's or the platform's charset.
        this.printStream = new PrintStream(this, true, charset());
    }

    /** The process's standard output. */
    static StandardOutput ofProcess() {
        return new StandardOutput(new FileOutputStream(FileDescriptor.out));
    }

    private static Charset charset() {
        String name = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding"));
        try {
            return name != null ? Charset.forName(name) : Charset.defaultCharset();
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }

    /** The stream the command prints to. */
    PrintStream printStream() {
        return printStream;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (failure != null) {
            throw failure; // written past the failure, the rest would be lost too: not tried again
        }
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public void flush() throws IOException {
        if (failure != null) {
            throw failure;
        }
        try {
            out.flush();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    /**
     * Flushes what is left; when a write failed for any reason but the reader leaving, tells {@code err}
     * why ({@code rstscope explain: standard output: cannot be written: No space left on device}) and
     * returns 2 in place of a {@code status} of 0. Else returns {@code status}.
     */
    int finish(String command, PrintStream err, int status) {
        printStream.flush();
        if (failure == null || "Broken pipe".equals(failure.getMessage())) {
            return status;
        }
        err.println("rstscope " + command + ": standard output: cannot be written: " + failure.getMessage());
        return status == 0 ? 2 : status;
    }
}
