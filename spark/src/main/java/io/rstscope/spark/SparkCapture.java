package io.rstscope.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import io.rstscope.RstscopeException;
import io.rstscope.query.Cidr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * The flows and resets of captures on Spark, to query with the same DSL as one machine's
 * {@code Capture}: {@link #flows()} and {@link #resets()} take the same filters (host, port, state,
 * stage, cause, origin, verdict, withReset, spoofed, {@code where(field, gt(..))}...) and answer
 * {@code count()}, {@code groupBy(..).count()} and {@code table(limit)} — a Tablesaw table with the
 * columns one machine's table has.
 *
 * <pre>{@code
 * SparkCapture cap = SparkCapture.read(spark, "/captures/edge-1", "/captures/edge-2");
 * cap.flows().withReset().stage(HANDSHAKE).spoofed().count();      // 3
 * cap.resets().host("10.0.0.0/8").groupBy(CAUSE, ORIGIN).count();   // a Tablesaw table
 * cap.flows().where(DURATION, gt(30)).table(20);                     // the first 20 rows, by ts
 * SparkCapture.read(spark, "/out/edge-1");                           // the Parquet output of `rstscope spark`
 * }</pre>
 *
 * <p>The flows carry, beside the columns of one machine's table, {@code sensor} and {@code day}, and
 * the hidden {@link #ADDRESS_COLUMNS} (each address as two numbers, for the CIDR filters), which no
 * table shows. A connection is known by its sensor and uid.
 */
public final class SparkCapture {

    static final String ORIG_HI = "_orig_hi", ORIG_LO = "_orig_lo", RESP_HI = "_resp_hi", RESP_LO = "_resp_lo";
    /**
     * The hidden columns added to the flows: each end's address as its upper and lower 64 bits, the
     * sign bit flipped so that Spark's signed order of longs is the addresses' order:
     * {@code _orig_hi, _orig_lo, _resp_hi, _resp_lo}.
     */
    public static final List<String> ADDRESS_COLUMNS = List.of(ORIG_HI, ORIG_LO, RESP_HI, RESP_LO);

    private final String name;
    private final Dataset<Row> flows;
    private final Dataset<Row> resets;

    private SparkCapture(String name, Dataset<Row> flows, Dataset<Row> resets) {
        this.name = name;
        this.flows = flows;
        this.resets = resets;
    }

    /**
     * The flows and resets of {@code paths}: capture files or directories of them (pcap, pcapng, gzip),
     * analysed by {@link SparkAnalysis} and kept in memory (or on disk) while the queries run — or one
     * directory an earlier run wrote (holding {@code flows/} and {@code resets/}), read from its Parquet:
     * {@code SparkCapture.read(spark, "/captures/edge-1")}.
     */
    public static SparkCapture read(SparkSession spark, String... paths) {
        return read(spark, Map.of(), paths);
    }

    /**
     * As {@link #read(SparkSession, String...)}, with options of the {@code pcap} data source, such as
     * which part of a file's path names its sensor:
     * {@code SparkCapture.read(spark, Map.of("sensorFrom", "path"), "/captures/a.pcap", "/captures/b.pcap")}.
     */
    public static SparkCapture read(SparkSession spark, Map<String, String> options, String... paths) {
        if (paths == null || paths.length == 0) {
            throw new RstscopeException("SparkCapture.read(): expected capture files, directories of them, or an "
                    + "output directory of rstscope spark");
        }
        String name = Arrays.stream(paths).map(p -> String.valueOf(Path.of(p).getFileName()))
                .collect(Collectors.joining(", "));
        if (paths.length == 1 && isOutput(spark, paths[0])) {
            return of(name, spark.read().parquet(paths[0] + "/flows"), spark.read().parquet(paths[0] + "/resets"));
        }
        SparkAnalysis.Result r = SparkAnalysis.analyze(spark.read().format("pcap").options(options).load(paths));
        Dataset<Row> flows = withAddresses(r.flows()).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> resets = r.resets().persist(StorageLevel.MEMORY_AND_DISK());
        flows.count();
        resets.count();
        r.release();
        return new SparkCapture(name, flows, resets);
    }

    /**
     * The captures whose flows and resets are these datasets, as {@link SparkAnalysis.Result} or the
     * Parquet outputs hold them: {@code SparkCapture.of("edge-1", r.flows(), r.resets())}.
     */
    public static SparkCapture of(String name, Dataset<Row> flows, Dataset<Row> resets) {
        return new SparkCapture(name, withAddresses(flows), resets);
    }

    /** Every connection, as a query to narrow: {@code cap.flows().port(443).withReset().count()}. */
    public SparkFlowQuery flows() {
        return new SparkFlowQuery(this, "flows(" + name + ")", List.of());
    }

    /** Every reset, as a query to narrow: {@code cap.resets().cause(IDLE_TIMEOUT).groupBy(ORIGIN).count()}. */
    public SparkResetQuery resets() {
        return new SparkResetQuery(this, "resets(" + name + ")", List.of());
    }

    /** Frees what {@link #read} kept in memory: {@code cap.release()}. */
    public void release() {
        flows.unpersist();
        resets.unpersist();
    }

    Dataset<Row> flowRows() {
        return flows;
    }

    Dataset<Row> resetRows() {
        return resets;
    }

    /** The captures' names: {@code SparkCapture(edge-1, edge-2)}. */
    @Override
    public String toString() {
        return "SparkCapture(" + name + ")";
    }

    /** Whether {@code path} is a directory holding the {@code flows/} and {@code resets/} outputs. */
    private static boolean isOutput(SparkSession spark, String path) {
        try {
            var dir = new org.apache.hadoop.fs.Path(path);
            FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return fs.isDirectory(new org.apache.hadoop.fs.Path(dir, "flows"))
                    && fs.isDirectory(new org.apache.hadoop.fs.Path(dir, "resets"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The flows with the hidden address columns. */
    private static Dataset<Row> withAddresses(Dataset<Row> flows) {
        UserDefinedFunction hi = udf((UDF1<String, Long>) a -> flip(Cidr.parse("address", a).hi()), DataTypes.LongType);
        UserDefinedFunction lo = udf((UDF1<String, Long>) a -> flip(Cidr.parse("address", a).lo()), DataTypes.LongType);
        return flows.withColumn(ORIG_HI, hi.apply(col("orig_h"))).withColumn(ORIG_LO, lo.apply(col("orig_h")))
                .withColumn(RESP_HI, hi.apply(col("resp_h"))).withColumn(RESP_LO, lo.apply(col("resp_h")));
    }

    /** {@code v} with its sign bit flipped: unsigned order as signed order. */
    static long flip(long v) {
        return v ^ Long.MIN_VALUE;
    }
}
