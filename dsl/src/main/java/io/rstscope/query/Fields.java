package io.rstscope.query;

import io.rstscope.store.Col;
import io.rstscope.store.Field;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Looks up a table's fields by column name, and says which known name is closest to a misspelt one. */
final class Fields {

    private Fields() {
    }

    /** The field of {@code schema} named {@code name} (column name or enum constant, any case). */
    static <F extends Enum<F> & Field> F named(String step, String table, Class<F> schema, String name) {
        if (name == null) {
            throw new InvalidArgumentException(step + "(null): expected a field of " + table);
        }
        F[] all = schema.getEnumConstants();
        for (F f : all) {
            if (f.column().equalsIgnoreCase(name) || f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        String closest = closest(name.toLowerCase(Locale.ROOT), all);
        String list = Arrays.stream(all).map(Field::column).collect(Collectors.joining(", "));
        throw new UnknownFieldException(step + "(\"" + name + "\"): " + table + " has no field \"" + name + "\""
                + (closest == null ? "." : "; did you mean \"" + closest + "\"?") + " Fields: " + list, name, closest);
    }

    /** {@code field} when it is a field of {@code schema}, else an error naming the table it belongs to. */
    static <F extends Enum<F> & Field> F of(String step, String table, Class<F> schema, Field field) {
        if (field == null) {
            throw new InvalidArgumentException(step + "(null): expected a field of " + table);
        }
        if (schema.isInstance(field)) {
            return schema.cast(field);
        }
        // A name of the common vocabulary (Col) or a field of another table: the same column here is what
        // was meant (ts, uid, orig_h...).
        for (F f : schema.getEnumConstants()) {
            if (f.column().equals(field.column())) {
                return f;
            }
        }
        boolean constant = field instanceof Col;
        String asked = constant ? ((Col) field).name() : field.getClass().getSimpleName() + "." + field;
        String closest = closest(field.column(), schema.getEnumConstants());
        String suggestion = closest == null ? "."
                : "; did you mean " + (constant ? closest.toUpperCase(Locale.ROOT) : closest) + "?";
        List<String> tables = constant ? ((Col) field).tables() : List.of(Col.tableOf(field));
        String where = tables.equals(List.of("issues"))
                ? " " + field.column() + " is a column of the issues() table only"
                : " " + field.column() + " is a field of " + String.join(" and ", tables) + ": navigate first, e.g. ."
                + tables.get(0) + "()";
        throw new UnknownFieldException(step + "(" + asked + "): " + table + " has no field " + field.column()
                + suggestion + where, field.column(), closest);
    }

    private static String closest(String name, Field[] all) {
        return Suggestions.closest(name, Arrays.stream(all).map(Field::column).toList());
    }

    /** Levenshtein distance, with a swap of two neighbours counted as one edit (Damerau). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
