package io.rstscope.spark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.rstscope.capture.AddressTable;
import io.rstscope.flow.Direction;
import io.rstscope.flow.FlowColumns;
import io.rstscope.flow.HostProfile;
import io.rstscope.reset.ResetRow;
import io.rstscope.store.FlowField;
import io.rstscope.store.FlowTables;
import io.rstscope.store.PacketField;
import io.rstscope.store.PacketTables;
import io.rstscope.store.ResetField;
import io.rstscope.store.ResetTables;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF8;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import tech.tablesaw.api.Table;

/**
 * The flows and resets of packet captures on Spark, the same rows one machine gives: the packets (of
 * the {@code pcap} data source) are grouped by a connection key that includes the sensor, and each
 * group, in capture order, goes through the library's tracker and per-connection reset operator
 * ({@link ConnectionAnalysis}). A first pass over the groups adds up each host's TTL, DF and IP-ID counts
 * per sensor; the hosts' habits are broadcast to the second pass, which explains the resets. Connections are numbered
 * per sensor in order of their first packet, as one read of the sensor's files in order numbers them,
 * which gives them the same uids.
 *
 * <pre>{@code
 * Dataset<Row> packets = spark.read().format("pcap").load("/captures/edge-1");
 * SparkAnalysis.Result r = SparkAnalysis.analyze(packets);
 * r.flows().groupBy("conn_state").count().show();
 * SparkAnalysis.write(r, "/out/edge-1");   // flows/ and resets/ Parquet by day, conn/day=.../conn.log
 * }</pre>
 *
 * <p>One machine's tracker runs Zeek's timers on one clock for the whole capture, the latest timestamp
 * read so far, which is later than a packet's own when timestamps go backwards. Each packet carries
 * that clock for its file ({@code clock}); with the latest time of the sensor's earlier files (a small
 * first aggregate, broadcast) every connection key's tracker runs on the clock one read would have.
 */
public final class SparkAnalysis {

    static final String KIND = "kind", FIRST_FILE = "first_file", FIRST_FRAME = "first_frame";
    static final String O_HI = "o_hi", O_LO = "o_lo", R_HI = "r_hi", R_LO = "r_lo", RST_FILE = "rst_file";
    /** The column holding the day (UTC) of a row's {@code ts}: the Parquet outputs' partition. */
    public static final String DAY = "day";
    static final String ORDINAL = "ordinal";
    static final String KEY = "connection_key";
    private static final long DAY_NANOS = 86_400_000_000_000L;

    static final StructType FLOW = TableRows.schema(FlowField.values());
    static final StructType RESET = TableRows.schema(ResetField.values());
    /** What the second pass gives: a connection or a reset, with what numbers the connection. */
    static final StructType OUT = new StructType()
            .add(KIND, DataTypes.IntegerType, false)
            .add(PacketSchema.SENSOR, DataTypes.StringType, false)
            .add(FIRST_FILE, DataTypes.IntegerType, false)
            .add(FIRST_FRAME, DataTypes.LongType, false)
            .add(O_HI, DataTypes.LongType, false).add(O_LO, DataTypes.LongType, false)
            .add(R_HI, DataTypes.LongType, false).add(R_LO, DataTypes.LongType, false)
            .add(RST_FILE, DataTypes.StringType, true)
            .add("flow", FLOW, true)
            .add("reset", RESET, true);
    static final StructType TTLS = new StructType()
            .add(PacketSchema.SENSOR, DataTypes.StringType, false)
            .add("host", DataTypes.StringType, false)
            .add("ttl", DataTypes.IntegerType, false)
            .add("count", DataTypes.LongType, false)
            .add("min", DataTypes.IntegerType, false);

    private SparkAnalysis() {
    }

    /**
     * The outcome: {@code flows} (the flows table's columns, then {@code sensor} and {@code day}) and
     * {@code resets} (the resets table's, then {@code sensor}, {@code file} and {@code day}); the frame of
     * a reset is its packet number in {@code file}. {@code numberedFlows} are the flows with the columns
     * that number them (the conn.log files are written from them); {@code passes} and
     * {@code keyedPackets} are what the job keeps between its outputs, freed by {@link #release()}.
     */
    public record Result(Dataset<Row> flows, Dataset<Row> resets, Dataset<Row> numberedFlows, Dataset<Row> passes,
                         Dataset<Row> keyedPackets) {

        /** Frees what the job kept in memory between its outputs. */
        public void release() {
            passes.unpersist();
            keyedPackets.unpersist();
        }
    }

    /** Analyses the packets of {@code spark.read().format("pcap")}; see the class comment. */
    public static Result analyze(Dataset<Row> packets) {
        SparkSession spark = packets.sparkSession();
        // The packets are read once, keyed and spread over the shuffle partitions by key; every pass
        // below starts from there rather than from the files (one task per file).
        Dataset<Row> tuples = packets.withColumn(KEY, PacketSchema.connectionKey())
                .repartition(col(KEY)).persist(StorageLevel.MEMORY_AND_DISK());

        // The clock of one read of a sensor's files in order: at a file's start, the latest time of those before.
        Map<String, long[]> earlier = earlierClocks(tuples.groupBy(PacketSchema.SENSOR, PacketSchema.FILE_INDEX)
                .agg(org.apache.spark.sql.functions.max("ts")).collectAsList());
        Broadcast<Map<String, long[]>> clocks = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(earlier);

        Dataset<Row> keyed = HotTuples.cut(tuples, earlier).persist(StorageLevel.MEMORY_AND_DISK());
        StructType schema = keyed.schema();
        int keyAt = schema.fieldIndex(KEY);
        Column[] order = {col(PacketSchema.FILE_INDEX), col("frame")};
        var groups = keyed.groupByKey((MapFunction<Row, String>) r -> r.getString(keyAt), Encoders.STRING());

        // Pass 1: each host's TTL, DF and IP-ID counts per sensor, summed, into the habits of each host.
        List<Row> counts = groups.flatMapSortedGroups(order, new TtlPass(schema, clocks), Encoders.row(TTLS))
                .groupBy(PacketSchema.SENSOR, "host", "ttl")
                .agg(org.apache.spark.sql.functions.sum("count").as("count"),
                        org.apache.spark.sql.functions.min("min").as("min"))
                .collectAsList();
        tuples.unpersist();   // the pass above kept the cut packets
        Map<String, Map<String, Integer>> baselines = baselines(counts);
        Broadcast<Map<String, Map<String, Integer>>> shared =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(baselines);

        // Pass 2: connections and resets, explained with the baselines.
        Dataset<Row> out = groups.flatMapSortedGroups(order, new ExplainPass(schema, clocks, shared), Encoders.row(OUT))
                .persist(StorageLevel.MEMORY_AND_DISK());

        Dataset<Row> raw = out.where(col(KIND).equalTo(0)).select(col(PacketSchema.SENSOR), col(FIRST_FILE),
                col(FIRST_FRAME), col(O_HI), col(O_LO), col(R_HI), col(R_LO), col("flow.*"));
        Dataset<Row> numbered = number(spark, raw);
        List<Column> flowColumns = new ArrayList<>();
        for (FlowField f : FlowField.values()) {
            flowColumns.add(col(f.column()));
        }
        flowColumns.add(col(PacketSchema.SENSOR));
        flowColumns.add(day(col(FlowField.TS.column())));
        Dataset<Row> flows = numbered.select(flowColumns.toArray(Column[]::new));

        Dataset<Row> uids = numbered.select(col(PacketSchema.SENSOR), col(FIRST_FILE), col(FIRST_FRAME),
                col(FlowField.UID.column()).as("conn_uid"));
        Dataset<Row> rawResets = out.where(col(KIND).equalTo(1)).select(col(PacketSchema.SENSOR), col(FIRST_FILE),
                col(FIRST_FRAME), col(RST_FILE), col("reset.*"));
        List<Column> resetColumns = new ArrayList<>();
        for (ResetField f : ResetField.values()) {
            resetColumns.add(f == ResetField.UID ? col("conn_uid").as(f.column()) : col(f.column()));
        }
        resetColumns.add(col(PacketSchema.SENSOR));
        resetColumns.add(col(RST_FILE).as(PacketSchema.FILE));
        resetColumns.add(day(col(ResetField.TS.column())));
        Dataset<Row> resets = rawResets.join(uids, scalaSeq(PacketSchema.SENSOR, FIRST_FILE, FIRST_FRAME))
                .select(resetColumns.toArray(Column[]::new));
        return new Result(flows, resets, numbered, out, keyed);
    }

    /**
     * Writes {@code flows/} and {@code resets/} as Parquet partitioned by {@code day} and Zeek's
     * {@code conn/day=.../conn.log} under {@code dir}, which must not hold them yet:
     * {@code SparkAnalysis.write(result, "/out/edge-1")}.
     */
    public static void write(Result r, String dir) {
        r.flows().write().mode(SaveMode.ErrorIfExists).partitionBy(DAY).parquet(dir + "/flows");
        r.resets().write().mode(SaveMode.ErrorIfExists).partitionBy(DAY).parquet(dir + "/resets");
        ConnLogs.write(r.numberedFlows().withColumn(DAY, day(col(FlowField.TS.column()))), dir + "/conn");
    }

    /**
     * Writes {@code packets/} under {@code dir} as Parquet partitioned by {@code day}: every TCP packet the
     * job read, with the columns and types of the library's packets table but its connection's
     * ({@code uid}, {@code dir}: packets are not matched to the numbered connections), then {@code sensor}
     * and {@code file} (a packet's {@code frame} is its number in that file):
     * {@code SparkAnalysis.writePackets(result, "/out/edge-1")}, before {@link Result#release()}.
     */
    public static void writePackets(Result r, String dir) {
        var address = udf((UDF2<Long, Long, String>) AddressTable::format, DataTypes.StringType);
        var flags = udf((UDF1<Integer, String>) PacketTables::flagText, DataTypes.StringType);
        List<Column> columns = new ArrayList<>();
        for (PacketField f : PacketField.values()) {
            Column c = switch (f) {
                case FRAME -> col("frame").cast(DataTypes.IntegerType);
                case INTERFACE -> col("iface");
                case SRC -> address.apply(col("src_hi"), col("src_lo"));
                case DST -> address.apply(col("dst_hi"), col("dst_lo"));
                case FLAGS -> flags.apply(col("flags"));
                case WIN -> col("window");
                // The table's missing values: no IP ID (IPv6), no MSS or window-scale option, no timestamps.
                case IP_ID, MSS, WSCALE -> when(col(f.column()).geq(0), col(f.column()));
                case TSVAL, TSECR -> when(col("ts_present"), col(f.column()));
                case UID, DIR -> null;
                default -> col(f.column());
            };
            if (c != null) {
                columns.add(c.as(f.column()));
            }
        }
        columns.add(col(PacketSchema.SENSOR));
        columns.add(col(PacketSchema.FILE));
        columns.add(day(col(PacketField.TS.column())));
        r.keyedPackets().select(columns.toArray(Column[]::new))
                .write().mode(SaveMode.ErrorIfExists).partitionBy(DAY).parquet(dir + "/packets");
    }

    /**
     * Gives each connection its place in its sensor's order (the ordinal one read of the sensor's files
     * in order gives it: files in order, then first packets in order) and the uid that follows from it.
     */
    private static Dataset<Row> number(SparkSession spark, Dataset<Row> raw) {
        List<Row> perFile = raw.groupBy(PacketSchema.SENSOR, FIRST_FILE).count().collectAsList();
        Map<String, TreeMap<Integer, Long>> bySensor = new HashMap<>();
        for (Row r : perFile) {
            bySensor.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getInt(1), r.getLong(2));
        }
        List<Row> offsets = new ArrayList<>();
        bySensor.forEach((sensor, files) -> {
            long sum = 0;
            for (Map.Entry<Integer, Long> e : files.entrySet()) {
                offsets.add(RowFactory.create(sensor, e.getKey(), sum));
                sum += e.getValue();
            }
        });
        StructType offsetSchema = new StructType().add(PacketSchema.SENSOR, DataTypes.StringType)
                .add(FIRST_FILE, DataTypes.IntegerType).add("offset", DataTypes.LongType);
        Dataset<Row> offsetTable = spark.createDataFrame(offsets, offsetSchema);
        UDF8<Long, Long, Integer, Long, Long, Integer, Long, Long, String> uid = (oHi, oLo, oP, rHi, rLo, rP, ts, ordinal) ->
                FlowColumns.uid(oHi, oLo, oP, rHi, rLo, rP, ts, Math.toIntExact(ordinal));
        var uidOf = udf(uid, DataTypes.StringType);
        Dataset<Row> withOrdinal = raw.join(broadcast(offsetTable), scalaSeq(PacketSchema.SENSOR, FIRST_FILE))
                .withColumn(ORDINAL, col("offset").plus(row_number().over(
                        Window.partitionBy(PacketSchema.SENSOR, FIRST_FILE).orderBy(FIRST_FRAME))).minus(1))
                .drop("offset");
        return withOrdinal.withColumn(FlowField.UID.column(), uidOf.apply(col(O_HI), col(O_LO),
                col(FlowField.ORIG_P.column()), col(R_HI), col(R_LO), col(FlowField.RESP_P.column()),
                col(FlowField.TS.column()), col(ORDINAL)));
    }

    /** The UTC day of a time in nanoseconds since the epoch, whatever the session's time zone. */
    private static Column day(Column tsNanos) {
        return date_add(to_date(lit("1970-01-01")), floor(tsNanos.divide(DAY_NANOS)).cast(DataTypes.IntegerType)).as(DAY);
    }

    /** Per sensor, by file index, the latest time of the files before (Long.MIN_VALUE for the first). */
    static Map<String, long[]> earlierClocks(List<Row> latestPerFile) {
        Map<String, TreeMap<Integer, Long>> bySensor = new HashMap<>();
        for (Row r : latestPerFile) {
            bySensor.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getInt(1), r.getLong(2));
        }
        Map<String, long[]> out = new HashMap<>();
        bySensor.forEach((sensor, files) -> {
            long[] earlier = new long[files.lastKey() + 1];
            long latest = Long.MIN_VALUE;
            for (int i = 0; i < earlier.length; i++) {
                earlier[i] = latest;
                latest = Math.max(latest, files.getOrDefault(i, Long.MIN_VALUE));
            }
            out.put(sensor, earlier);
        });
        return out;
    }

    /**
     * Each host's habits per sensor, packed as {@link HostProfile#packed()}, from the summed counts: its
     * most common TTL (ties: the lowest TTL, as one machine), its DF and IP-ID habits.
     */
    static Map<String, Map<String, Integer>> baselines(List<Row> counts) {
        // host -> {ttl, count, min, dfSet, dfClear, idZeroNoDf}
        Map<String, Map<String, long[]>> best = new HashMap<>();
        for (Row r : counts) {
            long[] b = best.computeIfAbsent(r.getString(0), k -> new HashMap<>())
                    .computeIfAbsent(r.getString(1), k -> new long[] {-1, 0, Integer.MAX_VALUE, 0, 0, 0});
            int ttl = r.getInt(2);
            long n = r.getLong(3);
            b[2] = Math.min(b[2], r.getInt(4));
            switch (ttl) {
                case ConnectionAnalysis.DF_SET -> b[3] += n;
                case ConnectionAnalysis.DF_CLEAR -> b[4] += n;
                case ConnectionAnalysis.ID_ZERO_NO_DF -> b[5] += n;
                default -> {
                    if (ttl >= 0 && (n > b[1] || n == b[1] && ttl < b[0])) {
                        b[0] = ttl;
                        b[1] = n;
                    }
                }
            }
        }
        Map<String, Map<String, Integer>> out = new HashMap<>();
        best.forEach((sensor, hosts) -> {
            Map<String, Integer> m = new HashMap<>();
            hosts.forEach((host, b) -> m.put(host,
                    new HostProfile(host, (int) (b[0] >= 0 ? b[0] : b[2]), b[3], b[4], b[5]).packed()));
            out.put(sensor, m);
        });
        return out;
    }

    private static scala.collection.immutable.Seq<String> scalaSeq(String... names) {
        return scala.jdk.javaapi.CollectionConverters.asScala(List.of(names)).toList();
    }

    /** Pass 1: the TTL, DF and IP-ID counts of one connection key's hosts. */
    private static final class TtlPass implements FlatMapGroupsFunction<String, Row, Row>, Serializable {
        private static final long serialVersionUID = 1L;
        private final StructType schema;
        private final Broadcast<Map<String, long[]>> clocks;

        TtlPass(StructType schema, Broadcast<Map<String, long[]>> clocks) {
            this.schema = schema;
            this.clocks = clocks;
        }

        @Override
        public Iterator<Row> call(String key, Iterator<Row> packets) {
            String sensor = PacketSchema.sensorOf(key);
            ConnectionAnalysis a = ConnectionAnalysis.of(packets, PacketSchema.packetColumns(schema),
                    schema.fieldIndex(PacketSchema.FILE_INDEX), clocks.value().get(sensor), null);
            List<Row> out = new ArrayList<>();
            a.ttlCounts((host, ttl, count, min) -> out.add(RowFactory.create(sensor, host, ttl, count, min)));
            return out.iterator();
        }
    }

    /** Pass 2: one connection key's connections and their resets, explained. */
    private static final class ExplainPass implements FlatMapGroupsFunction<String, Row, Row>, Serializable {
        private static final long serialVersionUID = 1L;
        private final StructType schema;
        private final Broadcast<Map<String, long[]>> clocks;
        private final Broadcast<Map<String, Map<String, Integer>>> baselines;

        ExplainPass(StructType schema, Broadcast<Map<String, long[]>> clocks,
                    Broadcast<Map<String, Map<String, Integer>>> baselines) {
            this.schema = schema;
            this.clocks = clocks;
            this.baselines = baselines;
        }

        @Override
        public Iterator<Row> call(String key, Iterator<Row> packets) {
            String sensor = PacketSchema.sensorOf(key);
            Map<String, Integer> hosts = baselines.value().getOrDefault(sensor, Map.of());
            int fileAt = schema.fieldIndex(PacketSchema.FILE);
            Map<Integer, String> fileNames = new HashMap<>();
            int fileIndexAt = schema.fieldIndex(PacketSchema.FILE_INDEX);
            Iterator<Row> seen = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return packets.hasNext();
                }

                @Override
                public Row next() {
                    Row r = packets.next();
                    fileNames.putIfAbsent(r.getInt(fileIndexAt), r.getString(fileAt));
                    return r;
                }
            };
            ConnectionAnalysis a = ConnectionAnalysis.of(seen, PacketSchema.packetColumns(schema), fileIndexAt,
                    clocks.value().get(sensor), host -> hosts.getOrDefault(host, -1));
            FlowColumns fc = a.flows();
            List<Row> out = new ArrayList<>();
            Table flows = FlowTables.flows(fc, a.resets());
            for (int f = 0; f < fc.size(); f++) {
                int o = fc.address(f, Direction.ORIG), r = fc.address(f, Direction.RESP);
                out.add(RowFactory.create(0, sensor, a.firstFile()[f], a.firstFrame()[f],
                        fc.addresses().hi(o), fc.addresses().lo(o), fc.addresses().hi(r), fc.addresses().lo(r), null,
                        RowFactory.create(TableRows.values(flows, f)), null));
            }
            List<ResetRow> rows = a.resets();
            if (rows.isEmpty()) {
                return out.iterator();   // most keys: no table to build
            }
            Table resets = ResetTables.resets(rows);
            int[] files = a.filesOf(rows);
            for (int i = 0; i < rows.size(); i++) {
                int f = rows.get(i).flow();
                out.add(RowFactory.create(1, sensor, a.firstFile()[f], a.firstFrame()[f], 0L, 0L, 0L, 0L,
                        fileNames.get(files[i]), null, RowFactory.create(TableRows.values(resets, i))));
            }
            return out.iterator();
        }
    }
}
