package io.rstscope.spark;

import static org.apache.spark.sql.functions.col;

import io.rstscope.query.Condition;
import io.rstscope.store.Field;
import io.rstscope.store.ResetField;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The resets of a {@link SparkCapture} — rows of the resets table, one per RST packet, explained —
 * narrowed by the filters of one machine's {@code ResetQuery}, with the same meaning: the filters about
 * a connection ({@code host, port, state, longerThan, uid, withReset...}) ask about the reset's
 * connection, {@code between} about the reset's own time. Made by {@code cap.resets()}; immutable.
 *
 * <pre>{@code
 * cap.resets().cause(IDLE_TIMEOUT).groupBy(ORIGIN).count();
 * cap.resets().port(443).spoofed().table(20);
 * cap.resets().where(TTL, in(64, 128, 255)).count();
 * }</pre>
 */
public final class SparkResetQuery extends SparkQuery<SparkResetQuery> {

    SparkResetQuery(SparkCapture capture, String origin, List<Condition> conditions) {
        super(capture, origin, conditions);
    }

    @Override
    SparkResetQuery copy(List<Condition> conditions) {
        return new SparkResetQuery(capture, origin, conditions);
    }

    /** {@code "resets"}. */
    @Override
    protected String tableName() {
        return "resets";
    }

    /** {@code ResetField.class}. */
    @Override
    protected Class<? extends Field> schema() {
        return ResetField.class;
    }

    @Override
    Dataset<Row> selected() {
        return SparkConditions.resets(capture.flowRows(), capture.resetRows(), conditions);
    }

    @Override
    Column[] order() {
        return new Column[] {col("sensor"), col(ResetField.TS.column()), col("file"), col(ResetField.FRAME.column())};
    }
}
