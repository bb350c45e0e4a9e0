package io.rstscope.view;

import io.rstscope.flow.Direction;
import io.rstscope.flow.FlowColumns;
import io.rstscope.reset.Evidence;
import io.rstscope.reset.ResetRow;
import io.rstscope.reset.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resets told in words: for each, when it came and from whom, at which stage, why (with the cause
 * this vantage point cannot tell apart, if any), who most likely really sent it, the verdict, how its
 * sequence number fits, and the evidence with the points each signal adds. One model, two renderings:
 * {@link #text()} for terminals and {@link #html()} for notebooks.
 *
 * <pre>{@code
 * Explanation e = cap.resets().cause(IDLE_TIMEOUT).explain();
 * System.out.println(e.text());
 * e.stories().get(0).lines();      // the lines of the first reset's story
 * }</pre>
 *
 * @param title   what was explained (the query's text)
 * @param stories one story per connection or reset
 */
public record Explanation(String title, List<Story> stories) {

    /** Copies the stories. */
    public Explanation {
        stories = List.copyOf(stories);
    }

    /**
     * One connection or reset, told.
     *
     * @param heading the first line: what and when
     * @param lines   the facts, one per line
     * @param verdict the verdict, for colouring ({@code null} for a connection without reset)
     * @param nested  the resets of a connection, told
     */
    public record Story(String heading, List<String> lines, Verdict verdict, List<Story> nested) {
        /** Copies the lists. */
        public Story {
            lines = List.copyOf(lines);
            nested = List.copyOf(nested);
        }
    }

    /** Each reset of {@code resets} told: {@code Explanation.resets("resets()", cap.resetRows())}. */
    public static Explanation resets(String title, List<ResetRow> resets) {
        List<Story> stories = new ArrayList<>();
        for (ResetRow r : resets) {
            stories.add(story(r));
        }
        return new Explanation(title, stories);
    }

    /**
     * Each connection of {@code rows} (rows of the flows table) with its resets told:
     * {@code Explanation.connections("flows()", cap.flowColumns(), uids, new int[] {0}, cap.resetRows())}.
     */
    public static Explanation connections(String title, FlowColumns flows, List<String> uids, int[] rows,
                                          List<ResetRow> resets) {
        Map<Integer, List<ResetRow>> byFlow = new LinkedHashMap<>();
        for (int r : rows) {
            byFlow.put(r, new ArrayList<>());
        }
        for (ResetRow r : resets) {
            List<ResetRow> l = byFlow.get(r.flow());
            if (l != null) {
                l.add(r);
            }
        }
        List<Story> stories = new ArrayList<>();
        int i = 0;
        for (int f : rows) {
            var a = flows.addresses();
            String heading = "Connection " + uids.get(i++) + ": client "
                    + Words.endpoint(a.text(flows.address(f, Direction.ORIG)), flows.port(f, Direction.ORIG))
                    + " → server " + Words.endpoint(a.text(flows.address(f, Direction.RESP)), flows.port(f, Direction.RESP))
                    + ", from " + Words.time(flows.ts(f));
            List<String> lines = new ArrayList<>();
            lines.add("State: " + flows.connState(f) + " — " + Words.state(flows.connState(f)) + "; history "
                    + flows.history(f) + ".");
            lines.add(String.format(Locale.ROOT, "Packets: %d from the client, %d from the server, over %.6f s.",
                    flows.packets(f, Direction.ORIG), flows.packets(f, Direction.RESP), flows.durationNanos(f) / 1e9));
            List<ResetRow> own = byFlow.get(f);
            int rsts = flows.rsts(f, Direction.ORIG) + flows.rsts(f, Direction.RESP);
            if (own.isEmpty()) {
                lines.add(rsts == 0 ? "No reset." : rsts + " RST packets, not explained (the capture was opened without packets).");
            }
            List<Story> nested = own.stream().map(Explanation::story).toList();
            Verdict worst = own.stream().map(ResetRow::verdict).max(Enum::compareTo).orElse(null);
            stories.add(new Story(heading, lines, worst, nested));
        }
        return new Explanation(title, stories);
    }

    static Story story(ResetRow r) {
        String form = r.form().name().replace('_', ',');
        String peer = r.sender().peer().name().toLowerCase(Locale.ROOT);
        String from = r.sender() == io.rstscope.reset.Sender.CLIENT
                ? Words.endpoint(r.origH(), r.origP()) : Words.endpoint(r.respH(), r.respP());
        String to = r.sender() == io.rstscope.reset.Sender.CLIENT
                ? Words.endpoint(r.respH(), r.respP()) : Words.endpoint(r.origH(), r.origP());
        String heading = "Frame " + r.frame() + ", " + Words.time(r.ts()) + ": " + form + " from the "
                + Words.side(r) + " " + from + " to the " + peer + " " + to + " (connection " + r.uid() + ")";
        List<String> lines = new ArrayList<>();
        lines.add("Stage: " + r.stage().phrase() + " (" + r.stage() + ").");
        lines.add("Cause: " + r.cause() + " — " + r.cause().description() + "."
                + (r.runnerUp() == null ? "" : " This vantage point cannot tell it from " + r.runnerUp() + " ("
                + r.runnerUp().description() + ")."));
        lines.add("Sent by: " + Words.origin(r) + ".");
        lines.add("Verdict: " + Words.verdict(r) + ".");
        lines.add("Sequence number: " + r.seqCheck() + " — " + Words.seqCheck(r.seqCheck()) + ".");
        String ttl = "TTL " + r.ttl() + (r.ttlBaseline() >= 0 ? ", the " + Words.side(r) + "'s usual " + r.ttlBaseline() : "");
        String gap = r.gapBeforeMs() >= 0 ? String.format(Locale.ROOT, "; %.3f ms after the connection's previous packet",
                r.gapBeforeMs()) : "";
        lines.add(ttl + gap + ".");
        if (r.evidence().isEmpty()) {
            lines.add("Evidence: none beyond the above.");
        } else {
            lines.add("Evidence:");
            for (Evidence e : r.evidence()) {
                lines.add("  - " + e.signal() + (e.points() == 0 ? "" : " +" + e.points()) + ": " + e.detail());
            }
        }
        return new Story(heading, lines, r.verdict(), List.of());
    }

    /** How many resets are told, nested ones included: {@code explain().resets()}. */
    public int resets() {
        int n = 0;
        for (Story s : stories) {
            n += s.nested().isEmpty() && s.heading().startsWith("Frame") ? 1 : s.nested().size();
        }
        return n;
    }

    /** The explanation as plain text, for a terminal: {@code System.out.println(e.text())}. */
    public String text() {
        StringBuilder sb = new StringBuilder(title).append('\n');
        if (stories.isEmpty()) {
            sb.append("Nothing to explain: the query selects no reset.\n");
        }
        for (Story s : stories) {
            sb.append('\n');
            text(sb, s, "");
        }
        return sb.toString();
    }

    private static void text(StringBuilder sb, Story s, String indent) {
        sb.append(indent).append(s.heading()).append('\n');
        for (String l : s.lines()) {
            sb.append(indent).append("  ").append(l).append('\n');
        }
        for (Story n : s.nested()) {
            text(sb, n, indent + "  ");
        }
    }

    /** The explanation as HTML, each reset coloured by its verdict: {@code e.html()}. */
    public String html() {
        StringBuilder h = new StringBuilder("<div class=\"rstscope-explanation\"><div><code>")
                .append(Words.escape(title)).append("</code></div>");
        if (stories.isEmpty()) {
            h.append("<p>Nothing to explain: the query selects no reset.</p>");
        }
        for (Story s : stories) {
            html(h, s);
        }
        return h.append("</div>").toString();
    }

    private static void html(StringBuilder h, Story s) {
        String color = s.verdict() == null ? "#999" : Words.color(s.verdict());
        h.append("<div style=\"border-left:4px solid ").append(color).append(";padding-left:8px;margin:8px 0\"><b>")
                .append(Words.escape(s.heading())).append("</b><ul style=\"margin:4px 0\">");
        for (String l : s.lines()) {
            h.append("<li>").append(Words.escape(l.strip())).append("</li>");
        }
        h.append("</ul>");
        for (Story n : s.nested()) {
            html(h, n);
        }
        h.append("</div>");
    }

    /** The text rendering. */
    @Override
    public String toString() {
        return text();
    }
}
