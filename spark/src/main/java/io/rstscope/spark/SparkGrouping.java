package io.rstscope.spark;

import static org.apache.spark.sql.functions.col;

import io.rstscope.store.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import tech.tablesaw.api.Table;

/**
 * A Spark query's rows grouped by the values of some fields; {@link #count()} counts each group on
 * Spark and brings the counts back as a Tablesaw table, as one machine's {@code Grouping} does.
 *
 * <pre>{@code
 * cap.resets().groupBy(CAUSE, ORIGIN).count();        // cause | origin | count, the largest group first
 * cap.flows().withReset().groupBy("conn_state").count();
 * }</pre>
 */
public final class SparkGrouping {

    private final SparkQuery<?> query;
    private final List<Field> fields;

    SparkGrouping(SparkQuery<?> query, List<Field> fields) {
        this.query = query;
        this.fields = List.copyOf(fields);
    }

    /**
     * One row per distinct combination of the fields' values among the query's rows, with its number of
     * rows in {@code count}; the largest group first, ties in order of their values (a missing value is a
     * group of its own, first): {@code cap.resets().groupBy(CAUSE).count()}.
     */
    public Table count() {
        Column[] keys = fields.stream().map(f -> col(f.column())).toArray(Column[]::new);
        List<Column> order = new ArrayList<>();
        order.add(col("count").desc());
        for (Column k : keys) {
            order.add(k.asc_nulls_first());
        }
        var counts = query.selected().groupBy(keys).count().orderBy(order.toArray(Column[]::new)).collectAsList();
        return SparkTables.counts(query.name() + " by " + fields.stream().map(Field::column)
                .collect(Collectors.joining(", ")), counts, fields);
    }

    /** The grouping as written: {@code flows(edge-1).withReset().groupBy(conn_state)}. */
    @Override
    public String toString() {
        return query + ".groupBy(" + fields.stream().map(Field::column).collect(Collectors.joining(", ")) + ")";
    }
}
