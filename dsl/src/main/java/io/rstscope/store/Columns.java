package io.rstscope.store;

import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntToLongFunction;
import java.util.function.IntUnaryOperator;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;

/** Builds one Tablesaw column of {@code n} rows from a function of the row: the tables' common helpers. */
final class Columns {

    private Columns() {
    }

    static IntColumn ints(String name, int n, IntUnaryOperator get) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = get.applyAsInt(i);
        }
        return IntColumn.create(name, v);
    }

    static LongColumn longs(String name, int n, IntToLongFunction get) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = get.applyAsLong(i);
        }
        return LongColumn.create(name, v);
    }

    static DoubleColumn doubles(String name, int n, IntToDoubleFunction get) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = get.applyAsDouble(i);
        }
        return DoubleColumn.create(name, v);
    }

    static BooleanColumn bools(String name, int n, IntPredicate get) {
        boolean[] v = new boolean[n];
        for (int i = 0; i < n; i++) {
            v[i] = get.test(i);
        }
        return BooleanColumn.create(name, v);
    }

    /** Text; a {@code null} value is missing. */
    static StringColumn strings(String name, int n, IntFunction<String> get) {
        String[] v = new String[n];
        for (int i = 0; i < n; i++) {
            v[i] = get.apply(i);
        }
        return StringColumn.create(name, v);
    }
}
