package io.rstscope.display;

import io.rstscope.query.TableFormats;
import io.rstscope.view.Html;
import java.util.regex.Pattern;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as an HTML table with a row limit and the total count, and as text; both as
 * {@link TableFormats#readable(Table)} shows it (times in ISO-8601 UTC, a resets table's verdict early).
 * The HTML fits a notebook's output area with no style of its own, for a notebook opened untrusted
 * drops styles: a column name may wrap after an underscore and a time after its {@code T}, and a cell
 * longer than {@value #CELL_CHARS} characters shows its first words and "…" on one line, its whole
 * text as its tooltip ({@code title}), so that no row grows tall. Values themselves never wrap inside
 * a word ({@code POLICY_INJECTION} stays whole).
 */
public final class TableView {

    /** The longest cell shown whole in HTML; a longer one is cut, its whole text in its tooltip. */
    public static final int CELL_CHARS = 40;

    private static final Pattern ISO_TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z");

    private TableView() {
    }

    /** The first {@code limit} rows of {@code table}, and how many there are in all. */
    public static Rendering render(Table table, int limit) {
        return render(table, limit, null);
    }

    /** As {@link #render(Table, int)}, with a caption (a query's own text, say). */
    public static Rendering render(Table table, int limit, String caption) {
        return head(table.first(Math.min(table.rowCount(), limit)), table.rowCount(), caption);
    }

    /**
     * The rows of {@code head} — the first rows of something of {@code rows} rows in all, such as a
     * query whose whole table is never built for display — and the total count.
     */
    public static Rendering head(Table head, int rows, String caption) {
        Table table = TableFormats.readable(head);
        int shown = head.rowCount();
        String count = count(rows, table.columnCount(), shown);
        String text = (caption == null ? "" : caption + "\n") + (rows == 0 ? "" : table.printAll() + "\n") + count;

        StringBuilder h = new StringBuilder();
        h.append("<div class=\"rstscope-table\">");
        if (caption != null) {
            h.append("<div><code>").append(Html.escape(caption)).append("</code></div>");
        }
        h.append("<table><thead><tr>");
        for (Column<?> c : table.columns()) {
            h.append("<th>").append(Html.escape(c.name()).replace("_", "_<wbr>")).append("</th>");
        }
        h.append("</tr></thead><tbody>");
        for (int r = 0; r < shown; r++) {
            h.append("<tr>");
            for (Column<?> c : table.columns()) {
                h.append(c.isMissing(r) ? "<td></td>" : cell(c.getString(r)));
            }
            h.append("</tr>");
        }
        h.append("</tbody></table><p>").append(Html.escape(count)).append("</p></div>");
        return Rendering.text(text).withHtml(h.toString());
    }

    /** A cell: whole when short, else its first words and "…" on one line with the whole text as its tooltip. */
    private static String cell(String s) {
        if (s.length() <= CELL_CHARS) {
            String e = Html.escape(s);
            return "<td>" + (ISO_TIME.matcher(s).matches() ? e.replaceFirst("T", "T<wbr>") : e) + "</td>";
        }
        int cut = s.lastIndexOf(' ', CELL_CHARS - 1);
        cut = cut < CELL_CHARS / 2 ? CELL_CHARS - 1 : cut;
        // No-break spaces: the cut text stays on one line whatever the column's width.
        String start = Html.escape(s.substring(0, cut).stripTrailing()).replace(' ', '\u00a0');
        return "<td title=\"" + Html.escape(s) + "\">" + start + "…</td>";
    }

    private static String count(int rows, int columns, int shown) {
        String all = String.format("%,d rows × %d columns", rows, columns);
        return shown < rows ? all + String.format(" (first %,d shown)", shown) : all;
    }
}
