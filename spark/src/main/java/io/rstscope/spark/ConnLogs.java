package io.rstscope.spark;

import static org.apache.spark.sql.functions.col;

import io.rstscope.store.FlowField;
import io.rstscope.store.ZeekConnLog;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Zeek's conn.log of a job's connections, one file per day: {@code DIR/day=2024-05-01/conn.log}, the
 * day's connections in the order one machine lists them (sensor, then order of first packet), written
 * by the executors through Hadoop's file system API (local, HDFS, object stores alike).
 *
 * <pre>{@code
 * ConnLogs.write(result.numberedFlows(), "/out/edge-1/conn");
 * }</pre>
 */
final class ConnLogs {

    private ConnLogs() {
    }

    /** Writes the conn.log files of {@code flows} (numbered, with their day) under {@code dir}. */
    static void write(Dataset<Row> flows, String dir) {
        String[] columns = {FlowField.TS.column(), FlowField.UID.column(), FlowField.ORIG_H.column(),
            FlowField.ORIG_P.column(), FlowField.RESP_H.column(), FlowField.RESP_P.column(),
            FlowField.DURATION.column(), FlowField.ORIG_BYTES.column(), FlowField.RESP_BYTES.column(),
            FlowField.CONN_STATE.column(), FlowField.MISSED_BYTES.column(), FlowField.HISTORY.column(),
            FlowField.ORIG_PKTS.column(), FlowField.ORIG_IP_BYTES.column(), FlowField.RESP_PKTS.column(),
            FlowField.RESP_IP_BYTES.column(), SparkAnalysis.DAY};
        flows.repartition(col(SparkAnalysis.DAY))
                .sortWithinPartitions(SparkAnalysis.DAY, PacketSchema.SENSOR, SparkAnalysis.ORDINAL)
                .select(java.util.Arrays.stream(columns).map(org.apache.spark.sql.functions::col)
                        .toArray(org.apache.spark.sql.Column[]::new))
                .foreachPartition((ForeachPartitionFunction<Row>) rows -> writePartition(rows, dir));
    }

    private static void writePartition(Iterator<Row> rows, String dir) throws IOException {
        Writer w = null;
        String day = null;
        StringBuilder line = new StringBuilder(256);
        Configuration conf = new Configuration();
        try {
            while (rows.hasNext()) {
                Row r = rows.next();
                String d = r.get(16).toString();
                if (!d.equals(day)) {
                    if (w != null) {
                        w.write(ZeekConnLog.close(ZonedDateTime.now(ZoneOffset.UTC)));
                        w.close();
                    }
                    day = d;
                    Path file = new Path(dir + "/" + SparkAnalysis.DAY + "=" + d + "/conn.log");
                    FileSystem fs = file.getFileSystem(conf);
                    w = new OutputStreamWriter(fs.create(file, false), StandardCharsets.UTF_8);
                    w.write(ZeekConnLog.header(ZonedDateTime.now(ZoneOffset.UTC)));
                }
                line.setLength(0);
                // The duration column holds seconds; Zeek's six decimals come from the nanoseconds.
                long duration = r.isNullAt(6) ? 0 : Math.round(r.getDouble(6) * 1e9);
                ZeekConnLog.line(line, r.getLong(0), r.getString(1), r.getString(2), r.getInt(3), r.getString(4),
                        r.getInt(5), duration, longOrUnset(r, 7), longOrUnset(r, 8), r.getString(9), r.getLong(10),
                        r.isNullAt(11) ? "" : r.getString(11), r.getLong(12), r.getLong(13), r.getLong(14), r.getLong(15));
                w.write(line.toString());
            }
            if (w != null) {
                w.write(ZeekConnLog.close(ZonedDateTime.now(ZoneOffset.UTC)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("conn.log of day " + day + " under " + dir + ": " + e.getMessage(), e);
        } finally {
            if (w != null) {
                w.close();
            }
        }
    }

    private static long longOrUnset(Row r, int i) {
        return r.isNullAt(i) ? Long.MIN_VALUE : r.getLong(i);
    }
}
