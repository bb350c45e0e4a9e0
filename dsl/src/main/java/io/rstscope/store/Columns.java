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
import tech.tablesaw.columns.strings.ByteDictionaryMap;
import tech.tablesaw.columns.strings.DictionaryMap;
import tech.tablesaw.columns.strings.IntDictionaryMap;
import it.unimi.dsi.fastutil.bytes.Byte2IntOpenHashMap;
import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import it.unimi.dsi.fastutil.bytes.Byte2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2ByteOpenHashMap;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
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

    /**
     * Set in place: LongColumn.create copies an array it is given, and its constructor that would take
     * one as it is is private.
     */
    static LongColumn longs(String name, int n, IntToLongFunction get) {
        LongColumn c = LongColumn.create(name, n);
        for (int i = 0; i < n; i++) {
            c.set(i, get.applyAsLong(i));
        }
        return c;
    }

    static DoubleColumn doubles(String name, int n, IntToDoubleFunction get) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = get.applyAsDouble(i);
        }
        return new WrappedDoubles(name, v);
    }

    /** DoubleColumn's constructor that takes the list as it is (create copies the array) is protected. */
    private static final class WrappedDoubles extends DoubleColumn {
        WrappedDoubles(String name, double[] values) {
            super(name, DoubleArrayList.wrap(values));
        }
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

    /** Text of {@code values} as they are; a {@code null} value is missing. */
    static StringColumn strings(String name, String[] values) {
        return StringColumn.create(name, values);
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
        int[] keys = new int[n];
        for (int i = 0; i < n; i++) {
            keys[i] = key.applyAsInt(i);
        }
        return dictionary(name, keys, keyCount, text);
    }

    /** {@link #dictionary(String, int, IntUnaryOperator, int, IntFunction)} of every row's key at once. */
    static StringColumn dictionary(String name, int[] keys, int keyCount, IntFunction<String> text) {
        // Keys with the same text share one dictionary entry: Tablesaw's dictionary is a bijection.
        int n = keys.length;
        int[] canonical = new int[keyCount];
        Arrays.fill(canonical, -1);
        int[] values = new int[n];
        Map<String, Integer> byText = new HashMap<>();
        List<String> texts = new ArrayList<>();
        int[] counts = new int[keyCount];
        for (int i = 0; i < n; i++) {
            int k = keys[i];
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
        int missing = byText.getOrDefault(StringColumnType.missingValueIndicator(), -1);
        int regular = texts.size() - (missing >= 0 ? 1 : 0);
        return StringColumn.createInternal(name, regular <= BYTE_KEYS
                ? byteMap(values, texts, counts, missing) : intMap(values, texts, counts, missing));
    }

    /**
     * An enum's names from every row's ordinal, -1 (or any negative) missing: a dictionary keyed by the
     * constants' ordinals, so that no row's text is hashed.
     */
    static <E extends Enum<E>> StringColumn enums(String name, int[] ordinals, E[] constants) {
        int[] keys = new int[ordinals.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = ordinals[i] < 0 ? constants.length : ordinals[i];
        }
        return dictionary(name, keys, constants.length + 1, k -> k == constants.length ? null : constants[k].name());
    }

    /** An int column of {@code values} as they are, without a copy. */
    static IntColumn ints(String name, int[] values) {
        return wrap(name, values);
    }

    /** An int column of {@code values}, each negative one missing (as {@code Integer.MIN_VALUE}). */
    static IntColumn intsOrMissing(String name, int[] values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0) {
                values[i] = Integer.MIN_VALUE;
            }
        }
        return wrap(name, values);
    }

    /** A long column of a copy of {@code values} (LongColumn takes no array as it is). */
    static LongColumn longs(String name, long[] values) {
        return LongColumn.create(name, values);
    }

    /** A double column of {@code values} as they are, without a copy. */
    static DoubleColumn doubles(String name, double[] values) {
        return new WrappedDoubles(name, values);
    }

    /** The most texts a one-byte dictionary holds besides the missing value: Tablesaw keys them -127 to 126. */
    private static final int BYTE_KEYS = 254;

    /*
     * Keyed as Tablesaw keys what it appends: the missing value (the empty text) by its reserved key,
     * which isMissing and countMissing read, and a text the column lacks looked up as its "absent" key
     * (without it, the lookup answered a real key: isEqualTo of a text that is in no row selected every
     * row of the first text). A column of few texts in a one-byte dictionary keyed as appending them
     * would key it, from -127 up (so the same texts list in the same order), a quarter of the memory of an
     * int one; else an int one.
     */
    private static DictionaryMap byteMap(int[] values, List<String> texts, int[] counts, int missing) {
        Byte2ObjectOpenHashMap<String> keyToValue = new Byte2ObjectOpenHashMap<>();
        Object2ByteOpenHashMap<String> valueToKey = new Object2ByteOpenHashMap<>();
        valueToKey.defaultReturnValue(Byte.MIN_VALUE);
        Byte2IntOpenHashMap keyToCount = new Byte2IntOpenHashMap();
        byte[] keys = new byte[texts.size()];
        byte next = Byte.MIN_VALUE;
        for (int c = 0; c < texts.size(); c++) {
            keys[c] = c == missing ? Byte.MAX_VALUE : ++next;
            keyToValue.put(keys[c], texts.get(c));
            valueToKey.put(texts.get(c), keys[c]);
            keyToCount.put(keys[c], counts[c]);
        }
        byte[] v = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            v[i] = keys[values[i]];
        }
        return new ByteDictionaryMap.ByteDictionaryBuilder()
                .setNextIndex(next)
                .setKeyToValue(keyToValue)
                .setValueToKey(valueToKey)
                .setKeyToCount(keyToCount)
                .setValues(v)
                .build();
    }

    private static DictionaryMap intMap(int[] values, List<String> texts, int[] counts, int missing) {
        int size = texts.size();
        Int2ObjectOpenHashMap<String> keyToValue = new Int2ObjectOpenHashMap<>(size);
        Object2IntOpenHashMap<String> valueToKey = new Object2IntOpenHashMap<>(size);
        valueToKey.defaultReturnValue(Integer.MIN_VALUE);
        Int2IntOpenHashMap keyToCount = new Int2IntOpenHashMap(size);
        for (int c = 0; c < size; c++) {
            int k = c == missing ? Integer.MAX_VALUE : c;
            keyToValue.put(k, texts.get(c));
            valueToKey.put(texts.get(c), k);
            keyToCount.put(k, counts[c]);
        }
        if (missing >= 0) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == missing) {
                    values[i] = Integer.MAX_VALUE;
                }
            }
        }
        return new IntDictionaryMap.IntDictionaryBuilder()
                .setNextIndex(size)
                .setKeyToValue(keyToValue)
                .setValueToKey(valueToKey)
                .setKeyToCount(keyToCount)
                .setValues(values)
                .build();
    }
}
