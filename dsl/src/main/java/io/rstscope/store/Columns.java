package io.rstscope.store;

import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntToLongFunction;
import java.util.function.IntUnaryOperator;
import tech.tablesaw.columns.strings.StringColumnType;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.strings.IntDictionaryMap;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds one Tablesaw column of {@code n} rows from a function of the row: the tables' common helpers. */
final class Columns {

    private Columns() {
    }

    static IntColumn ints(String name, int n, IntUnaryOperator get) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = get.applyAsInt(i);
        }
        return wrap(name, v);
    }

    /**
     * An int column over {@code values} without copying them (IntColumn.create copies): the array is
     * the column's own from here on.
     */
    private static IntColumn wrap(String name, int[] values) {
        return new Wrapped(name, values);
    }

    /** IntColumn's constructor that takes the list as it is is protected: this subclass only reaches it. */
    private static final class Wrapped extends IntColumn {
        Wrapped(String name, int[] values) {
            super(name, IntArrayList.wrap(values));
        }
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

    /**
     * Text whose rows take few distinct values known by a small int key (an address id, a flow row, a
     * flag set): the column's dictionary is built from the keys once, so no row is hashed. A key whose
     * text is {@code null} is missing.
     *
     * @param key      the key of row i, in 0..keyCount-1
     * @param text     the text of a key
     */
    static StringColumn dictionary(String name, int n, IntUnaryOperator key, int keyCount, IntFunction<String> text) {
        // Keys with the same text share one dictionary entry: Tablesaw's dictionary is a bijection.
        int[] canonical = new int[keyCount];
        java.util.Arrays.fill(canonical, -1);
        int[] values = new int[n];
        Map<String, Integer> byText = new HashMap<>();
        List<String> texts = new ArrayList<>();
        int[] counts = new int[keyCount];
        for (int i = 0; i < n; i++) {
            int k = key.applyAsInt(i);
            int c = canonical[k];
            if (c < 0) {
                String t = text.apply(k);
                String v = t == null ? StringColumnType.missingValueIndicator() : t;
                Integer known = byText.get(v);
                if (known == null) {
                    known = texts.size();
                    byText.put(v, known);
                    texts.add(v);
                }
                c = known;
                canonical[k] = c;
            }
            values[i] = c;
            counts[c]++;
        }
        // Keyed as Tablesaw keys what it appends: the missing value (the empty text) by its reserved key,
        // which isMissing and countMissing read, and a text the column lacks looked up as its "absent"
        // key (without it, the lookup answered 0, a real key: isEqualTo of a text that is in no row
        // selected every row of the first text).
        Int2ObjectOpenHashMap<String> keyToValue = new Int2ObjectOpenHashMap<>();
        Object2IntOpenHashMap<String> valueToKey = new Object2IntOpenHashMap<>();
        valueToKey.defaultReturnValue(Integer.MIN_VALUE);
        Int2IntOpenHashMap keyToCount = new Int2IntOpenHashMap();
        int missing = byText.getOrDefault(StringColumnType.missingValueIndicator(), -1);
        for (int c = 0; c < texts.size(); c++) {
            int k = c == missing ? Integer.MAX_VALUE : c;
            keyToValue.put(k, texts.get(c));
            valueToKey.put(texts.get(c), k);
            keyToCount.put(k, counts[c]);
        }
        if (missing >= 0) {
            for (int i = 0; i < n; i++) {
                if (values[i] == missing) {
                    values[i] = Integer.MAX_VALUE;
                }
            }
        }
        IntDictionaryMap map = new IntDictionaryMap.IntDictionaryBuilder()
                .setNextIndex(texts.size())
                .setKeyToValue(keyToValue)
                .setValueToKey(valueToKey)
                .setKeyToCount(keyToCount)
                .setValues(values)
                .build();
        return StringColumn.createInternal(name, map);
    }
}
