package io.rstscope.capture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rstscope.RstscopeException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A read that runs out of heap ends with one line naming the file, the heap and what to do, not a stack trace. */
class OutOfMemoryTest {

    @Test
    void should_name_file_heap_and_remedy_when_the_heap_runs_out_during_a_read() {
        Path file = Fixtures.capture("syn-then-rst.pcap");
        PacketSink exhausting = p -> {
            throw new OutOfMemoryError("Java heap space");
        };
        long mb = Runtime.getRuntime().maxMemory() >> 20;
        long g = Math.max(1, 4 * mb / 1024);

        assertThatThrownBy(() -> CaptureReader.read(file, ReadOptions.DEFAULT, exhausting))
                .isExactlyInstanceOf(RstscopeException.class)
                .hasMessage(file + ": out of memory: the Java heap (at most " + mb + " MB) cannot hold what this needs;"
                        + " give the JVM more (-Xmx" + g + "g, or RSTSCOPE_JAVA_OPTS=-Xmx" + g + "g for the rstscope"
                        + " command) or keep no packets (ReadOptions.DEFAULT.withoutPackets(); rstscope summary and"
                        + " explain keep none)");
    }
}
