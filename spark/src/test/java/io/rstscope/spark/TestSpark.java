package io.rstscope.spark;

import io.rstscope.capture.CaptureReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/** The one SparkSession of the test JVM (local[2], few shuffle partitions, no UI), and the test captures. */
final class TestSpark {

    private static SparkSession spark;

    private TestSpark() {
    }

    static synchronized SparkSession session() {
        if (spark == null) {
            spark = SparkSession.builder().master("local[2]").appName("rstscope-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.default.parallelism", "2")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
        }
        return spark;
    }

    /** The checkout's root folder. */
    static Path root() {
        return Path.of(System.getProperty("rstscope.root", "..")).toAbsolutePath().normalize();
    }

    /**
     * The shared corpus's captures (public and zeek, beside the checkout: missing is a failure) and the
     * teaching captures of {@code lessons/}, sorted.
     */
    static List<Path> captures() {
        Path shared = root().resolveSibling("shared").resolve("captures");
        if (!Files.isDirectory(shared)) {
            throw new IllegalStateException("the shared capture corpus is missing: expected " + shared);
        }
        List<Path> out = new ArrayList<>();
        for (Path dir : List.of(shared.resolve("public"), shared.resolve("zeek"), root().resolve("lessons"))) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(CaptureReader::isCapture).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /**
     * The real-kernel recordings the library's tests keep (one folder per scenario: endpoints, iptables
     * and nftables rejects, conntrack, two injectors), sorted.
     */
    static List<Path> kernelCaptures() {
        Path dir = root().resolve("dsl/src/test/resources/captures/kernel");
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> out = s.filter(Files::isRegularFile).filter(CaptureReader::isCapture).sorted().toList();
            if (out.size() < 50) {
                throw new IllegalStateException("expected the kernel recordings in " + dir + ", found " + out.size());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each row of a Tablesaw table as its boxed values, null where missing. */
    static List<List<Object>> rows(tech.tablesaw.api.Table t) {
        List<List<Object>> out = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            List<Object> v = new ArrayList<>();
            for (int c = 0; c < t.columnCount(); c++) {
                v.add(t.column(c).isMissing(i) ? null : t.column(c).get(i));
            }
            out.add(v);
        }
        return out;
    }
}
