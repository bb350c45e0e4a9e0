package io.rstscope.display;

import io.rstscope.view.Html;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** A Tablesaw table as an HTML table with a row limit and the total count, and as text. */
public final class TableView {

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
        Table table = head;
        int shown = head.rowCount();
        String count = count(rows, table.columnCount(), shown);
        String text = (caption == null ? "" : caption + "\n") + (rows == 0 ? "" : head.printAll() + "\n") + count;

        StringBuilder h = new StringBuilder();
        h.append("<div class=\"rstscope-table\">");
        if (caption != null) {
            h.append("<div><code>").append(Html.escape(caption)).append("</code></div>");
        }
        h.append("<table><thead><tr>");
        for (Column<?> c : table.columns()) {
            h.append("<th>").append(Html.escape(c.name())).append("</th>");
        }
        h.append("</tr></thead><tbody>");
        for (int r = 0; r < shown; r++) {
            h.append("<tr>");
            for (Column<?> c : table.columns()) {
                h.append("<td>").append(c.isMissing(r) ? "" : Html.escape(c.getString(r))).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</tbody></table><p>").append(Html.escape(count)).append("</p></div>");
        return Rendering.text(text).withHtml(h.toString());
    }

    private static String count(int rows, int columns, int shown) {
        String all = String.format("%,d rows × %d columns", rows, columns);
        return shown < rows ? all + String.format(" (first %,d shown)", shown) : all;
    }
}
