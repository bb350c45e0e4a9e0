package io.rstscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchGcLogTest {

    @TempDir
    Path dir;

    @Test
    void thePeakHeapIsTheMostInUseBeforeAnyCollectionAndTheRetainedHeapTheMostStillInUseAfterOne() throws Exception {
        Path log = Files.writeString(dir.resolve("gc.log"), String.join("\n",
                "[0.010s][info][gc] Using Parallel",
                "[8.508s][info][gc] GC(8) Pause Young (Allocation Failure) 187M->76M(376M) 20.387ms",
                "[9.015s][info][gc] GC(9) Pause Full (Ergonomics) 339M->268M(491M) 6.972ms",
                "[9.515s][info][gc] GC(10) Pause Young (Allocation Failure) 295M->280M(392M) 6.972ms", ""));
        assertThat(BenchCommand.peakHeapMb(log)).isEqualTo(339);
        assertThat(BenchCommand.retainedHeapMb(log)).isEqualTo(280);
        Path empty = Files.writeString(dir.resolve("empty.log"), "");
        assertThat(BenchCommand.peakHeapMb(empty)).isZero();
        assertThat(BenchCommand.retainedHeapMb(empty)).isZero();
    }
}
