package io.rstscope.spark;

import io.rstscope.store.Field;
import java.util.List;
import org.apache.spark.sql.Row;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Spark rows back into a Tablesaw table of one of the library's schemas, the inverse of
 * {@link TableRows}: the same column names and types, null as a missing value.
 *
 * <pre>{@code
 * Table t = SparkTables.table("flows", rows, FlowField.values());
 * }</pre>
 */
final class SparkTables {

    private SparkTables() {
    }

    /** A table named {@code name} of {@code rows}, whose values are {@code fields}' in order. */
    static Table table(String name, List<Row> rows, Field[] fields) {
        Table t = Table.create(name);
        for (int c = 0; c < fields.length; c++) {
            t.addColumns(column(fields[c], rows, c));
        }
        return t;
    }

    /** A group count's table: the key columns of {@code fields}, then {@code count}. */
    static Table counts(String name, List<Row> rows, List<Field> fields) {
        Table t = table(name, rows, fields.toArray(Field[]::new));
        int at = fields.size();
        return t.addColumns(IntColumn.create("count", rows.stream().mapToInt(r -> Math.toIntExact(r.getLong(at))).toArray()));
    }

    private static Column<?> column(Field f, List<Row> rows, int at) {
        ColumnType type = f.type();
        String name = f.column();
        if (type == ColumnType.INTEGER) {
            IntColumn c = IntColumn.create(name);
            rows.forEach(r -> { if (r.isNullAt(at)) c.appendMissing(); else c.append(r.getInt(at)); });
            return c;
        } else if (type == ColumnType.LONG) {
            LongColumn c = LongColumn.create(name);
            rows.forEach(r -> { if (r.isNullAt(at)) c.appendMissing(); else c.append(r.getLong(at)); });
            return c;
        } else if (type == ColumnType.DOUBLE) {
            DoubleColumn c = DoubleColumn.create(name);
            rows.forEach(r -> { if (r.isNullAt(at)) c.appendMissing(); else c.append(r.getDouble(at)); });
            return c;
        } else if (type == ColumnType.BOOLEAN) {
            BooleanColumn c = BooleanColumn.create(name);
            rows.forEach(r -> { if (r.isNullAt(at)) c.appendMissing(); else c.append(r.getBoolean(at)); });
            return c;
        }
        StringColumn c = StringColumn.create(name);
        rows.forEach(r -> c.append(r.isNullAt(at) ? null : r.getString(at)));
        return c;
    }
}
