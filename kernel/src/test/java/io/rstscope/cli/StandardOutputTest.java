package io.rstscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StandardOutputTest {

    /** Takes {@code room} bytes, then fails every write with {@code message}, counting the writes tried. */
    private static final class Failing extends OutputStream {
        final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        final String message;
        int room;
        int tried;

        Failing(int room, String message) {
            this.room = room;
            this.message = message;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            tried++;
            if (len > room) {
                throw new IOException(message);
            }
            taken.write(b, off, len);
            room -= len;
        }
    }

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void should_pass_everything_through_and_keep_the_status_when_every_write_succeeds() {
        Failing sink = new Failing(1 << 20, "unused");
        StandardOutput stdout = new StandardOutput(sink);
        stdout.printStream().println("first line");
        stdout.printStream().print("no newline yet");
        assertThat(stdout.finish("summary", err, 0)).isZero();
        assertThat(sink.taken.toString(StandardCharsets.UTF_8)).isEqualTo("first line\nno newline yet");
        assertThat(err()).isEmpty();
        assertThat(stdout.finish("summary", err, 1)).isEqualTo(1);
    }

    @Test
    void should_exit_2_naming_the_error_when_the_disk_is_full_and_stop_writing_after_it() {
        Failing sink = new Failing(10, "No space left on device");
        StandardOutput stdout = new StandardOutput(sink);
        stdout.printStream().println("12345");
        for (int i = 0; i < 100; i++) {
            stdout.printStream().println("a line that does not fit");
        }
        assertThat(stdout.finish("explain", err, 0)).isEqualTo(2);
        assertThat(err()).isEqualTo("rstscope explain: standard output: cannot be written: No space left on device\n");
        assertThat(sink.taken.toString(StandardCharsets.UTF_8)).isEqualTo("12345\n");
        assertThat(sink.tried).as("writes tried: the first failure ends them").isEqualTo(2);
    }

    @Test
    void should_keep_a_failed_commands_own_status() {
        StandardOutput stdout = new StandardOutput(new Failing(0, "Input/output error"));
        stdout.printStream().println("x");
        assertThat(stdout.finish("query", err, 1)).isEqualTo(1);
        assertThat(err()).isEqualTo("rstscope query: standard output: cannot be written: Input/output error\n");
    }

    @Test
    void should_end_quietly_with_the_commands_status_when_the_reader_left() {
        StandardOutput stdout = new StandardOutput(new Failing(3, "Broken pipe"));
        stdout.printStream().println("more than three bytes");
        assertThat(stdout.finish("explain", err, 0)).isZero();
        assertThat(err()).isEmpty();
    }
}
