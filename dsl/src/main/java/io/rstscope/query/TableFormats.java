package io.rstscope.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A table as CSV or JSON text: what {@code toCsv(..)} and {@code toJson(..)} write, for writing to any
 * stream (the {@code query} command prints it).
 *
 * <pre>{@code
 * StringBuilder sb = new StringBuilder();
 * TableFormats.csv(cap.resets().table(), sb);    // header row, then one line per row
 * TableFormats.json(cap.flows().table(), System.out);
 * }</pre>
 *
 * <p>A missing value is an empty CSV field and a JSON {@code null}; 0 stays 0, for missing means
 * unknown. CSV quotes a field holding a comma, a quote or a line break (RFC 4180).
 */
public final class TableFormats {

    private TableFormats() {
    }

    /** Appends {@code t} as CSV with a header row: {@code TableFormats.csv(table, System.out)}. */
    public static void csv(Table t, Appendable out) {
        try {
            for (int c = 0; c < t.columnCount(); c++) {
                out.append(c == 0 ? "" : ",").append(csvText(t.column(c).name()));
            }
            out.append('\n');
            for (int r = 0; r < t.rowCount(); r++) {
                for (int c = 0; c < t.columnCount(); c++) {
                    Column<?> col = t.column(c);
                    out.append(c == 0 ? "" : ",").append(col.isMissing(r) ? "" : csvText(col.getString(r)));
                }
                out.append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends {@code t} as a JSON array of objects keyed by column, one per line: {@code TableFormats.json(table, sb)}. */
    public static void json(Table t, Appendable out) {
        try {
            out.append('[');
            for (int r = 0; r < t.rowCount(); r++) {
                out.append(r == 0 ? "\n{" : ",\n{");
                for (int c = 0; c < t.columnCount(); c++) {
                    Column<?> col = t.column(c);
                    out.append(c == 0 ? "" : ",").append(jsonText(col.name())).append(':').append(jsonValue(col, r));
                }
                out.append('}');
            }
            out.append(t.rowCount() == 0 ? "]\n" : "\n]\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String csvText(String s) {
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static String jsonValue(Column<?> col, int r) {
        if (col.isMissing(r)) {
            return "null";
        }
        if (col instanceof IntColumn ic) {
            return Integer.toString(ic.getInt(r));
        }
        if (col instanceof LongColumn lc) {
            return Long.toString(lc.getLong(r));
        }
        if (col instanceof DoubleColumn dc) {
            double d = dc.getDouble(r);
            return Double.isFinite(d) ? Double.toString(d) : "null";
        }
        if (col instanceof BooleanColumn bc) {
            return Boolean.toString(bc.get(r));
        }
        return jsonText(col.getString(r));
    }

    /** {@code s} as a JSON string literal. */
    static String jsonText(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
