package io.rstscope.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.apache.spark.sql.functions.col;

import io.rstscope.Capture;
import io.rstscope.Rst;
import io.rstscope.RstscopeException;
import io.rstscope.capture.WriteMode;
import io.rstscope.store.FlowField;
import io.rstscope.store.PacketField;
import io.rstscope.store.PacketTables;
import io.rstscope.store.ResetField;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class SparkAnalysisTest {

    private final SparkSession spark = TestSpark.session();

    @Test
    void should_give_the_local_flows_and_resets_row_for_row_when_run_on_every_shared_lesson_and_kernel_capture() {
        Map<String, Capture> local = new HashMap<>();
        List<Path> all = new ArrayList<>(TestSpark.captures());
        all.addAll(TestSpark.kernelCaptures());
        for (Path p : all) {
            try {
                local.put(p.toString(), Rst.open(p));
            } catch (RstscopeException notACapture) {
                // A file one machine refuses (a broken header) is not compared.
            }
        }
        assertThat(local).hasSizeGreaterThan(120);
        Dataset<Row> packets = spark.read().format("pcap").option("sensorFrom", "path")
                .load(local.keySet().toArray(String[]::new));
        SparkAnalysis.Result r = SparkAnalysis.analyze(packets);
        Map<String, List<List<Object>>> flows = bySensor(r.flows(), FlowField.values().length);
        Map<String, List<List<Object>>> resets = bySensor(r.resets(), ResetField.values().length);
        r.release();
        int compared = 0;
        long resetRows = 0;
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, Capture> e : new java.util.TreeMap<>(local).entrySet()) {
            Capture cap = e.getValue();
            difference("flows", e.getKey(), cap.flowTable(), flows.getOrDefault(e.getKey(), List.of()), differences);
            difference("resets", e.getKey(), cap.resetTable(), resets.getOrDefault(e.getKey(), List.of()), differences);
            compared += cap.flowColumns().size();
            resetRows += cap.resetRows().size();
        }
        assertThat(differences).isEmpty();
        assertThat(compared).isGreaterThan(1000);
        assertThat(resetRows).isGreaterThan(100);
    }

    @Test
    void should_give_the_whole_files_rows_when_the_capture_is_cut_into_rotated_pieces(@TempDir Path dir) throws Exception {
        Path whole = TestSpark.root().resolveSibling("shared").resolve("captures").resolve("public")
                .resolve("nDPI__1kxun.pcap");
        int perPiece = 300;
        Path pieces = Files.createDirectory(dir.resolve("sensor-a"));
        Process editcap = new ProcessBuilder("editcap", "-c", Integer.toString(perPiece), whole.toString(),
                pieces.resolve("trace.pcap").toString()).redirectErrorStream(true).start();
        assertThat(editcap.waitFor()).as(new String(editcap.getInputStream().readAllBytes())).isZero();
        List<Path> files;
        try (Stream<Path> s = Files.list(pieces)) {
            files = s.sorted(Comparator.comparing(Path::toString)).toList();
        }
        assertThat(files).hasSizeGreaterThan(3);

        Capture cap = Rst.open(whole);
        SparkAnalysis.Result r = SparkAnalysis.analyze(spark.read().format("pcap").load(pieces.toString()));
        List<Row> flows = r.flows().collectAsList();
        List<Row> resets = r.resets().collectAsList();
        r.release();

        assertThat(flows).extracting(row -> row.getString(row.fieldIndex("sensor"))).containsOnly("sensor-a");
        assertThat(flows.stream().map(row -> values(row, FlowField.values().length)).toList())
                .containsExactlyInAnyOrderElementsOf(TestSpark.rows(cap.flowTable()));
        // A reset's frame is its number in its piece: the piece's place gives its number in the whole file.
        List<List<Object>> renumbered = new ArrayList<>();
        for (Row row : resets) {
            List<Object> v = values(row, ResetField.values().length);
            int piece = files.indexOf(Path.of(row.getString(row.fieldIndex("file"))));
            assertThat(piece).isNotNegative();
            v.set(ResetField.FRAME.ordinal(), (Integer) v.get(ResetField.FRAME.ordinal()) + piece * perPiece);
            renumbered.add(v);
        }
        assertThat(renumbered).isNotEmpty().containsExactlyInAnyOrderElementsOf(TestSpark.rows(cap.resetTable()));
    }

    @Test
    void should_write_parquet_by_day_and_the_conn_log_one_machine_writes(@TempDir Path dir) throws IOException {
        Path capture = TestSpark.root().resolve("lessons").resolve("closed-port.pcap");
        Capture cap = Rst.open(capture);
        SparkAnalysis.Result r = SparkAnalysis.analyze(spark.read().format("pcap").load(capture.toString()));
        SparkAnalysis.write(r, dir.resolve("out").toString());
        r.release();

        Dataset<Row> flows = spark.read().parquet(dir.resolve("out/flows").toString());
        assertThat(flows.columns()).startsWith(java.util.Arrays.stream(FlowField.values()).map(FlowField::column)
                .toArray(String[]::new)).endsWith("sensor", "day");
        assertThat(flows.count()).isEqualTo(cap.flowColumns().size());
        assertThat(spark.read().parquet(dir.resolve("out/resets").toString()).where(col("cause").isNotNull()).count())
                .isEqualTo(cap.resetRows().size());

        Path local = dir.resolve("local-conn.log");
        cap.flows().toZeekLog(local.toString(), WriteMode.CREATE);
        List<Path> logs;
        try (Stream<Path> s = Files.walk(dir.resolve("out/conn"))) {
            logs = s.filter(p -> p.getFileName().toString().equals("conn.log")).toList();
        }
        assertThat(logs).hasSize(1);
        assertThat(logs.get(0).getParent().getFileName().toString()).matches("day=\\d{4}-\\d\\d-\\d\\d");
        assertThat(withoutStamps(logs.get(0))).isEqualTo(withoutStamps(local));
    }

    @Test
    void should_write_every_packet_with_the_packets_table_columns_when_asked(@TempDir Path dir) {
        Path shared = TestSpark.root().resolveSibling("shared").resolve("captures").resolve("public");
        List<Path> captures = List.of(TestSpark.root().resolve("lessons").resolve("closed-port.pcap"),
                shared.resolve("arkime__v6.pcap"), shared.resolve("nDPI__sites.pcapng"), shared.resolve("nDPI__reddit.pcap"));
        SparkAnalysis.Result r = SparkAnalysis.analyze(spark.read().format("pcap").option("sensorFrom", "path")
                .load(captures.stream().map(Path::toString).toArray(String[]::new)));
        SparkAnalysis.writePackets(r, dir.toString());
        r.release();

        Dataset<Row> packets = spark.read().parquet(dir.resolve("packets").toString());
        List<String> columns = java.util.Arrays.stream(PacketField.values()).map(PacketField::column)
                .filter(c -> !c.equals("uid") && !c.equals("dir")).toList();
        assertThat(packets.columns()).containsExactlyElementsOf(java.util.stream.Stream.concat(columns.stream(),
                Stream.of("sensor", "file", "day")).toList());
        Map<String, List<List<Object>>> bySensor = bySensor(packets, columns.size());
        for (Path p : captures) {
            Table local = PacketTables.packets(Rst.open(p).data().packets()).removeColumns("uid", "dir");
            assertThat(packets.schema().fields()).as("types").extracting(f -> f.dataType())
                    .startsWith(local.columns().stream().map(c -> TableRows.sparkType(c.type())).toArray(
                            org.apache.spark.sql.types.DataType[]::new));
            assertThat(bySensor.get(p.toString())).as(p.getFileName().toString()).isNotEmpty()
                    .containsExactlyInAnyOrderElementsOf(TestSpark.rows(local));
        }
    }

    @Test
    void should_read_one_partition_per_file_with_every_tcp_packet() {
        Path a = TestSpark.root().resolve("lessons").resolve("closed-port.pcap");
        Path b = TestSpark.root().resolve("lessons").resolve("fin-then-rst.pcap");
        Dataset<Row> packets = spark.read().format("pcap").load(a.toString(), b.toString());
        assertThat(packets.rdd().getNumPartitions()).isEqualTo(2);
        assertThat(packets.count()).isEqualTo(Rst.open(a).data().stats().tcpPackets()
                + Rst.open(b).data().stats().tcpPackets());
        assertThat(packets.select("sensor").distinct().collectAsList()).extracting(row -> row.getString(0))
                .containsExactly("lessons");
    }

    @Test
    void should_refuse_an_unknown_sensor_option_with_the_choices() {
        assertThatThrownBy(() -> spark.read().format("pcap").option("sensorFrom", "host")
                .load(TestSpark.root().resolve("lessons").toString()).count())
                .isInstanceOf(RstscopeException.class)
                .hasMessage("pcap: option sensorFrom is 'host', expected 'directory', 'file' or 'path'");
    }

    /**
     * Adds to {@code out} how Spark's rows differ from the local table: the rows of one side missing from
     * the other, each with the columns that differ from the other side's row of the same time and tuple.
     */
    private static void difference(String what, String file, Table local, List<List<Object>> spark, List<String> out) {
        List<List<Object>> expected = TestSpark.rows(local);
        List<List<Object>> missing = new ArrayList<>(expected);
        List<List<Object>> extra = new ArrayList<>();
        for (List<Object> row : spark) {
            if (!missing.remove(row)) {
                extra.add(row);
            }
        }
        if (missing.isEmpty() && extra.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(what + " of " + Path.of(file).getFileName() + ": " + missing.size()
                + " local rows not from Spark, " + extra.size() + " Spark rows not local (of " + expected.size() + ")");
        for (List<Object> row : extra.subList(0, Math.min(2, extra.size()))) {
            List<Object> near = missing.stream().filter(m -> m.get(1).equals(row.get(1)) || m.get(0).equals(row.get(0))
                    && m.get(2).equals(row.get(2))).findFirst().orElse(null);
            sb.append("\n  spark row ").append(row.get(1));
            for (int c = 0; near != null && c < row.size(); c++) {
                if (!java.util.Objects.equals(row.get(c), near.get(c))) {
                    sb.append(" ").append(local.column(c).name()).append(": spark ").append(row.get(c))
                            .append(" local ").append(near.get(c));
                }
            }
        }
        out.add(sb.toString());
    }

    private static List<String> withoutStamps(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> !l.startsWith("#open") && !l.startsWith("#close")).toList();
    }

    private static Map<String, List<List<Object>>> bySensor(Dataset<Row> rows, int columns) {
        Map<String, List<List<Object>>> out = new HashMap<>();
        for (Row row : rows.collectAsList()) {
            out.computeIfAbsent(row.getString(row.fieldIndex("sensor")), k -> new ArrayList<>()).add(values(row, columns));
        }
        return out;
    }

    /** The first {@code columns} values of a Spark row, nulls where missing. */
    private static List<Object> values(Row row, int columns) {
        List<Object> v = new ArrayList<>(columns);
        for (int i = 0; i < columns; i++) {
            v.add(row.get(i));
        }
        return v;
    }
}
