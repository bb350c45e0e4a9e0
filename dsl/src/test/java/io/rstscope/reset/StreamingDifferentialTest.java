package io.rstscope.reset;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.capture.CaptureFormatException;
import io.rstscope.capture.Fixtures;
import io.rstscope.capture.ReadOptions;
import io.rstscope.capture.SharedCaptures;
import io.rstscope.flow.ConnState;
import io.rstscope.flow.TrackedCapture;
import io.rstscope.query.TableFormats;
import io.rstscope.store.FlowTables;
import io.rstscope.store.ResetTables;
import io.rstscope.teach.Scenario;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming pass gives the answers of the batch analysis it replaced (which read every packet into
 * columns, then replayed each connection holding an RST): the same flows table and the same reset rows,
 * every column, on every fixture, every teaching scenario, the recorded real-kernel captures and every
 * shared capture. The batch analysis's answers were written, before it was removed, as gzip CSV under
 * {@code src/test/resources/golden} (one file per capture); {@code -Drstscope.golden.write=true} writes
 * them again from the streaming pass, for a deliberate change of the rules. The bounded read that
 * {@code summary} and {@code explain} make (two passes, the second over the tuples with RSTs alone) gives
 * the same reset rows, and so does the read of every packet once that {@code summary} makes of a small
 * capture, but for the connection's place in the capture, which that read leaves out.
 */
class StreamingDifferentialTest {

    @TempDir
    static Path tmp;

    /** One thread, and the connections shared among two and three (an odd count splits the hash unevenly). */
    static final int[] THREADS = {1, 2, 3};

    @TestFactory
    Stream<DynamicTest> should_give_the_batch_flows_and_resets_when_streaming_each_capture() {
        return captures(tmp).flatMap(c -> IntStream.of(THREADS).mapToObj(n ->
                DynamicTest.dynamicTest(c.golden() + " on " + n + " threads", () -> check(c, n))));
    }

    /** A capture and the name of its golden file. */
    record Named(Path file, String golden) {
    }

    /** Every fixture, every teaching scenario (written into {@code dir}) and every shared capture. */
    static Stream<Named> captures(Path dir) {
        Path fixtures = Fixtures.capture("README.md").getParent();
        Path shared = SharedCaptures.root();
        Stream<Named> scenarios = Stream.of(Scenario.values()).map(s -> {
            Path file = dir.resolve(s.fileName());
            s.write(file);
            return new Named(file, "scenarios/" + s.fileName());
        });
        return Stream.of(files(fixtures).stream().map(f -> new Named(f, "fixtures/" + relative(fixtures, f))),
                scenarios, SharedCaptures.all().stream().map(f -> new Named(f, "shared/" + relative(shared, f))))
                .flatMap(s -> s);
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
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

    private static void check(Named c, int threads) throws IOException {
        ResetStream.Result stream;
        try {
            stream = ResetStream.read(c.file(), ReadOptions.DEFAULT.withoutPackets().withThreads(threads),
                    ResetOptions.DEFAULT);
        } catch (CaptureFormatException e) {
            return; // not a capture at all: the reader's tests cover the message
        }
        String streamed = csv(stream.capture(), stream.resets());
        Path golden = GOLDEN.resolve(c.golden() + ".csv.gz");
        if (Boolean.getBoolean("rstscope.golden.write") && threads == 1) {
            Files.createDirectories(golden.getParent());
            try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(golden)), UTF_8)) {
                w.write(streamed);
            }
        }

        try (InputStream in = new GZIPInputStream(Files.newInputStream(golden))) {
            assertThat(streamed).as("golden %s", golden).isEqualTo(new String(in.readAllBytes(), UTF_8));
        }
        bounded(c, threads, stream);
        once(c, threads, stream);
    }

    /**
     * The bounded read (summary's and explain's: a first pass for the hosts and the tuples with RSTs, a
     * second that follows only those tuples' connections, each row handed on as judged) gives the same
     * reset rows, every column, and the same connection counts.
     */
    private static void bounded(Named c, int threads, ResetStream.Result kept) {
        List<ResetRow> rows = new ArrayList<>();
        ResetStream.Result r = ResetStream.read(c.file(), ReadOptions.DEFAULT.withoutPackets().withThreads(threads),
                ResetOptions.DEFAULT, rows::add);
        rows.sort(Comparator.comparingLong(ResetRow::frame));
        StringBuilder expected = new StringBuilder();
        StringBuilder got = new StringBuilder();
        TableFormats.csv(ResetTables.resets(kept.resets()), expected);
        TableFormats.csv(ResetTables.resets(rows), got);
        assertThat(got.toString()).as("bounded read of %s", c.golden()).isEqualTo(expected.toString());
        assertThat(r.capture().flows().size()).isEqualTo(kept.capture().flows().size());
        for (ConnState s : ConnState.values()) {
            assertThat(r.capture().flows().count(s)).as(s.name()).isEqualTo(kept.capture().flows().count(s));
        }
        assertThat(r.capture().data().stats().packets()).isEqualTo(kept.capture().data().stats().packets());
        assertThat(r.capture().data().stats().rstPackets()).isEqualTo(kept.capture().data().stats().rstPackets());
    }

    /**
     * The read of every packet once that {@code summary} makes of a small capture ({@link ResetStream#readOnce})
     * gives the same reset rows, every column but the connection's place in the capture (its row and uid,
     * left out), and the same connection counts.
     */
    private static void once(Named c, int threads, ResetStream.Result kept) {
        record Handed(ResetRow row, long connection) {
        }
        List<Handed> handed = new ArrayList<>();
        ResetStream.Result r = ResetStream.readOnce(c.file(), ReadOptions.DEFAULT.withThreads(threads),
                ResetOptions.DEFAULT, (row, first) -> handed.add(new Handed(row, first)));
        handed.sort(Comparator.comparingLong(h -> h.row().frame()));
        List<ResetRow> rows = handed.stream().map(Handed::row).toList();
        // Each row comes with its connection's first frame: one for each connection, as the open's rows say.
        assertThat(handed).hasSameSizeAs(kept.resets());
        Map<Long, Integer> flowOfFirst = new HashMap<>();
        Map<Integer, Long> firstOfFlow = new HashMap<>();
        for (int i = 0; i < handed.size(); i++) {
            long first = handed.get(i).connection();
            int flow = kept.resets().get(i).flow();
            assertThat(first).as("first frame of the connection of frame %d", handed.get(i).row().frame())
                    .isLessThanOrEqualTo(handed.get(i).row().frame());
            assertThat(flowOfFirst.computeIfAbsent(first, k -> flow)).as("connection of first frame %d", first)
                    .isEqualTo(flow);
            assertThat(firstOfFlow.computeIfAbsent(flow, k -> first)).as("first frame of row %d", flow)
                    .isEqualTo(first);
        }
        StringBuilder expected = new StringBuilder();
        StringBuilder got = new StringBuilder();
        TableFormats.csv(ResetTables.resets(kept.resets().stream().map(k -> k.withConnection(-1, null)).toList()),
                expected);
        TableFormats.csv(ResetTables.resets(rows), got);
        assertThat(got.toString()).as("one read of %s", c.golden()).isEqualTo(expected.toString());
        assertThat(rows).allSatisfy(row -> assertThat(row.flow()).isEqualTo(-1));
        assertThat(r.capture().flows().size()).isEqualTo(kept.capture().flows().size());
        for (ConnState s : ConnState.values()) {
            assertThat(r.capture().flows().count(s)).as(s.name()).isEqualTo(kept.capture().flows().count(s));
        }
        assertThat(r.capture().data().stats().packets()).isEqualTo(kept.capture().data().stats().packets());
        assertThat(r.capture().data().stats().rstPackets()).isEqualTo(kept.capture().data().stats().rstPackets());
        assertThat(r.resets()).isEmpty();
    }

    /** The golden files, in the source tree so that {@code -Drstscope.golden.write=true} can write them. */
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

    private static String csv(TrackedCapture cap, List<ResetRow> rows) {
        StringBuilder sb = new StringBuilder();
        TableFormats.csv(FlowTables.flows(cap.flows(), rows), sb);
        TableFormats.csv(ResetTables.resets(rows), sb);
        return sb.toString();
    }
}
