package io.rstscope.spark;

import static org.apache.spark.sql.functions.col;

import io.rstscope.query.Condition;
import io.rstscope.store.Field;
import io.rstscope.store.FlowField;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The connections of a {@link SparkCapture} — rows of the flows table — narrowed by the filters of one
 * machine's {@code FlowQuery}, with the same meaning: a reset filter keeps the connections that have one
 * reset meeting every reset filter together. Made by {@code cap.flows()}; immutable.
 *
 * <pre>{@code
 * cap.flows().withReset().stage(HANDSHAKE).spoofed().count();
 * cap.flows().state(REJ).groupBy(RESP_P).count();
 * cap.flows().host("10.0.0.0/8").longerThan(30).table(50);
 * }</pre>
 */
public final class SparkFlowQuery extends SparkQuery<SparkFlowQuery> {

    SparkFlowQuery(SparkCapture capture, String origin, List<Condition> conditions) {
        super(capture, origin, conditions);
    }

    @Override
    SparkFlowQuery copy(List<Condition> conditions) {
        return new SparkFlowQuery(capture, origin, conditions);
    }

    /** {@code "flows"}. */
    @Override
    protected String tableName() {
        return "flows";
    }

    /** {@code FlowField.class}. */
    @Override
    protected Class<? extends Field> schema() {
        return FlowField.class;
    }

    @Override
    Dataset<Row> selected() {
        return SparkConditions.flows(capture.flowRows(), capture.resetRows(), conditions);
    }

    @Override
    Column[] order() {
        return new Column[] {col("sensor"), col(FlowField.TS.column()), col(FlowField.UID.column())};
    }
}
