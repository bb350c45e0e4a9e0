package io.rstscope.spark;

import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The {@code pcap} data source: pcap, pcapng and their gzip forms, read with rstscope's own reader on
 * the executors, one partition per file, into the {@link PacketSchema packets schema}.
 *
 * <pre>{@code
 * Dataset<Row> packets = spark.read().format("pcap")
 *         .option("sensorFrom", "directory")     // or "file", "path", or .option("sensor", "edge-1")
 *         .load("/captures/edge-1", "/captures/edge-2");
 * packets.groupBy("sensor").count().show();
 * }</pre>
 *
 * <p>A sensor is one vantage point: its files are one capture cut in pieces, and the same connection
 * seen by two sensors is two connections. By default a file's sensor is the name of its directory;
 * {@code sensorFrom} {@code file} makes each file (by name) or {@code path} (by its whole path) a sensor
 * of its own, and {@code sensor} names one sensor for every file.
 *
 * <p>A path is a capture file or a directory, whose captures (told by their magic number, not their
 * names) are read, subdirectories not. Files are not split: a partition is one whole file, so one huge
 * file is read by one task; cut it first into pieces ({@code editcap -c 1000000 big.pcap piece.pcap}),
 * which give the same connections and resets. The files of a sensor are taken in the natural order of
 * their names ({@code trace}, {@code trace1}, {@code trace2}, ... {@code trace10}), the order rotating
 * writers such as {@code tcpdump -C/-G} and {@code editcap -c} give them. Paths are read with the JVM's
 * file API: on a cluster they must be visible at the same path on every executor (a shared mount).
 */
public final class PcapDataSource implements TableProvider, DataSourceRegister {

    /** The short name: {@code spark.read().format("pcap")}. */
    @Override
    public String shortName() {
        return "pcap";
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return PacketSchema.SCHEMA;
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return new PcapTable(PcapFiles.list(properties));
    }
}
