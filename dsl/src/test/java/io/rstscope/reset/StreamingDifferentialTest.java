package io.rstscope.reset;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.capture.CaptureFormatException;
import io.rstscope.capture.Fixtures;
import io.rstscope.capture.ReadOptions;
import io.rstscope.capture.SharedCaptures;
import io.rstscope.flow.FlowTracker;
import io.rstscope.flow.TrackedCapture;
import io.rstscope.query.TableFormats;
import io.rstscope.store.FlowTables;
import io.rstscope.store.ResetTables;
import io.rstscope.teach.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming pass gives the batch analysis's answers: the same flows table and the same reset rows
 * (every column) on every fixture, every teaching scenario, the recorded real-kernel captures and every
 * shared capture.
 */
class StreamingDifferentialTest {

    @TempDir
    static Path tmp;

    @TestFactory
    Stream<DynamicTest> should_give_the_batch_flows_and_resets_when_streaming_each_capture() {
        return captures().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    static Stream<Path> captures() {
        Path fixtures = Fixtures.capture("README.md").getParent();
        Stream<Path> scenarios = Stream.of(Scenario.values()).map(s -> {
            Path file = tmp.resolve(s.fileName());
            s.write(file);
            return file;
        });
        return Stream.of(files(fixtures).stream(), scenarios, SharedCaptures.all().stream()).flatMap(s -> s);
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().endsWith(".md"))
                    .filter(f -> !f.getFileName().toString().endsWith(".tsv"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void check(Path file) {
        TrackedCapture batch;
        try {
            batch = FlowTracker.read(file, ReadOptions.DEFAULT);
        } catch (CaptureFormatException e) {
            return; // not a capture at all: the reader's tests cover the message
        }
        List<ResetRow> batchRows = ResetAnalysis.analyze(batch, ResetOptions.DEFAULT);

        ResetStream.Result stream = ResetStream.read(file, ReadOptions.DEFAULT.withoutPackets(), ResetOptions.DEFAULT);

        assertThat(csv(stream.capture(), stream.resets())).isEqualTo(csv(batch, batchRows));
        assertThat(stream.resets()).isEqualTo(batchRows);
    }

    static String csv(TrackedCapture cap, List<ResetRow> rows) {
        StringBuilder sb = new StringBuilder();
        TableFormats.csv(FlowTables.flows(cap.flows(), rows), sb);
        TableFormats.csv(ResetTables.resets(rows), sb);
        return sb.toString();
    }
}
