package io.rstscope.query;

import io.rstscope.store.Field;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;

/**
 * Checks a {@link Match} against a field's type when the step is called, and compiles it into a test
 * of a row of a Tablesaw column in the terminal: the column is looked up once, and numbers are read
 * as primitives.
 */
final class Matcher {

    private Matcher() {
    }

    /** Fails now when {@code match} cannot apply to {@code field}'s type. */
    static void check(String step, Field field, Match match) {
        if (match == null) {
            throw new InvalidArgumentException(step + "(" + field.column() + ", null): expected a match such as "
                    + "eq(..), gt(..), in(..) or missing()");
        }
        if (match instanceof Match.And a) {
            check(step, field, a.left());
            check(step, field, a.right());
        } else if (match instanceof Match.Or o) {
            check(step, field, o.left());
            check(step, field, o.right());
        } else if (match instanceof Match.Not n) {
            check(step, field, n.match());
        } else if (match instanceof Match.Compare c) {
            checkValue(step, field, match, c.value());
            if (field.type() == ColumnType.BOOLEAN && c.op() != Match.Op.EQ && c.op() != Match.Op.NE) {
                throw new InvalidArgumentException(step + "(" + field.column() + ", " + match + "): "
                        + field.column() + " is a bool; expected eq(true|false) or ne(..)");
            }
        } else if (match instanceof Match.In in) {
            for (Object v : in.values()) {
                checkValue(step, field, match, v);
            }
        }
    }

    private static void checkValue(String step, Field field, Match match, Object v) {
        ColumnType t = field.type();
        boolean number = t == ColumnType.INTEGER || t == ColumnType.LONG || t == ColumnType.DOUBLE;
        String expected = null;
        if (number && !(v instanceof Number)) {
            expected = "a number";
        } else if (t == ColumnType.STRING && !(v instanceof String)) {
            expected = "a text (or an enum constant)";
        } else if (t == ColumnType.BOOLEAN && !(v instanceof Boolean)) {
            expected = "true or false";
        }
        if (expected != null) {
            throw new InvalidArgumentException(step + "(" + field.column() + ", " + match + "): " + field.column()
                    + " is a " + field.typeName() + " field; expected " + expected + ", got " + Match.literal(v));
        }
    }

    /** The test of {@code match} on the rows of {@code column}. */
    static IntPredicate compile(Column<?> column, Match match) {
        if (match instanceof Match.And a) {
            IntPredicate l = compile(column, a.left());
            IntPredicate r = compile(column, a.right());
            return row -> l.test(row) && r.test(row);
        }
        if (match instanceof Match.Or o) {
            IntPredicate l = compile(column, o.left());
            IntPredicate r = compile(column, o.right());
            return row -> l.test(row) || r.test(row);
        }
        if (match instanceof Match.Not n) {
            IntPredicate inner = compile(column, n.match());
            return row -> !inner.test(row);
        }
        if (match instanceof Match.Presence p) {
            boolean present = p.present();
            return row -> column.isMissing(row) != present;
        }
        if (match instanceof Match.Test t) {
            var test = t.test();
            return row -> test.test(column.isMissing(row) ? null : column.get(row));
        }
        if (match instanceof Match.Text t) {
            return text(column, t);
        }
        if (match instanceof Match.Compare c) {
            return compare(column, c.op(), c.value());
        }
        if (match instanceof Match.In in) {
            return in(column, in);
        }
        throw new IllegalStateException("unknown match " + match);
    }

    private static IntPredicate text(Column<?> column, Match.Text t) {
        String s = t.text();
        return switch (t.op()) {
            case CONTAINS -> row -> !column.isMissing(row) && column.getString(row).contains(s);
            case STARTS_WITH -> row -> !column.isMissing(row) && column.getString(row).startsWith(s);
            case MATCHES -> {
                Pattern p = Pattern.compile(s);
                yield row -> !column.isMissing(row) && p.matcher(column.getString(row)).matches();
            }
        };
    }

    private static boolean integral(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte;
    }

    private static IntPredicate compare(Column<?> column, Match.Op op, Object value) {
        if (column instanceof IntColumn ic) {
            if (integral(value)) {
                long v = ((Number) value).longValue();
                return row -> !ic.isMissing(row) && op.test(Long.compare(ic.getInt(row), v));
            }
            double v = ((Number) value).doubleValue();
            return row -> !ic.isMissing(row) && op.test(Double.compare(ic.getInt(row), v));
        }
        if (column instanceof LongColumn lc) {
            if (integral(value)) {
                long v = ((Number) value).longValue();
                return row -> !lc.isMissing(row) && op.test(Long.compare(lc.getLong(row), v));
            }
            double v = ((Number) value).doubleValue();
            return row -> !lc.isMissing(row) && op.test(Double.compare(lc.getLong(row), v));
        }
        if (column instanceof DoubleColumn dc) {
            double v = ((Number) value).doubleValue();
            return row -> {
                double d = dc.getDouble(row);
                return !Double.isNaN(d) && op.test(Double.compare(d, v));
            };
        }
        if (column instanceof BooleanColumn bc) {
            boolean v = (Boolean) value;
            return row -> !bc.isMissing(row) && op.test(bc.get(row) == v ? 0 : 1);
        }
        if (column instanceof StringColumn sc) {
            String v = (String) value;
            return row -> !sc.isMissing(row) && op.test(sc.get(row).compareTo(v));
        }
        throw new IllegalStateException("no comparison for column type " + column.type());
    }

    private static IntPredicate in(Column<?> column, Match.In in) {
        if (column instanceof IntColumn || column instanceof LongColumn || column instanceof DoubleColumn) {
            double[] values = in.values().stream().mapToDouble(v -> ((Number) v).doubleValue()).sorted().toArray();
            if (column instanceof IntColumn ic) {
                return row -> !ic.isMissing(row) && Arrays.binarySearch(values, ic.getInt(row)) >= 0;
            }
            if (column instanceof LongColumn lc) {
                return row -> !lc.isMissing(row) && Arrays.binarySearch(values, lc.getLong(row)) >= 0;
            }
            DoubleColumn dc = (DoubleColumn) column;
            return row -> !Double.isNaN(dc.getDouble(row)) && Arrays.binarySearch(values, dc.getDouble(row)) >= 0;
        }
        Set<String> values = new HashSet<>();
        for (Object v : in.values()) {
            values.add(String.valueOf(v));
        }
        return row -> !column.isMissing(row) && values.contains(column.getString(row));
    }
}
