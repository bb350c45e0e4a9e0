package io.rstscope.view;

import io.rstscope.reset.Cause;
import io.rstscope.reset.ResetRow;
import io.rstscope.reset.Verdict;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resets over time, one lane per cause (the most frequent first), each reset a mark coloured by its
 * verdict: bursts, periodic injections and the moment a firewall rule changed stand out. One model,
 * two renderings: {@link #svg()} for notebooks and {@link #text()} (a strip of counts per cause) for
 * terminals.
 *
 * <pre>{@code
 * Timeline t = cap.resets().timeline();
 * t.lanes().get(0).cause();     // the most frequent cause
 * String svg = t.svg();
 * }</pre>
 *
 * @param title what was drawn (the query's text)
 * @param lanes one lane per cause, the most frequent first
 * @param first the first reset's time, ns since the epoch (0 when there is none)
 * @param last  the last reset's time, ns since the epoch
 */
public record Timeline(String title, List<Lane> lanes, long first, long last) {

    /** Buckets of the text strip. */
    static final int BUCKETS = 60;

    /** Copies the lanes. */
    public Timeline {
        lanes = List.copyOf(lanes);
    }

    /**
     * The resets of one cause.
     *
     * @param cause    the cause
     * @param times    each reset's time, ns since the epoch, in file order
     * @param verdicts each reset's verdict, in the same order
     */
    public record Lane(Cause cause, long[] times, List<Verdict> verdicts) {
        /** How many resets. */
        public int count() {
            return times.length;
        }
    }

    /** The timeline of {@code resets}: {@code Timeline.of("resets()", cap.resetRows())}. */
    public static Timeline of(String title, List<ResetRow> resets) {
        Map<Cause, List<ResetRow>> by = new EnumMap<>(Cause.class);
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (ResetRow r : resets) {
            by.computeIfAbsent(r.cause(), k -> new ArrayList<>()).add(r);
            first = Math.min(first, r.ts());
            last = Math.max(last, r.ts());
        }
        List<Lane> lanes = new ArrayList<>();
        for (var e : by.entrySet()) {
            List<ResetRow> l = e.getValue();
            lanes.add(new Lane(e.getKey(), l.stream().mapToLong(ResetRow::ts).toArray(),
                    l.stream().map(ResetRow::verdict).toList()));
        }
        lanes.sort((a, b) -> b.count() != a.count() ? Integer.compare(b.count(), a.count()) : a.cause().compareTo(b.cause()));
        return resets.isEmpty() ? new Timeline(title, lanes, 0, 0) : new Timeline(title, lanes, first, last);
    }

    /** How many resets in all. */
    public int count() {
        return lanes.stream().mapToInt(Lane::count).sum();
    }

    private int bucket(long ts, int buckets) {
        long span = Math.max(1, last - first);
        return (int) Math.min(buckets - 1, (ts - first) * buckets / span);
    }

    /**
     * A strip per cause: each character a sixtieth of the time span, {@code .} one reset, {@code :} two
     * or three, {@code #} four or more: {@code System.out.println(t.text())}.
     */
    public String text() {
        StringBuilder sb = new StringBuilder(title).append('\n');
        if (lanes.isEmpty()) {
            return sb.append("no resets\n").toString();
        }
        sb.append(String.format(Locale.ROOT, "%d resets from %s to %s (%.3f s)%n", count(), Words.time(first),
                Words.time(last), (last - first) / 1e9));
        int w = lanes.stream().mapToInt(l -> l.cause().name().length()).max().orElse(0);
        for (Lane l : lanes) {
            int[] n = new int[BUCKETS];
            for (long t : l.times()) {
                n[bucket(t, BUCKETS)]++;
            }
            StringBuilder strip = new StringBuilder();
            for (int c : n) {
                strip.append(c == 0 ? ' ' : c == 1 ? '.' : c <= 3 ? ':' : '#');
            }
            sb.append(String.format(Locale.ROOT, "%-" + w + "s |%s| %d%n", l.cause(), strip, l.count()));
        }
        return sb.toString();
    }

    /** The chart as an SVG image: {@code t.svg()}. */
    public String svg() {
        int labelWidth = 230;
        int plot = 620;
        int laneHeight = 28;
        int top = 40;
        int height = top + Math.max(1, lanes.size()) * laneHeight + 60;
        int width = labelWidth + plot + 30;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\">", width, height, width, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        s.append(Ladder.text(8, 18, "start", "#000", true, 12, title));
        if (lanes.isEmpty()) {
            s.append(Ladder.text(labelWidth, top + 18, "start", "#666", false, 12, "no resets"));
            return s.append("</svg>").toString();
        }
        long span = Math.max(1, last - first);
        for (int i = 0; i < lanes.size(); i++) {
            Lane l = lanes.get(i);
            int y = top + i * laneHeight;
            if (i % 2 == 0) {
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f4f4f4\"/>",
                        labelWidth, y, plot, laneHeight));
            }
            s.append(Ladder.text(labelWidth - 8, y + 18, "end", "#000", false, 12, l.cause() + " (" + l.count() + ")"));
            for (int k = 0; k < l.times().length; k++) {
                double x = labelWidth + 5 + (plot - 10) * (double) (l.times()[k] - first) / span;
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
                        + "stroke-width=\"2\" stroke-opacity=\"0.8\"/>", x, y + 5, x, y + laneHeight - 5,
                        Words.color(l.verdicts().get(k))));
            }
        }
        int axis = top + lanes.size() * laneHeight + 4;
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>",
                labelWidth, axis, labelWidth + plot, axis));
        for (int t = 0; t <= 4; t++) {
            int x = labelWidth + 5 + (plot - 10) * t / 4;
            double sec = (span * t / 4.0) / 1e9;
            s.append(Ladder.text(x, axis + 16, "middle", "#333", false, 11, String.format(Locale.ROOT, "+%.3f s", sec)));
        }
        s.append(Ladder.text(labelWidth, axis + 34, "start", "#333", false, 11, "from " + Words.time(first)));
        int lx = labelWidth + plot - 270;
        for (Verdict v : Verdict.values()) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>",
                    lx, axis + 25, Words.color(v)));
            s.append(Ladder.text(lx + 14, axis + 34, "start", "#333", false, 11, v.name()));
            lx += 90;
        }
        return s.append("</svg>").toString();
    }

    /** The text rendering. */
    @Override
    public String toString() {
        return text();
    }
}
