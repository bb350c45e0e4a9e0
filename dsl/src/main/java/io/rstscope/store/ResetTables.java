package io.rstscope.store;

import static io.rstscope.store.Columns.doubles;
import static io.rstscope.store.Columns.enums;
import static io.rstscope.store.Columns.ints;
import static io.rstscope.store.Columns.longs;
import static io.rstscope.store.Columns.strings;

import io.rstscope.reset.Cause;
import io.rstscope.reset.Evidence;
import io.rstscope.reset.Form;
import io.rstscope.reset.Origin;
import io.rstscope.reset.ResetRow;
import io.rstscope.reset.SeenAt;
import io.rstscope.reset.Sender;
import io.rstscope.reset.SeqCheck;
import io.rstscope.reset.Stage;
import io.rstscope.reset.Verdict;
import java.util.Arrays;
import java.util.List;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Builds the {@code resets} table from the explained resets, in {@link ResetField} order.
 *
 * <pre>{@code
 * Table resets = ResetTables.resets(ResetAnalysis.analyze(Path.of("incident.pcap")));
 * }</pre>
 */
public final class ResetTables {

    private ResetTables() {
    }

    /** The resets table. */
    public static Table resets(List<ResetRow> rows) {
        Fields v = new Fields(rows);
        int n = rows.size();
        // As the flows table: the columns are independent, built on all cores for a large table (the
        // 110,122 resets of a real recording: 0.12 to 0.18 s on one thread), added in schema order; from
        // the rows' fields read in one pass: a pass per column read every row, scattered across the heap,
        // again (the 117,250 resets of a real recording, best of thirty builds in one JVM: 51 to 57 ms
        // that way, 36 ms this way).
        var fields = Arrays.stream(ResetField.values());
        Column<?>[] columns = (n >= FlowTables.PARALLEL_FROM ? fields.parallel() : fields)
                .map(f -> column(f, v, rows))
                .toArray(Column<?>[]::new);
        return Table.create("resets", columns);
    }

    /** Every row's fields, read in one pass: an array per column, enums as ordinals (-1 for null). */
    private static final class Fields {
        final int[] frame, origP, respP, ttl, ttlBaseline, forgedScore;
        final long[] ts;
        final double[] gapBeforeMs;
        final int[] sender, stage, cause, runnerUp, origin, form, seqCheck, verdict, seenAt;
        final String[] uid, origH, respH, reasonText;

        Fields(List<ResetRow> rows) {
            int n = rows.size();
            frame = new int[n];
            origP = new int[n];
            respP = new int[n];
            ttl = new int[n];
            ttlBaseline = new int[n];
            forgedScore = new int[n];
            ts = new long[n];
            gapBeforeMs = new double[n];
            sender = new int[n];
            stage = new int[n];
            cause = new int[n];
            runnerUp = new int[n];
            origin = new int[n];
            form = new int[n];
            seqCheck = new int[n];
            verdict = new int[n];
            seenAt = new int[n];
            uid = new String[n];
            origH = new String[n];
            respH = new String[n];
            reasonText = new String[n];
            for (int i = 0; i < n; i++) {
                ResetRow r = rows.get(i);
                frame[i] = (int) r.frame();
                ts[i] = r.ts();
                uid[i] = r.uid();
                origH[i] = r.origH();
                origP[i] = r.origP();
                respH[i] = r.respH();
                respP[i] = r.respP();
                sender[i] = ordinal(r.sender());
                stage[i] = ordinal(r.stage());
                cause[i] = ordinal(r.cause());
                runnerUp[i] = ordinal(r.runnerUp());
                origin[i] = ordinal(r.origin());
                form[i] = ordinal(r.form());
                seqCheck[i] = ordinal(r.seqCheck());
                ttl[i] = r.ttl();
                ttlBaseline[i] = r.ttlBaseline() < 0 ? Integer.MIN_VALUE : r.ttlBaseline();
                gapBeforeMs[i] = r.gapBeforeMs() < 0 ? Double.NaN : r.gapBeforeMs();
                forgedScore[i] = r.forgedScore();
                verdict[i] = ordinal(r.verdict());
                seenAt[i] = ordinal(r.seenAt());
                reasonText[i] = r.reasonText();
            }
        }

        private static int ordinal(Enum<?> e) {
            return e == null ? -1 : e.ordinal();
        }
    }

    private static Column<?> column(ResetField f, Fields v, List<ResetRow> r) {
        String name = f.column();
        int n = r.size();
        return switch (f) {
            case FRAME -> ints(name, v.frame);
            case TS -> longs(name, v.ts);
            case UID -> strings(name, v.uid);
            case ORIG_H -> strings(name, v.origH);
            case ORIG_P -> ints(name, v.origP);
            case RESP_H -> strings(name, v.respH);
            case RESP_P -> ints(name, v.respP);
            case SENDER -> enums(name, v.sender, Sender.values());
            case STAGE -> enums(name, v.stage, Stage.values());
            case CAUSE -> enums(name, v.cause, Cause.values());
            case RUNNER_UP_CAUSE -> enums(name, v.runnerUp, Cause.values());
            case ORIGIN -> enums(name, v.origin, Origin.values());
            case FORM -> enums(name, v.form, Form.values());
            case SEQ_CHECK -> enums(name, v.seqCheck, SeqCheck.values());
            case TTL -> ints(name, v.ttl);
            case TTL_BASELINE -> ints(name, v.ttlBaseline);
            case GAP_BEFORE_MS -> doubles(name, v.gapBeforeMs);
            case FORGED_SCORE -> ints(name, v.forgedScore);
            case VERDICT -> enums(name, v.verdict, Verdict.values());
            case EVIDENCE -> strings(name, n, i -> evidence(r.get(i).evidence()));
            case REASON_TEXT -> strings(name, v.reasonText);
            case SEEN_AT -> enums(name, v.seenAt, SeenAt.values());
        };
    }

    /** The evidence as one text: {@code ttl_closer_than_sender +3 (ttl 64, sender's baseline 63); ...}. */
    public static String evidence(List<Evidence> evidence) {
        // One builder for the whole list (a stream joining each item's own text took twice as long: the
        // resets table of a real recording spent a third of its time here).
        StringBuilder b = new StringBuilder(64 * evidence.size());
        for (int i = 0; i < evidence.size(); i++) {
            Evidence e = evidence.get(i);
            if (i > 0) {
                b.append("; ");
            }
            b.append(e.signal());
            if (e.points() != 0) {
                b.append(" +").append(e.points());
            }
            b.append(" (").append(e.detail()).append(')');
        }
        return b.toString();
    }
}
