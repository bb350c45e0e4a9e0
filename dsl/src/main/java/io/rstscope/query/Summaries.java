package io.rstscope.query;

import io.rstscope.store.Field;
import io.rstscope.store.Times;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.api.NumericColumn;

/** {@code top(n, field)} and {@code describe()}. */
final class Summaries {

    private Summaries() {
    }

    static Table top(Query<?, ?> query, int n, Field field) {
        if (n < 0) {
            throw new InvalidArgumentException("top(" + n + ", " + field.column() + "): expected a number of rows, 0 or more");
        }
        ColumnType t = field.type();
        if (t != ColumnType.INTEGER && t != ColumnType.LONG && t != ColumnType.DOUBLE) {
            Table counts = new Grouping(query, List.of(field)).count();
            Table top = counts.first(n);
            top.setName(query.tableName() + " top " + n + " " + field.column());
            return top;
        }
        int[] rows = query.rows();
        Column<?> c = query.wholeColumn(field);
        NumericColumn<?> num = (NumericColumn<?>) c;
        List<Integer> present = new ArrayList<>(rows.length);
        for (int r : rows) {
            if (!c.isMissing(r)) {
                present.add(r);
            }
        }
        // Largest first; equal values keep table order.
        present.sort((a, b) -> Double.compare(num.getDouble(b), num.getDouble(a)));
        int[] chosen = present.stream().limit(n).mapToInt(Integer::intValue).toArray();
        java.util.Arrays.sort(chosen);
        Table picked = query.rowsOf(chosen);
        // where() keeps table order; put the rows back in the order of their values.
        Table sorted = picked.sortDescendingOn(field.column());
        sorted.setName(query.tableName() + " top " + n + " by " + field.column());
        return sorted;
    }

    static Table describe(Table t) {
        int cols = t.columnCount();
        StringColumn name = StringColumn.create("column");
        StringColumn type = StringColumn.create("type");
        IntColumn present = IntColumn.create("present");
        IntColumn missing = IntColumn.create("missing");
        IntColumn distinct = IntColumn.create("distinct");
        StringColumn min = StringColumn.create("min");
        DoubleColumn mean = DoubleColumn.create("mean");
        StringColumn max = StringColumn.create("max");
        StringColumn common = StringColumn.create("most_common");
        for (int i = 0; i < cols; i++) {
            Column<?> c = t.column(i);
            int n = c.size();
            int miss = c.countMissing();
            name.append(c.name());
            type.append(c.type().name().toLowerCase(Locale.ROOT));
            present.append(n - miss);
            missing.append(miss);
            Map<String, Integer> counts = new HashMap<>();
            String best = null;
            int bestCount = 0;
            for (int r = 0; r < n; r++) {
                if (c.isMissing(r)) {
                    continue;
                }
                String v = c.getString(r);
                int k = counts.merge(v, 1, Integer::sum);
                if (k > bestCount) {
                    bestCount = k;
                    best = v;
                }
            }
            distinct.append(counts.size());
            common.append(best == null ? null : best + " (" + bestCount + ")");
            if (c instanceof NumericColumn<?> num && n - miss > 0) {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                long loL = Long.MAX_VALUE;
                long hiL = Long.MIN_VALUE;
                double sum = 0;
                boolean integral = c instanceof IntColumn || c instanceof LongColumn;
                for (int r = 0; r < n; r++) {
                    if (!c.isMissing(r)) {
                        // Longs are compared as longs: nanosecond times do not fit a double exactly.
                        long l = c instanceof LongColumn lc ? lc.getLong(r) : c instanceof IntColumn ic ? ic.getInt(r) : 0;
                        double v = num.getDouble(r);
                        loL = Math.min(loL, l);
                        hiL = Math.max(hiL, l);
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                        sum += v;
                    }
                }
                if (Times.isTime(c)) {
                    int digits = Times.digits((LongColumn) c);
                    min.append(Times.iso(loL, digits));
                    max.append(Times.iso(hiL, digits));
                } else {
                    min.append(integral ? Long.toString(loL) : Double.toString(lo));
                    max.append(integral ? Long.toString(hiL) : Double.toString(hi));
                }
                mean.append(sum / (n - miss));
            } else {
                min.appendMissing();
                max.appendMissing();
                mean.appendMissing();
            }
        }
        return Table.create(t.name() + " described", name, type, present, missing, distinct, min, mean, max, common);
    }
}
