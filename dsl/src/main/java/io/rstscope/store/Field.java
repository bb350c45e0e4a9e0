package io.rstscope.store;

import tech.tablesaw.api.ColumnType;

/**
 * One column of a table schema. Implemented by one enum per table, which is the single source of the
 * column's name, type, missing-ness and doc.
 */
public interface Field {

    /**
     * What a schema enum's constant says of its column.
     *
     * @param column   the column name
     * @param type     the Tablesaw type
     * @param nullable whether the value may be missing
     * @param doc      a one-line description
     */
    record Spec(String column, ColumnType type, boolean nullable, String doc) {
    }

    /** The column's name, type, missing-ness and doc. */
    Spec spec();

    /** The column name, lower snake_case (Zeek's name where Zeek has the field). */
    default String column() {
        return spec().column();
    }

    /** The Tablesaw column type. */
    default ColumnType type() {
        return spec().type();
    }

    /** True when the value may be missing (unknown); 0 always means a zero was observed. */
    default boolean nullable() {
        return spec().nullable();
    }

    /** A one-line description. */
    default String doc() {
        return spec().doc();
    }

    /** A short name of the type for docs: int, long, text, bool, double. */
    default String typeName() {
        ColumnType t = type();
        if (t == ColumnType.INTEGER) {
            return "int";
        } else if (t == ColumnType.LONG) {
            return "long";
        } else if (t == ColumnType.STRING) {
            return "text";
        } else if (t == ColumnType.BOOLEAN) {
            return "bool";
        } else if (t == ColumnType.DOUBLE) {
            return "double";
        }
        return t.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The schema as a Markdown table, as the README shows it. */
    static String markdown(Field[] fields) {
        StringBuilder sb = new StringBuilder("| column | type | may be missing | meaning |\n|---|---|---|---|\n");
        for (Field f : fields) {
            sb.append("| `").append(f.column()).append("` | ").append(f.typeName()).append(" | ")
                    .append(f.nullable() ? "yes" : "no").append(" | ").append(f.doc()).append(" |\n");
        }
        return sb.toString();
    }
}
