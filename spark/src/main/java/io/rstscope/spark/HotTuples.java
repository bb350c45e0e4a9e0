package io.rstscope.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.rstscope.reset.ResetStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * Cuts a connection key's packets where the tuple was silent longer than anything of one machine's
 * analysis remembers it, so that one hot tuple (a port pair reused all day) is many groups rather than
 * one giant one: the tracker and the reset analysis hold a group's packets, and the groups spread over
 * the tasks. A cut changes no row: before the first packet after such a silence, one machine's tracker
 * has removed every connection of the tuple (idle past Zeek's inactivity timeout: 5 minutes, an hour for
 * the interactive ports 21, 22, 23, 513) and the reset analysis has dropped its summary of them
 * ({@link ResetStream#TUPLE_MEMORY}, an hour, which a later RST-only connection on the tuple continues
 * from), so what follows starts afresh either way. The silence that cuts is therefore longer than an
 * hour, not Zeek's 5 minutes: a connection that a firewall forgot after 10 idle minutes and then
 * rejected is judged with the earlier connection's state.
 *
 * <pre>{@code
 * Dataset<Row> keyed = HotTuples.cut(packetsWithKey, earlierClocks);   // connection_key now "sensor|a|b#n"
 * }</pre>
 *
 * <p>The silence is measured both on the packets' own times (what the reset analysis measures) and on
 * the clock the tracker runs on (the latest time of the sensor's capture so far: {@code clock} and the
 * files before), each from the latest of the key's packets before. What groups share nothing of is the
 * fixed-payload check of the reset analysis (a payload repeated by resets of two connections): on Spark
 * it looks within a group. The key stays parsable by {@link PacketSchema#sensorOf}: the segment
 * follows a {@code #}.
 */
final class HotTuples {

    /** The silence that cuts: longer than the tuple memory of the reset analysis and every inactivity timeout. */
    static final long SILENCE_NANOS = Math.max(ResetStream.TUPLE_MEMORY.toNanos(), 3_600_000_000_000L);

    private HotTuples() {
    }

    /**
     * {@code packets} (with {@code connection_key}, partitioned by it) with the key's segment appended
     * to the key; {@code earlier} is, per sensor by file index, the latest time of the files before.
     */
    static Dataset<Row> cut(Dataset<Row> packets, Map<String, long[]> earlier) {
        Map<String, long[]> shipped = new HashMap<>(earlier);
        UserDefinedFunction before = udf((UDF2<String, Integer, Long>) (sensor, file) -> {
            long[] e = shipped.get(sensor);
            return e == null || file >= e.length ? Long.MIN_VALUE : e[file];
        }, DataTypes.LongType);
        String clock = "_tracker_clock", cut = "_cut";
        WindowSpec inOrder = Window.partitionBy(SparkAnalysis.KEY).orderBy(PacketSchema.FILE_INDEX, "frame");
        WindowSpec earlierPackets = inOrder.rowsBetween(Window.unboundedPreceding(), -1);
        Column silentOnClock = col(clock).minus(max(col(clock)).over(earlierPackets)).gt(SILENCE_NANOS);
        Column silentOnTs = col("ts").minus(max(col("ts")).over(earlierPackets)).gt(SILENCE_NANOS);
        Column segment = sum(col(cut)).over(inOrder.rowsBetween(Window.unboundedPreceding(), Window.currentRow()));
        return packets
                .withColumn(clock, greatest(col("clock"), before.apply(col(PacketSchema.SENSOR), col(PacketSchema.FILE_INDEX))))
                .withColumn(cut, when(silentOnClock.and(silentOnTs), 1L).otherwise(0L))
                .withColumn(SparkAnalysis.KEY, concat(col(SparkAnalysis.KEY), lit("#"), segment.cast(DataTypes.StringType)))
                .drop(clock, cut);
    }
}
