package io.rstscope.reset;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.capture.CaptureFormatException;
import io.rstscope.capture.DecodedPacket;
import io.rstscope.capture.PacketColumns;
import io.rstscope.capture.ReadOptions;
import io.rstscope.capture.SharedCaptures;
import io.rstscope.flow.TrackedCapture;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every RST of every shared capture gets exactly one explained row, whatever the capture holds. */
class ResetCorpusTest {

    @TestFactory
    Stream<DynamicTest> should_explain_every_rst_once_when_analysing_each_shared_capture() {
        return SharedCaptures.all().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path file) {
        ResetStream.Result read;
        try {
            read = ResetStream.read(file, ReadOptions.DEFAULT, ResetOptions.DEFAULT);
        } catch (CaptureFormatException e) {
            return; // not a capture at all: the reader's tests cover the message
        }
        TrackedCapture cap = read.capture();
        PacketColumns p = cap.data().packets();
        long rsts = 0;
        for (int i = 0; i < p.size(); i++) {
            rsts += (p.flags(i) & DecodedPacket.RST) != 0 ? 1 : 0;
        }

        List<ResetRow> rows = read.resets();

        assertThat(rows).hasSize((int) rsts);
        assertThat(rows).extracting(ResetRow::frame).doesNotHaveDuplicates().isSorted();
        for (ResetRow r : rows) {
            assertThat(r.cause()).as("cause of frame %d", r.frame()).isNotNull();
            if (r.verdict() == Verdict.FORGED) {
                assertThat(r.origin()).as("origin of the forged reset at frame %d", r.frame()).isEqualTo(Origin.MIDDLEBOX);
            }
            if (r.origin() == Origin.MIDDLEBOX) {
                assertThat(r.verdict()).as("verdict of the middlebox's reset at frame %d", r.frame()).isNotEqualTo(Verdict.GENUINE);
            }
            assertThat(r.evidence()).as("evidence of frame %d", r.frame()).isNotEmpty();
        }
    }
}
