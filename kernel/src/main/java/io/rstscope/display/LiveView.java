package io.rstscope.display;

import io.rstscope.view.Html;

import io.rstscope.Capture;
import io.rstscope.LiveCapture;
import io.rstscope.flow.ConnState;
import io.rstscope.flow.FlowColumns;
import io.rstscope.reset.ResetRow;
import io.rstscope.reset.Sender;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a running capture looks like in a display updated in place: its state and counts, its
 * connections by state, and its latest resets (time, sender &gt; receiver, stage, cause, verdict).
 *
 * <pre>{@code
 * Capture snap = live.snapshot();
 * display.show(LiveView.text(live, snap), LiveView.html(live, snap));
 * }</pre>
 */
public final class LiveView {

    /** How many of the latest resets are shown. */
    public static final int RESETS_SHOWN = 20;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private LiveView() {
    }

    /** Plain text: the state line, the connection states, one line per latest reset. */
    public static String text(LiveCapture live, Capture snap) {
        StringBuilder s = new StringBuilder(live.toString()).append('\n');
        s.append("connections: ").append(snap.flowColumns().size());
        states(snap).forEach((k, v) -> s.append(", ").append(k).append(' ').append(v));
        s.append('\n');
        for (ResetRow r : latest(snap)) {
            s.append(String.join("  ", cells(r))).append('\n');
        }
        return s.toString().stripTrailing();
    }

    /** HTML: the state line, a row of connection states, a table of the latest resets. */
    public static String html(LiveCapture live, Capture snap) {
        StringBuilder h = new StringBuilder("<div class=\"rstscope-live\"><div><b>").append(Html.escape(live.toString()))
                .append("</b></div><div>connections: ").append(snap.flowColumns().size());
        states(snap).forEach((k, v) -> h.append(", ").append(k).append(' ').append(v));
        h.append("</div>");
        List<ResetRow> rows = latest(snap);
        if (!rows.isEmpty()) {
            h.append("<table><thead><tr><th>time (UTC)</th><th>sender &gt; receiver</th><th>stage</th><th>cause</th>"
                    + "<th>verdict</th></tr></thead><tbody>");
            for (ResetRow r : rows) {
                h.append("<tr>");
                for (String c : cells(r)) {
                    h.append("<td>").append(Html.escape(c)).append("</td>");
                }
                h.append("</tr>");
            }
            h.append("</tbody></table>");
        }
        int all = snap.resetRows().size();
        if (all > rows.size()) {
            h.append("<div>the latest ").append(rows.size()).append(" of ").append(all).append(" resets</div>");
        }
        return h.append("</div>").toString();
    }

    private static Map<ConnState, Integer> states(Capture snap) {
        Map<ConnState, Integer> m = new EnumMap<>(ConnState.class);
        FlowColumns f = snap.flowColumns();
        for (int i = 0; i < f.size(); i++) {
            m.merge(f.connState(i), 1, Integer::sum);
        }
        return m;
    }

    private static List<ResetRow> latest(Capture snap) {
        List<ResetRow> all = snap.resetRows();
        return all.subList(Math.max(0, all.size() - RESETS_SHOWN), all.size());
    }

    private static String[] cells(ResetRow r) {
        boolean fromClient = r.sender() == Sender.CLIENT;
        String from = (fromClient ? r.origH() : r.respH()) + ":" + (fromClient ? r.origP() : r.respP());
        String to = (fromClient ? r.respH() : r.origH()) + ":" + (fromClient ? r.respP() : r.origP());
        return new String[] {TIME.format(Instant.ofEpochSecond(0, r.ts())), from + " > " + to, r.stage().name(),
                r.cause() + (r.runnerUp() != null ? " (or " + r.runnerUp() + ")" : ""), r.verdict().name()};
    }
}
