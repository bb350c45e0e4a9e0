package io.rstscope.cli;

import io.rstscope.Capture;
import io.rstscope.Rst;
import io.rstscope.RstscopeException;
import io.rstscope.capture.CaptureData;
import io.rstscope.capture.CaptureStats;
import io.rstscope.capture.Issue;
import io.rstscope.capture.IssueKind;
import io.rstscope.capture.ReadOptions;
import io.rstscope.flow.ConnState;
import io.rstscope.flow.FlowColumns;
import io.rstscope.flow.TrackedCapture;
import io.rstscope.reset.ResetOptions;
import io.rstscope.reset.ResetStream;
import io.rstscope.reset.Cause;
import io.rstscope.reset.Evidence;
import io.rstscope.reset.Origin;
import io.rstscope.reset.ResetRow;
import io.rstscope.reset.Sender;
import io.rstscope.reset.Stage;
import io.rstscope.reset.Verdict;
import io.rstscope.store.ResetField;
import io.rstscope.store.ResetTables;
import io.rstscope.teach.Scenario;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * {@code rstscope explain [FILE|DIR...] [--format text|json] [--limit N]}: the report of each capture —
 * its time span, connections by state and how many had a reset, resets by stage, cause, origin and
 * verdict; on a capture with many resets the hosts and ports they went to and one line per
 * (cause, verdict) group, unusual groups first; then each reset with its reason, group by group, each
 * group in time order. Lines fit the terminal. With no FILE, every bundled teaching scenario.
 */
final class ExplainCommand {

    /** A real capture shipped in the jar, for examples and tests. */
    static final String SAMPLE = "/io/rstscope/samples/nmap-vsn.pcap";
    static final String USAGE = "usage: rstscope explain [FILE|DIR...] [--format text|json] [--limit N] [--threads N]";
    static final String HELP = String.join("\n", USAGE,
            "",
            "Explains every TCP reset of each capture: when, sent by whom, at which stage, why, and whether",
            "it is genuine or injected by a device on the path. A DIR stands for the capture files in it",
            "and its subdirectories (" + Inputs.PATTERNS + "), sorted by path;",
            "several captures get one section each, then a total. With no FILE, every bundled teaching",
            "scenario with its story.",
            "",
            "  --format text|json  text (the default) fits the terminal's width (COLUMNS, else 100 when not",
            "                      a terminal); json prints per capture its summary as one object, then one",
            "                      object per reset with the resets table's columns",
            "  --json              the same as --format json",
            "  --limit N           at most N resets listed one per line in text (default 50)",
            Args.threadsHelp(22),
            "  -h, --help          this text",
            "",
            "Exit status: 0 when every capture was read cleanly, 2 when one was damaged or unreadable,",
            "1 on a usage error.");
    /** More resets than this, and the report starts with where they went and one line per group. */
    static final int OVERVIEW_ABOVE = 10;

    private final PrintStream out;
    private final PrintStream err;
    private final Lines lines;

    ExplainCommand(PrintStream out, PrintStream err) {
        this(out, err, Lines.terminalWidth());
    }

    ExplainCommand(PrintStream out, PrintStream err, int width) {
        this.out = out;
        this.err = err;
        this.lines = new Lines(out, width);
    }

    int run(String[] args) {
        String format;
        int limit;
        ReadOptions read;
        List<Path> files;
        try {
            Args a = Args.parse(args, Set.of("--json"), Set.of("--format", "--limit", "--threads"));
            if (a.help()) {
                out.println(HELP);
                return 0;
            }
            format = a.has("--json") ? "json" : a.choice("--format", "text", List.of("text", "json"));
            limit = (int) Math.min(Integer.MAX_VALUE, a.number("--limit", 50));
            read = ReadOptions.DEFAULT.withoutPackets().withThreads(a.threads());
            files = Inputs.expand(a.positional());
        } catch (Args.Usage e) {
            err.println("rstscope explain: " + e.getMessage());
            err.println(USAGE);
            return 1;
        }
        if (files.isEmpty()) {
            return scenarios(format, limit);
        }
        int status = 0;
        Totals totals = new Totals();
        for (int i = 0; i < files.size(); i++) {
            String file = files.get(i).toString();
            if (i > 0 && format.equals("text")) {
                out.println();
            }
            Capture cap = null;
            TrackedCapture tracked = null;
            Report report = new Report(limit);
            try {
                if (format.equals("json")) {
                    cap = Rst.open(files.get(i), read); // every row is printed
                } else {
                    // Bounded: the rows are gathered into what the report prints as they are judged.
                    tracked = readInto(files.get(i), read, report);
                }
            } catch (RstscopeException e) {
                if (format.equals("json")) {
                    // Scripts read standard output: the same error object summary --json prints.
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("file", file);
                    row.put("error", e.getMessage());
                    out.println(Json.write(row));
                } else {
                    err.println("rstscope explain: " + e.getMessage());
                }
                totals.unreadable++;
                status = 2;
                continue;
            }
            CaptureData data;
            if (format.equals("json")) {
                json(cap, file);
                data = cap.data();
            } else {
                data = tracked.data();
                text(data, tracked.flows(), report, file);
                totals.add(data, tracked.flows(), report);
            }
            if (data.damage() != null) {
                err.println("rstscope explain: " + data.damage().getMessage());
                status = 2;
            }
        }
        if (files.size() > 1 && format.equals("text")) {
            out.println();
            totals.print(lines);
        }
        return status;
    }

    /**
     * Reads {@code file} into {@code report}: once, as {@code summary} does, when it is small beside the
     * heap ({@link SummaryCommand#readsOnce}; the report prints no row's place in the capture, only how
     * many connections have a reset), else in the bounded two passes
     * ({@link ResetStream#read(Path, ReadOptions, ResetOptions, java.util.function.Consumer)}).
     */
    private static TrackedCapture readInto(Path file, ReadOptions read, Report report) {
        try {
            if (SummaryCommand.readsOnce(file)) {
                return ResetStream.readOnce(file, read, ResetOptions.DEFAULT,
                        (r, connection) -> report.accept(r, connection)).capture();
            }
            return ResetStream.read(file, read, ResetOptions.DEFAULT, report).capture();
        } catch (OutOfMemoryError e) {
            throw RstscopeException.outOfMemory(file);
        }
    }

    /** With no FILE: every bundled teaching scenario, one after the other, each with its story. */
    private int scenarios(String format, int limit) {
        for (Scenario s : Scenario.values()) {
            Capture cap = Rst.scenario(s);
            String label = "teaching scenario " + s.fileName() + " — " + s.title();
            if (format.equals("json")) {
                json(cap, s.fileName());
            } else {
                text(cap, label, limit);
                out.println();
                lines.print("  " + s.explanation(), 2);
                out.println();
                out.println("-".repeat(lines.width()));
            }
        }
        return 0;
    }

    /**
     * The order of the report: the (cause, verdict) groups unusual first — forged, then suspicious,
     * then the rarer causes before the common — and each group's resets in time order, so a burst
     * reads as it happened.
     */
    static List<ResetRow> ordered(List<ResetRow> resets) {
        Map<List<Object>, Long> sizes = new HashMap<>();
        for (ResetRow r : resets) {
            sizes.merge(List.of(r.cause(), r.verdict()), 1L, Long::sum);
        }
        List<ResetRow> rows = new ArrayList<>(resets);
        rows.sort(Comparator.comparingInt((ResetRow r) -> unusual(r.verdict()))
                .thenComparingLong(r -> sizes.get(List.of(r.cause(), r.verdict())))
                .thenComparing(ResetRow::cause).thenComparingLong(ResetRow::ts).thenComparingLong(ResetRow::frame));
        return rows;
    }

    /** Forged first, then suspicious, then genuine. */
    private static int unusual(Verdict v) {
        return switch (v) {
            case FORGED -> 0;
            case SUSPICIOUS -> 1;
            case GENUINE -> 2;
        };
    }

    private void text(Capture cap, String label, int limit) {
        Report report = new Report(limit);
        cap.resetRows().forEach(report);
        text(cap.data(), cap.flowColumns(), report, label);
    }

    /**
     * What the text report prints of a capture's resets, gathered row by row in any order: counts, the
     * top hosts and ports, and per (cause, verdict) group its size and its {@code limit} earliest rows —
     * so a capture of any length is reported in memory bounded by the hosts seen and the groups.
     */
    static final class Report implements java.util.function.Consumer<ResetRow> {
        final int limit;
        long resets;
        /** The connections with a reset: their rows, or their first frames in a read once (past an int's range apart). */
        final java.util.BitSet flows = new java.util.BitSet();
        final Set<Long> farFlows = new HashSet<>();
        boolean nanos;
        boolean runnerUp;
        // Counted in arrays by ordinal and port, and by host in mutable counts: the sink is called for every
        // reset, by one worker at a time, and boxed counts in maps were a tenth of the workers' time.
        private final long[] stages = new long[Stage.values().length];
        private final long[] causes = new long[Cause.values().length];
        private final long[] origins = new long[Origin.values().length];
        private final long[] verdicts = new long[Verdict.values().length];
        private final Map<String, long[]> wentTo = new HashMap<>();
        private final Map<String, long[]> sentBy = new HashMap<>();
        private final long[] ports = new long[65536];
        private final Group[][] groups = new Group[Cause.values().length][Verdict.values().length];

        Report(int limit) {
            this.limit = limit;
        }

        @Override
        public void accept(ResetRow r) {
            accept(r, r.flow());
        }

        /** Counts {@code r}, a reset of the connection named {@code connection}: its row, or its first frame. */
        void accept(ResetRow r, long connection) {
            resets++;
            if (connection <= Integer.MAX_VALUE) {
                flows.set((int) connection);
            } else {
                farFlows.add(connection);
            }
            nanos |= r.ts() % 1000 != 0;
            runnerUp |= r.runnerUp() != null;
            stages[r.stage().ordinal()]++;
            causes[r.cause().ordinal()]++;
            origins[r.origin().ordinal()]++;
            verdicts[r.verdict().ordinal()]++;
            boolean server = r.sender() == Sender.SERVER;
            wentTo.computeIfAbsent(server ? r.origH() : r.respH(), h -> new long[1])[0]++;
            sentBy.computeIfAbsent(server ? r.respH() : r.origH(), h -> new long[1])[0]++;
            ports[r.respP() & 0xffff]++;
            Group[] byVerdict = groups[r.cause().ordinal()];
            Group g = byVerdict[r.verdict().ordinal()];
            if (g == null) {
                g = byVerdict[r.verdict().ordinal()] = new Group(Math.max(1, limit));
            }
            g.add(r);
        }

        Map<Stage, Long> stages() {
            return byKey(Stage.class, stages);
        }

        Map<Cause, Long> causes() {
            return byKey(Cause.class, causes);
        }

        Map<Origin, Long> origins() {
            return byKey(Origin.class, origins);
        }

        Map<Verdict, Long> verdicts() {
            return byKey(Verdict.class, verdicts);
        }

        Map<String, Long> wentTo() {
            return counted(wentTo);
        }

        Map<String, Long> sentBy() {
            return counted(sentBy);
        }

        /** The servers' ports (as text) with their counts. */
        Map<String, Long> ports() {
            Map<String, Long> m = new HashMap<>();
            for (int p = 0; p < ports.length; p++) {
                if (ports[p] > 0) {
                    m.put(String.valueOf(p), ports[p]);
                }
            }
            return m;
        }

        private static <E extends Enum<E>> Map<E, Long> byKey(Class<E> type, long[] counts) {
            Map<E, Long> m = new EnumMap<>(type);
            E[] all = type.getEnumConstants();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    m.put(all[i], counts[i]);
                }
            }
            return m;
        }

        private static Map<String, Long> counted(Map<String, long[]> counts) {
            Map<String, Long> m = new HashMap<>();
            counts.forEach((k, v) -> m.put(k, v[0]));
            return m;
        }

        /** How many connections have a reset. */
        long connections() {
            return flows.cardinality() + farFlows.size();
        }

        /** The groups in the report's order: unusual first, then the smaller, then by cause. */
        List<Group> ordered() {
            List<Group> all = new ArrayList<>();
            for (Group[] byVerdict : groups) {
                for (Group g : byVerdict) {
                    if (g != null) {
                        all.add(g);
                    }
                }
            }
            all.sort(Comparator.comparingInt((Group g) -> unusual(g.first().verdict())).thenComparingLong(g -> g.size)
                    .thenComparing(g -> g.first().cause()));
            return all;
        }
    }

    /** One (cause, verdict) group: its size and its earliest rows (by time, then frame), at most {@code keep}. */
    static final class Group {
        private static final Comparator<ResetRow> EARLY = Comparator.comparingLong(ResetRow::ts).thenComparingLong(ResetRow::frame);
        final int keep;
        long size;
        final java.util.PriorityQueue<ResetRow> latestFirst = new java.util.PriorityQueue<>(EARLY.reversed());

        Group(int keep) {
            this.keep = keep;
        }

        void add(ResetRow r) {
            size++;
            if (latestFirst.size() == keep) {
                ResetRow latest = latestFirst.peek();
                if (r.ts() > latest.ts() || r.ts() == latest.ts() && r.frame() >= latest.frame()) {
                    return; // no earlier than the latest kept: the queue would drop it at once
                }
            }
            latestFirst.add(r);
            if (latestFirst.size() > keep) {
                latestFirst.poll();
            }
        }

        List<ResetRow> earliest() {
            List<ResetRow> rows = new ArrayList<>(latestFirst);
            rows.sort(EARLY);
            return rows;
        }

        ResetRow first() {
            return earliest().get(0);
        }
    }

    private void text(CaptureData data, FlowColumns flows, Report report, String label) {
        int limit = report.limit;
        CaptureStats s = data.stats();
        Clock clock = new Clock(data, report.nanos);
        lines.print("capture      " + label, 13);
        lines.print("             " + data.formatLabel() + ", " + Plural.of(s.packets(), "packet") + " ("
                + Plural.number(s.tcpPackets()) + " TCP, " + Plural.of(s.rstPackets(), "RST packet", "RST packets") + ")", 13);
        if (s.firstTs() >= 0) {
            lines.print("time         " + clock.span(s.firstTs(), s.lastTs()), 13);
        }
        for (String issue : issueLines(data.issues())) {
            lines.print("issues       " + issue, 13);
        }
        Map<ConnState, Long> states = new EnumMap<>(ConnState.class);
        for (ConnState c : ConnState.values()) {
            if (flows.count(c) > 0) {
                states.put(c, flows.count(c));
            }
        }
        long withReset = report.connections();
        lines.print("connections  " + Plural.number(flows.size())
                + (flows.size() == 0 ? "" : ", " + Plural.number(withReset) + " with a reset" + share(withReset, flows.size()))
                + (states.isEmpty() ? "" : " — " + counts(states)), 13);
        lines.print("resets       " + Plural.number(report.resets), 13);
        if (report.resets == 0) {
            return;
        }
        lines.print("  by stage   " + counts(report.stages()), 13);
        lines.print("  by cause   " + counts(report.causes()), 13);
        lines.print("  by origin  " + counts(report.origins()), 13);
        lines.print("  by verdict " + counts(report.verdicts()), 13);
        List<Group> groups = report.ordered();
        if (report.resets > OVERVIEW_ABOVE) {
            overview(report, groups);
        }
        out.println();
        List<ResetRow> shown = new ArrayList<>();
        for (Group g : groups) {
            for (ResetRow r : g.earliest()) {
                if (shown.size() < limit) {
                    shown.add(r);
                }
            }
        }
        int connWidth = 10;
        for (ResetRow r : shown) {
            connWidth = Math.max(connWidth, connection(r).length());
        }
        String row = "%-7s %-" + clock.width() + "s  %-" + connWidth + "s  %-6s %s";
        lines.print(String.format(Locale.ROOT, row, "frame", "time (UTC)", "connection", "sender", "verdict"), 8);
        lines.print("        stage, cause: why", 8);
        for (ResetRow r : shown) {
            lines.print(String.format(Locale.ROOT, row, r.frame(), clock.time(r.ts()), connection(r), r.sender(),
                    r.verdict() + (r.forgedScore() > 0 ? " (score " + r.forgedScore() + ")" : "")), 8);
            lines.print("        " + r.stage() + ", " + r.cause() + (r.runnerUp() != null ? "?" : "") + ": " + reason(r), 8);
        }
        if (report.resets > limit) {
            lines.print("… and " + Plural.of(report.resets - limit, "more reset")
                    + " (--limit N shows more, --format json all)", 2);
        }
        if (report.runnerUp) {
            lines.print("? = this vantage point cannot tell the cause from its runner-up (see runner_up_cause)", 4);
        }
    }

    /** Where the resets went and came from, the servers' ports, and one line per (cause, verdict) group. */
    private void overview(Report report, List<Group> groups) {
        long n = report.resets;
        lines.print("  went to    " + top(report.wentTo(), n), 13);
        lines.print("  sent by    " + top(report.sentBy(), n), 13);
        lines.print("  port       " + top(report.ports(), n) + " (the server's)", 13);
        out.println();
        lines.print("groups       one line per cause and verdict, unusual first", 13);
        lines.print(String.format(Locale.ROOT, "  %9s  %-24s %-11s %s", "resets", "cause", "verdict", "first"), 4);
        for (Group g : groups) {
            ResetRow first = g.first();
            lines.print(String.format(Locale.ROOT, "  %9s  %-24s %-11s frame %d, %s → %s", Plural.number(g.size),
                    first.cause(), first.verdict(), first.frame(), endpoint(first.origH(), first.origP()),
                    endpoint(first.respH(), first.respP())), 4);
        }
    }

    /** The three most frequent values, each with its count, "(all)" when one value has them all. */
    private static String top(Map<String, Long> counts, long total) {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        StringJoiner sj = new StringJoiner(", ");
        for (Map.Entry<String, Long> e : sorted.subList(0, Math.min(3, sorted.size()))) {
            long n = e.getValue();
            sj.add(e.getKey() + " (" + (n == total ? "all " + Plural.number(total) : Plural.number(n)
                    + (2 * n > total ? ", " + String.format(Locale.ROOT, "%.1f%%", 100.0 * n / total) : "")) + ")");
        }
        if (sorted.size() > 3) {
            sj.add("… " + Plural.number(sorted.size()) + " in all");
        }
        return sj.toString();
    }

    private static String share(long part, long whole) {
        return whole == 0 ? "" : String.format(Locale.ROOT, " (%s)", part == whole ? "all" : Math.round(100.0 * part / whole) + "%");
    }

    private static String connection(ResetRow r) {
        return endpoint(r.origH(), r.origP()) + " → " + endpoint(r.respH(), r.respP());
    }

    private static String endpoint(String host, int port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    /**
     * The packets the report cannot count as TCP, in words: how many the snap length cut, how many had
     * a field that cannot be valid, and each link type not decoded with its reason, which names it.
     */
    static List<String> issueLines(List<Issue> issues) {
        long truncated = issues.stream().filter(i -> i.kind() == IssueKind.TRUNCATED).count();
        long invalid = issues.stream().filter(i -> i.kind() == IssueKind.INVALID).count();
        List<String> out = new ArrayList<>();
        if (truncated + invalid > 0) {
            StringJoiner sj = new StringJoiner(", ");
            if (truncated > 0) {
                sj.add(Plural.of(truncated, "packet") + " cut short by the snap length");
            }
            if (invalid > 0) {
                sj.add(Plural.of(invalid, "packet") + " with a field that cannot be valid");
            }
            out.add(sj + " (issues() lists them)");
        }
        for (Issue i : issues) {
            if (i.kind() == IssueKind.UNSUPPORTED) {
                out.add(i.reason());
            }
        }
        return out;
    }

    /**
     * The reset's reason in words: its cause, and the evidence that decided it, each saying something
     * the cause does not — evidence that restates the cause with a figure replaces it, and a "what was
     * seen: what it means" whose meaning is the cause keeps only what was seen.
     */
    static String reason(ResetRow r) {
        String cause = r.cause().description();
        List<String> details = new ArrayList<>();
        for (Evidence e : r.evidence()) {
            String d = e.detail();
            int colon = d.lastIndexOf(": ");
            if (overlap(d, cause) >= 0.75 && overlap(cause, d) >= 0.75) {
                cause = d;
                continue;
            }
            if (colon > 0 && overlap(d.substring(colon + 2), cause) >= 0.75) {
                d = d.substring(0, colon);
            }
            details.add(d + (e.points() > 0 ? " [+" + e.points() + "]" : ""));
        }
        StringBuilder sb = new StringBuilder(cause);
        if (r.runnerUp() != null) {
            sb.append(" (or: ").append(r.runnerUp().description()).append(")");
        }
        for (String d : details) {
            sb.append("; ").append(d);
        }
        return sb.toString();
    }

    /** The share of {@code a}'s words (of four letters or more) that {@code b} also has. */
    private static double overlap(String a, String b) {
        Set<String> wa = words(a);
        if (wa.isEmpty()) {
            return 0;
        }
        Set<String> wb = words(b);
        return wa.stream().filter(wb::contains).count() / (double) wa.size();
    }

    private static Set<String> words(String s) {
        Set<String> w = new HashSet<>();
        for (String x : s.toLowerCase(Locale.ROOT).split("[^a-z0-9_-]+")) {
            if (x.length() >= 4) {
                w.add(x);
            }
        }
        return w;
    }

    private void json(Capture cap, String label) {
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("file", label);
        SummaryCommand.fill(head, cap.data());
        SummaryCommand.fillFlows(head, cap.flowColumns());
        SummaryCommand.fillResets(head, cap.resetRows());
        if (cap.data().damage() != null) {
            head.put("error", cap.data().damage().getMessage());
        }
        out.println(Json.write(head));
        for (ResetRow r : ordered(cap.resetRows())) {
            Map<String, Object> o = new LinkedHashMap<>();
            for (ResetField f : ResetField.values()) {
                o.put(f.column(), value(f, r));
            }
            out.println(Json.write(o));
        }
    }

    /** The value of one column of the resets table for one row, as JSON wants it. */
    static Object value(ResetField f, ResetRow r) {
        return switch (f) {
            case FRAME -> r.frame();
            case TS -> r.ts();
            case UID -> r.uid();
            case ORIG_H -> r.origH();
            case ORIG_P -> r.origP();
            case RESP_H -> r.respH();
            case RESP_P -> r.respP();
            case SENDER -> r.sender().name();
            case STAGE -> r.stage().name();
            case CAUSE -> r.cause().name();
            case RUNNER_UP_CAUSE -> r.runnerUp() == null ? null : r.runnerUp().name();
            case ORIGIN -> r.origin().name();
            case FORM -> r.form().name();
            case SEQ_CHECK -> r.seqCheck().name();
            case TTL -> r.ttl();
            case TTL_BASELINE -> r.ttlBaseline() < 0 ? null : r.ttlBaseline();
            case GAP_BEFORE_MS -> r.gapBeforeMs() < 0 ? null : r.gapBeforeMs();
            case FORGED_SCORE -> r.forgedScore();
            case VERDICT -> r.verdict().name();
            case EVIDENCE -> ResetTables.evidence(r.evidence());
            case REASON_TEXT -> r.reasonText();
            case SEEN_AT -> r.seenAt() == null ? null : r.seenAt().name();
        };
    }

    private static String counts(Map<? extends Enum<?>, Long> m) {
        StringJoiner sj = new StringJoiner(", ");
        m.forEach((k, v) -> sj.add(k.name() + " " + Plural.number(v)));
        return sj.toString();
    }

    /** What several captures hold together, for the last section of a report over several. */
    private static final class Totals {
        int captures;
        int unreadable;
        long packets;
        long connections;
        long withReset;
        final Map<Cause, Long> causes = new EnumMap<>(Cause.class);
        final Map<Verdict, Long> verdicts = new EnumMap<>(Verdict.class);
        long resets;

        void add(CaptureData data, FlowColumns flows, Report report) {
            captures++;
            packets += data.stats().packets();
            connections += flows.size();
            withReset += report.connections();
            resets += report.resets;
            report.causes().forEach((k, v) -> causes.merge(k, v, Long::sum));
            report.verdicts().forEach((k, v) -> verdicts.merge(k, v, Long::sum));
        }

        void print(Lines lines) {
            lines.print("total        " + Plural.of(captures, "capture") + (unreadable > 0 ? " (and " + unreadable
                    + " unreadable)" : "") + ", " + Plural.of(packets, "packet"), 13);
            lines.print("connections  " + Plural.number(connections) + ", " + Plural.number(withReset) + " with a reset"
                    + share(withReset, connections), 13);
            lines.print("resets       " + Plural.number(resets), 13);
            if (resets > 0) {
                lines.print("  by cause   " + counts(causes), 13);
                lines.print("  by verdict " + counts(verdicts), 13);
            }
        }
    }
}
