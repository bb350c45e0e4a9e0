package io.rstscope.spark;

import static org.apache.spark.sql.functions.col;

import io.rstscope.query.Condition;
import io.rstscope.query.Filters;
import io.rstscope.query.InvalidArgumentException;
import io.rstscope.store.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import tech.tablesaw.api.Table;

/**
 * What {@link SparkFlowQuery} and {@link SparkResetQuery} have in common: the filters of one machine's
 * queries ({@link Filters}, the same methods and the same checks), and the terminal operations that run
 * on Spark — {@link #count()}, {@link #groupBy(Field...)}{@code .count()}, {@link #table(int)}. A query
 * is an immutable value; nothing runs until a terminal, which compiles the conditions into Spark
 * {@code Column} expressions.
 *
 * <pre>{@code
 * SparkFlowQuery q = cap.flows().withReset().stage(HANDSHAKE).spoofed();
 * q.count();                                // 3
 * q.groupBy(RESP_P).count();                // a Tablesaw table: resp_p | count
 * q.table(10);                              // the first 10 rows, in order of ts
 * System.out.println(q);                    // flows(edge-1).withReset().stage(HANDSHAKE).spoofed()
 * }</pre>
 *
 * <p>Rows come in order of {@code sensor}, then {@code ts}, then (flows) {@code uid} or (resets)
 * {@code file} and {@code frame}: a cluster's rows have no file order. A group count lists the largest
 * group first, ties in order of their values. The steps that navigate from one table to another, and
 * a {@code where} with a test written in Java, belong to one machine's queries.
 *
 * @param <Q> the query type itself, which every filter returns
 */
public abstract sealed class SparkQuery<Q extends SparkQuery<Q>> extends Filters<Q> permits SparkFlowQuery, SparkResetQuery {

    final SparkCapture capture;
    final String origin;
    final List<Condition> conditions;

    SparkQuery(SparkCapture capture, String origin, List<Condition> conditions) {
        this.capture = capture;
        this.origin = origin;
        this.conditions = List.copyOf(conditions);
    }

    abstract Q copy(List<Condition> conditions);

    /** The schema of the query's table, in column order. */
    final Field[] fields() {
        return schema().getEnumConstants();
    }

    /** The selected rows, every column (the hidden ones included). */
    abstract Dataset<Row> selected();

    /** The table's name, for the package: {@code flows} or {@code resets}. */
    final String name() {
        return tableName();
    }

    /** The order of the rows of {@code table}. */
    abstract Column[] order();

    /** The query with {@code condition} added: {@code with(new Condition.Port(List.of(443)))} is {@code port(443)}. */
    @Override
    protected final Q with(Condition condition) {
        List<Condition> next = new ArrayList<>(conditions);
        next.add(condition);
        return copy(next);
    }

    /** How many rows the query selects: {@code cap.flows().withReset().count()}. */
    public long count() {
        return selected().count();
    }

    /**
     * The selected rows with the columns one machine's table has and {@code sensor}, {@code day} (and, for
     * resets, {@code file}), as a Spark dataset to go on with in Spark: {@code cap.resets().spoofed().dataset().show()}.
     */
    public Dataset<Row> dataset() {
        Dataset<Row> rows = selected();
        List<Column> keep = new ArrayList<>();
        for (String c : rows.columns()) {
            if (!SparkCapture.ADDRESS_COLUMNS.contains(c)) {
                keep.add(col(c));
            }
        }
        return rows.select(keep.toArray(Column[]::new));
    }

    /** Every selected row as a Tablesaw table with one machine's columns; mind the size: {@code cap.resets().verdict(FORGED).table()}. */
    public Table table() {
        return SparkTables.table(tableName(), ordered().collectAsList(), fields());
    }

    /** The first {@code limit} selected rows, in the order of the class comment, as a Tablesaw table: {@code cap.flows().port(443).table(20)}. */
    public Table table(int limit) {
        if (limit < 0) {
            throw new InvalidArgumentException("table(" + limit + "): expected a number of rows, 0 or more");
        }
        return SparkTables.table(tableName(), ordered().limit(limit).collectAsList(), fields());
    }

    private Dataset<Row> ordered() {
        Column[] columns = Arrays.stream(fields()).map(f -> col(f.column())).toArray(Column[]::new);
        return selected().orderBy(order()).select(columns);
    }

    /** Groups the selected rows by these fields; {@code .count()} counts each group: {@code cap.resets().groupBy(CAUSE, ORIGIN).count()}. */
    public SparkGrouping groupBy(Field... fields) {
        if (fields == null || fields.length == 0) {
            throw new InvalidArgumentException("groupBy(): expected at least one field of " + tableName());
        }
        return new SparkGrouping(this, Arrays.stream(fields).map(f -> field("groupBy", f)).toList());
    }

    /** As {@link #groupBy(Field...)}, fields named by their columns: {@code cap.resets().groupBy("cause").count()}. */
    public SparkGrouping groupBy(String... fields) {
        if (fields == null || fields.length == 0) {
            throw new InvalidArgumentException("groupBy(): expected at least one field of " + tableName());
        }
        return new SparkGrouping(this, Arrays.stream(fields).map(f -> field("groupBy", f)).toList());
    }

    /** The query as it is written: {@code flows(edge-1).withReset().stage(HANDSHAKE)}. */
    @Override
    public String toString() {
        return written(origin, conditions);
    }
}
