package io.rstscope.spark;

import io.rstscope.store.Field;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table of one of the library's schemas as Spark rows: the same column names and types
 * (Tablesaw's INTEGER, LONG, DOUBLE, STRING, BOOLEAN as Spark's int, bigint, double, string, boolean), a
 * missing value as null. The schema enum ({@code FlowField}, {@code ResetField}) is the one source.
 *
 * <pre>{@code
 * StructType schema = TableRows.schema(FlowField.values());
 * Object[] first = TableRows.values(FlowTables.flows(columns), 0);
 * }</pre>
 */
final class TableRows {

    private TableRows() {
    }

    /** The Spark schema of a table whose columns are {@code fields}, in their order. */
    static StructType schema(Field[] fields) {
        StructType t = new StructType();
        for (Field f : fields) {
            t = t.add(f.column(), sparkType(f.type()), true);
        }
        return t;
    }

    static DataType sparkType(ColumnType type) {
        if (type == ColumnType.INTEGER) {
            return DataTypes.IntegerType;
        } else if (type == ColumnType.LONG) {
            return DataTypes.LongType;
        } else if (type == ColumnType.DOUBLE) {
            return DataTypes.DoubleType;
        } else if (type == ColumnType.BOOLEAN) {
            return DataTypes.BooleanType;
        } else if (type == ColumnType.STRING) {
            return DataTypes.StringType;
        }
        throw new IllegalArgumentException("no Spark type for the Tablesaw type " + type.name());
    }

    /** Row {@code row} of {@code t}, one value per column, null where missing. */
    static Object[] values(Table t, int row) {
        Object[] v = new Object[t.columnCount()];
        for (int c = 0; c < v.length; c++) {
            Column<?> col = t.column(c);
            if (col.isMissing(row)) {
                continue;
            }
            if (col instanceof IntColumn i) {
                v[c] = i.getInt(row);
            } else if (col instanceof LongColumn l) {
                v[c] = l.getLong(row);
            } else if (col instanceof DoubleColumn d) {
                v[c] = d.getDouble(row);
            } else if (col instanceof BooleanColumn b) {
                v[c] = b.get(row);
            } else {
                v[c] = col.getString(row);
            }
        }
        return v;
    }
}
