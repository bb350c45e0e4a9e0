package io.rstscope.query;

import io.rstscope.store.Field;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A query's rows grouped by the values of some fields; {@link #count()} counts each group. Immutable,
 * and computed only by {@code count()}.
 *
 * <pre>{@code
 * cap.resets().groupBy(CAUSE, ORIGIN).count();       // cause | origin | count, the largest group first
 * cap.flows().withReset().groupBy("conn_state").count();
 * }</pre>
 */
public final class Grouping {

    private final Query<?, ?> query;
    private final List<Field> fields;

    Grouping(Query<?, ?> query, List<Field> fields) {
        this.query = query;
        this.fields = List.copyOf(fields);
    }

    /**
     * One row per distinct combination of the fields' values among the query's rows, with its number
     * of rows in {@code count}; the largest group first, ties in order of first appearance (a missing
     * value is a group of its own): {@code resets().groupBy(CAUSE).count()}.
     */
    public Table count() {
        int[] rows = query.rows();
        Column<?>[] columns = fields.stream().map(query::wholeColumn).toArray(Column<?>[]::new);
        Map<Object, int[]> groups = new HashMap<>();
        List<int[]> order = new java.util.ArrayList<>();
        for (int r : rows) {
            Object key;
            if (columns.length == 1) {
                key = columns[0].isMissing(r) ? Missing.VALUE : columns[0].getString(r);
            } else {
                Object[] k = new Object[columns.length];
                for (int c = 0; c < columns.length; c++) {
                    k[c] = columns[c].isMissing(r) ? Missing.VALUE : columns[c].getString(r);
                }
                key = List.of(k);
            }
            int[] g = groups.get(key);
            if (g == null) {
                g = new int[] {r, 0, order.size()};
                groups.put(key, g);
                order.add(g);
            }
            g[1]++;
        }
        order.sort((a, b) -> a[1] != b[1] ? Integer.compare(b[1], a[1]) : Integer.compare(a[2], b[2]));
        Table out = Table.create(query.tableName() + " by " + fields.stream().map(Field::column)
                .collect(Collectors.joining(", ")));
        for (Column<?> c : columns) {
            Column<?> copy = c.emptyCopy();
            for (int[] g : order) {
                appendRow(copy, c, g[0]);
            }
            out.addColumns(copy);
        }
        int[] counts = order.stream().mapToInt(g -> g[1]).toArray();
        out.addColumns(IntColumn.create("count", counts));
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void appendRow(Column to, Column from, int row) {
        to.append(from, row);
    }

    /** A missing value as a group key. */
    private enum Missing { VALUE }

    /** The grouping as written: {@code resets(trace.pcap).groupBy(cause, origin)}. */
    @Override
    public String toString() {
        return query.text() + ".groupBy(" + fields.stream().map(Field::column).collect(Collectors.joining(", ")) + ")";
    }
}
