package io.rstscope.cli;

import io.rstscope.Capture;
import io.rstscope.Rst;
import io.rstscope.RstscopeException;
import io.rstscope.flow.ConnState;
import io.rstscope.flow.FlowColumns;
import io.rstscope.reset.Cause;
import io.rstscope.reset.Evidence;
import io.rstscope.reset.Origin;
import io.rstscope.reset.ResetRow;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code rstscope explain [FILE] [--format text|json] [--limit N]}: the report of one capture —
 * connections by state, resets by stage, cause, origin and verdict, then each reset in one line with
 * its reason, suspicious and forged ones first. With no FILE, every bundled teaching scenario.
 */
final class ExplainCommand {

    /** A real capture shipped in the jar, for examples and tests. */
    static final String SAMPLE = "/io/rstscope/samples/nmap-vsn.pcap";
    static final String USAGE = "usage: rstscope explain [FILE] [--format text|json] [--limit N]";

    private final PrintStream out;
    private final PrintStream err;

    ExplainCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        String file = null;
        String format = "text";
        int limit = 50;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--format" -> format = args[++i];
                    case "--json" -> format = "json";
                    case "--limit" -> limit = Integer.parseInt(args[++i]);
                    default -> {
                        if (args[i].startsWith("-") || file != null) {
                            throw new IllegalArgumentException(args[i]);
                        }
                        file = args[i];
                    }
                }
            }
            if (!format.equals("text") && !format.equals("json")) {
                throw new IllegalArgumentException(format);
            }
        } catch (RuntimeException e) {
            err.println(USAGE);
            return 1;
        }
        if (file == null) {
            return scenarios(format, limit);
        }
        Capture cap;
        try {
            cap = Rst.open(Path.of(file));
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
            return 2;
        }
        if (format.equals("json")) {
            json(cap, file);
        } else {
            text(cap, file, limit);
        }
        if (cap.data().damage() != null) {
            err.println("rstscope explain: " + cap.data().damage().getMessage());
            return 2;
        }
        return 0;
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
                out.println(wrap(s.explanation(), 100, "  "));
                out.println();
                out.println("-".repeat(100));
            }
        }
        return 0;
    }

    private static String wrap(String text, int width, String indent) {
        StringBuilder sb = new StringBuilder(indent);
        int col = indent.length();
        for (String word : text.split("\\s+")) {
            if (col + word.length() + 1 > width && col > indent.length()) {
                sb.append('\n').append(indent);
                col = indent.length();
            } else if (col > indent.length()) {
                sb.append(' ');
                col++;
            }
            sb.append(word);
            col += word.length();
        }
        return sb.toString();
    }

    /** Suspicious and forged first (highest score first), then in file order. */
    static List<ResetRow> ordered(List<ResetRow> resets) {
        List<ResetRow> rows = new ArrayList<>(resets);
        rows.sort(Comparator.comparing((ResetRow r) -> r.verdict() == Verdict.GENUINE)
                .thenComparing(r -> -r.forgedScore()).thenComparingLong(ResetRow::frame));
        return rows;
    }

    private void text(Capture cap, String label, int limit) {
        FlowColumns flows = cap.flowColumns();
        List<ResetRow> resets = cap.resetRows();
        out.println("capture      " + label);
        String counts = cap.toString();
        out.println("             " + counts.substring(counts.indexOf(": ") + 2));
        Map<ConnState, Long> states = new EnumMap<>(ConnState.class);
        for (int i = 0; i < flows.size(); i++) {
            states.merge(flows.connState(i), 1L, Long::sum);
        }
        out.println("connections  " + flows.size() + (states.isEmpty() ? "" : " — " + counts(states)));
        out.println("resets       " + resets.size());
        if (!resets.isEmpty()) {
            out.println("  by stage   " + counts(tally(resets, ResetRow::stage, Stage.class)));
            out.println("  by cause   " + counts(tally(resets, ResetRow::cause, Cause.class)));
            out.println("  by origin  " + counts(tally(resets, ResetRow::origin, Origin.class)));
            out.println("  by verdict " + counts(tally(resets, ResetRow::verdict, Verdict.class)));
            out.println();
            out.printf("%-7s %-15s %-44s %-6s %-14s %-22s %-10s %s%n", "frame", "time", "connection", "sender",
                    "stage", "cause", "verdict", "why");
            List<ResetRow> rows = ordered(resets);
            for (ResetRow r : rows.subList(0, Math.min(limit, rows.size()))) {
                out.printf("%-7d %-15s %-44s %-6s %-14s %-22s %-10s %s%n", r.frame(), time(r.ts()),
                        r.origH() + ":" + r.origP() + " → " + r.respH() + ":" + r.respP(), r.sender(), r.stage(),
                        r.cause() + (r.runnerUp() != null ? "?" : ""), r.verdict() + (r.forgedScore() > 0 ? " " + r.forgedScore() : ""),
                        reason(r));
            }
            if (rows.size() > limit) {
                out.println("… and " + (rows.size() - limit) + " more resets (--limit N shows more, --format json all)");
            }
            if (rows.stream().anyMatch(r -> r.runnerUp() != null)) {
                out.println("? = this vantage point cannot tell the cause from its runner-up (see runner_up_cause)");
            }
        }
    }

    /** The reset's reason in words: its cause, and the evidence that decided it. */
    static String reason(ResetRow r) {
        StringBuilder sb = new StringBuilder(r.cause().description());
        if (r.runnerUp() != null) {
            sb.append(" (or: ").append(r.runnerUp().description()).append(")");
        }
        for (Evidence e : r.evidence()) {
            sb.append("; ").append(e.detail()).append(e.points() > 0 ? " [+" + e.points() + "]" : "");
        }
        return sb.toString();
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
            case SEEN_AT -> r.seenAt() == null ? null : r.seenAt().name();
        };
    }

    private static <E extends Enum<E>> Map<E, Long> tally(List<ResetRow> rows, Function<ResetRow, E> key, Class<E> type) {
        Map<E, Long> m = new EnumMap<>(type);
        for (ResetRow r : rows) {
            m.merge(key.apply(r), 1L, Long::sum);
        }
        return m;
    }

    private static String counts(Map<? extends Enum<?>, Long> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.length() > 0 ? ", " : "").append(k.name()).append(' ').append(v));
        return sb.toString();
    }

    private static String time(long nanos) {
        String s = SummaryCommand.instant(nanos);
        int t = s.indexOf('T');
        return t < 0 ? s : s.substring(t + 1, Math.min(s.length(), t + 16));
    }
}
