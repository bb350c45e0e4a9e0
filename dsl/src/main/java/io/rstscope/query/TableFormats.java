package io.rstscope.query;

import io.rstscope.store.ResetField;
import io.rstscope.store.Times;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A table as text for a person, or as CSV or JSON for a program: what the notebook, the shell and
 * {@code query} show, and what {@code toCsv(..)} and {@code toJson(..)} write.
 *
 * <pre>{@code
 * StringBuilder sb = new StringBuilder();
 * TableFormats.csv(cap.resets().table(), sb);    // header row, then one line per row
 * TableFormats.json(cap.flows().table(), System.out);
 * System.out.println(TableFormats.text(cap.resets().table()));   // times in ISO-8601, the verdict early
 * }</pre>
 *
 * <p>A missing value is an empty CSV field and a JSON {@code null}; 0 stays 0, for missing means
 * unknown. CSV quotes a field holding a comma, a quote or a line break (RFC 4180). A time column
 * ({@link Times}) is written twice in CSV and JSON: as the exact integer of nanoseconds since the epoch
 * under its own name, then as ISO-8601 UTC under its name with {@value Times#ISO_SUFFIX}
 * ({@code ts,ts_iso,...}); a program may read either, and JSON readers that parse numbers as doubles
 * lose the last digits of the first.
 */
public final class TableFormats {

    /**
     * The columns a full resets table shows first: what happened, and who most likely sent it. The
     * others follow in the schema's order.
     */
    static final List<ResetField> RESET_LEAD = List.of(ResetField.FRAME, ResetField.TS, ResetField.SENDER,
            ResetField.STAGE, ResetField.CAUSE, ResetField.ORIGIN, ResetField.VERDICT);

    private TableFormats() {
    }

    /**
     * The table as a person reads it, for display: each time column as ISO-8601 UTC text with the
     * precision its times have ({@link Times#digits}), and a full resets table (every column of its
     * schema, in the schema's order) with {@code frame ts sender stage cause origin verdict} first so that
     * the verdict is in sight in a narrow window. A table whose columns were chosen keeps their order.
     * {@code TableFormats.readable(cap.resets().table())}
     */
    public static Table readable(Table t) {
        Table out = Table.create(t.name());
        for (Column<?> c : ordered(t)) {
            out.addColumns(Times.isTime(c) ? iso((LongColumn) c, c.name()) : c);
        }
        return out;
    }

    /** The table as aligned text, as {@link #readable(Table)} shows it: {@code TableFormats.text(cap.flows().table())}. */
    public static String text(Table t) {
        return readable(t).printAll();
    }

    private static List<Column<?>> ordered(Table t) {
        List<String> names = t.columnNames();
        List<String> schema = Arrays.stream(ResetField.values()).map(ResetField::column).toList();
        if (!names.equals(schema)) {
            return t.columns();
        }
        List<String> lead = RESET_LEAD.stream().map(ResetField::column).toList();
        List<Column<?>> out = new ArrayList<>();
        lead.forEach(name -> out.add(t.column(name)));
        t.columns().stream().filter(c -> !lead.contains(c.name())).forEach(out::add);
        return out;
    }

    private static StringColumn iso(LongColumn c, String name) {
        int digits = Times.digits(c);
        StringColumn out = StringColumn.create(name);
        for (int r = 0; r < c.size(); r++) {
            out.append(c.isMissing(r) ? null : Times.iso(c.getLong(r), digits));
        }
        return out;
    }

    /** The columns CSV and JSON write: each of the table's, and after each time column its ISO-8601 text. */
    private static List<Column<?>> machine(Table t) {
        List<Column<?>> out = new ArrayList<>();
        for (Column<?> c : t.columns()) {
            out.add(c);
            if (Times.isTime(c)) {
                out.add(iso((LongColumn) c, c.name() + Times.ISO_SUFFIX));
            }
        }
        return out;
    }

    /** Appends {@code t} as CSV with a header row: {@code TableFormats.csv(table, System.out)}. */
    public static void csv(Table t, Appendable out) {
        List<Column<?>> cols = machine(t);
        try {
            for (int c = 0; c < cols.size(); c++) {
                out.append(c == 0 ? "" : ",").append(csvText(cols.get(c).name()));
            }
            out.append('\n');
            for (int r = 0; r < t.rowCount(); r++) {
                for (int c = 0; c < cols.size(); c++) {
                    Column<?> col = cols.get(c);
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
        List<Column<?>> cols = machine(t);
        try {
            out.append('[');
            for (int r = 0; r < t.rowCount(); r++) {
                out.append(r == 0 ? "\n{" : ",\n{");
                for (int c = 0; c < cols.size(); c++) {
                    Column<?> col = cols.get(c);
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
