package io.rstscope;

import io.rstscope.capture.CaptureData;
import io.rstscope.capture.CaptureFormat;
import io.rstscope.capture.CaptureStats;
import io.rstscope.flow.FlowColumns;
import io.rstscope.reset.Cause;
import io.rstscope.reset.Evidence;
import io.rstscope.reset.Form;
import io.rstscope.reset.Origin;
import io.rstscope.reset.ResetRow;
import io.rstscope.reset.SeenAt;
import io.rstscope.reset.SeqCheck;
import io.rstscope.reset.Sender;
import io.rstscope.reset.Stage;
import io.rstscope.reset.Verdict;
import io.rstscope.store.Field;
import io.rstscope.store.FlowField;
import io.rstscope.store.ParquetTables;
import io.rstscope.store.ResetField;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The Parquet output of {@code rstscope spark} ({@code flows/} and {@code resets/}, by day) read back as
 * a {@link Capture}: the tables hold exactly the columns of a capture's, the job's {@code sensor},
 * {@code file} and {@code day} left out; the connections in order of their first packet (ties by
 * sensor, then uid), the resets by time (ties by sensor, file and frame).
 */
final class ClusterOutput {

    private static final String SENSOR = "sensor", FILE = "file";
    /** One piece of evidence as {@code Evidence.toString} writes it: {@code signal +3 (detail)}. */
    private static final Pattern EVIDENCE = Pattern.compile("([a-z0-9_]+)(?: \\+(-?\\d+))? \\((.*)\\)", Pattern.DOTALL);
    private static final Pattern BETWEEN = Pattern.compile("(?<=\\)); (?=[a-z0-9_]+(?: \\+-?\\d+)? \\()");

    private ClusterOutput() {
    }

    /** True when {@code dir} is an output directory of {@code rstscope spark}: it has {@code flows/} and {@code resets/}. */
    static boolean is(Path dir) {
        return Files.isDirectory(dir) && Files.isDirectory(dir.resolve("flows")) && Files.isDirectory(dir.resolve("resets"));
    }

    static Capture open(Path dir) {
        Table flowsRead = read(dir.resolve("flows"), "flows", FlowField.values());
        Table resetsRead = read(dir.resolve("resets"), "resets", ResetField.values());
        Table flowsSorted = sorted(flowsRead, FlowField.TS.column(), SENSOR, FlowField.UID.column());
        Table resetsSorted = sorted(resetsRead, ResetField.TS.column(), SENSOR, FILE, ResetField.FRAME.column());
        Table flows = only(flowsSorted, "flows", FlowField.values());
        Table resets = only(resetsSorted, "resets", ResetField.values());
        FlowColumns fc = FlowColumns.restore(flows);

        Map<String, Integer> rowOfUid = new HashMap<>();
        for (int row = 0; row < flows.rowCount(); row++) {
            rowOfUid.put(sensor(flowsSorted, row) + "\t" + fc.uid(row), row);
        }
        List<ResetRow> rows = new ArrayList<>(resets.rowCount());
        for (int i = 0; i < resets.rowCount(); i++) {
            String uid = text(resets, ResetField.UID, i);
            Integer flow = rowOfUid.get(sensor(resetsSorted, i) + "\t" + uid);
            rows.add(resetRow(resets, i, flow == null ? -1 : flow));
        }
        CaptureData data = new CaptureData(dir, CaptureFormat.PARQUET, false, new int[0], new CaptureStats(), null,
                fc.addresses(), List.of(), 0, 0, null);
        return new Capture(data, fc, rows, flows, resets);
    }

    /** The table under {@code dir}, its columns checked against the library's; empty when no part file was written. */
    private static Table read(Path dir, String name, Field[] fields) {
        if (ParquetTables.files(dir).isEmpty()) {
            Table t = Table.create(name);
            for (Field f : fields) {
                t.addColumns(f.type().create(f.column()));
            }
            return t;
        }
        Table t = ParquetTables.read(dir);
        for (Field f : fields) {
            if (!t.columnNames().contains(f.column())) {
                throw new RstscopeException(dir + ": no column " + f.column() + ", which the " + name
                        + " table has: not an output of this version of rstscope spark");
            }
            if (t.column(f.column()).type() != f.type()) {
                throw new RstscopeException(dir + ": column " + f.column() + " is " + t.column(f.column()).type().name()
                        + " where the " + name + " table's is " + f.type().name());
            }
        }
        return t;
    }

    private static Table sorted(Table t, String... by) {
        List<String> present = new ArrayList<>();
        for (String c : by) {
            if (t.columnNames().contains(c)) {
                present.add(c);
            }
        }
        return t.rowCount() < 2 ? t : t.sortAscendingOn(present.toArray(String[]::new));
    }

    private static Table only(Table t, String name, Field[] fields) {
        List<Column<?>> columns = new ArrayList<>();
        for (Field f : fields) {
            columns.add(t.column(f.column()).copy());
        }
        return Table.create(name, columns);
    }

    private static String sensor(Table t, int row) {
        return t.columnNames().contains(SENSOR) ? String.valueOf(t.column(SENSOR).get(row)) : "";
    }

    private static ResetRow resetRow(Table t, int i, int flow) {
        return new ResetRow(num(t, ResetField.FRAME, i), num(t, ResetField.TS, i), flow, text(t, ResetField.UID, i),
                text(t, ResetField.ORIG_H, i), (int) num(t, ResetField.ORIG_P, i), text(t, ResetField.RESP_H, i),
                (int) num(t, ResetField.RESP_P, i),
                Sender.valueOf(text(t, ResetField.SENDER, i)), Stage.valueOf(text(t, ResetField.STAGE, i)),
                Cause.valueOf(text(t, ResetField.CAUSE, i)), named(Cause.class, text(t, ResetField.RUNNER_UP_CAUSE, i)),
                Origin.valueOf(text(t, ResetField.ORIGIN, i)), Form.valueOf(text(t, ResetField.FORM, i)),
                SeqCheck.valueOf(text(t, ResetField.SEQ_CHECK, i)), (int) num(t, ResetField.TTL, i),
                missing(t, ResetField.TTL_BASELINE, i) ? -1 : (int) num(t, ResetField.TTL_BASELINE, i),
                missing(t, ResetField.GAP_BEFORE_MS, i) ? -1 : ((Number) t.column(ResetField.GAP_BEFORE_MS.column()).get(i)).doubleValue(),
                (int) num(t, ResetField.FORGED_SCORE, i), Verdict.valueOf(text(t, ResetField.VERDICT, i)),
                evidence(text(t, ResetField.EVIDENCE, i)), named(SeenAt.class, text(t, ResetField.SEEN_AT, i)),
                text(t, ResetField.REASON_TEXT, i));
    }

    /** The evidence list back from its text ({@code ResetTables.evidence} joins it with "; "). */
    static List<Evidence> evidence(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<Evidence> out = new ArrayList<>();
        for (String piece : BETWEEN.split(text)) {
            Matcher m = EVIDENCE.matcher(piece);
            out.add(m.matches() ? new Evidence(m.group(1), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)), m.group(3))
                    : new Evidence(piece, 0, ""));
        }
        return List.copyOf(out);
    }

    private static boolean missing(Table t, ResetField f, int row) {
        return t.column(f.column()).isMissing(row);
    }

    private static long num(Table t, ResetField f, int row) {
        return ((Number) t.column(f.column()).get(row)).longValue();
    }

    private static String text(Table t, ResetField f, int row) {
        Column<?> c = t.column(f.column());
        return c.isMissing(row) ? null : (String) c.get(row);
    }

    private static <E extends Enum<E>> E named(Class<E> type, String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }
}
