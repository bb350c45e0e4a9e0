package io.rstscope.store;

import static io.rstscope.store.Columns.dictionary;
import static io.rstscope.store.Columns.doubles;
import static io.rstscope.store.Columns.enums;
import static io.rstscope.store.Columns.ints;
import static io.rstscope.store.Columns.longs;
import static io.rstscope.store.Columns.intsOrMissing;
import static io.rstscope.store.Columns.strings;

import io.rstscope.flow.ConnState;
import io.rstscope.flow.Direction;
import io.rstscope.flow.EndpointState;
import io.rstscope.flow.FlowColumns;
import io.rstscope.flow.FlowColumns.Measure;
import io.rstscope.flow.IpIdBehaviour;
import io.rstscope.reset.Cause;
import io.rstscope.reset.Origin;
import io.rstscope.reset.ResetRow;
import io.rstscope.reset.Stage;
import io.rstscope.reset.Verdict;
import java.util.Arrays;
import java.util.List;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Builds the {@code flows} table from tracked connections, column by column in {@link FlowField} order.
 *
 * <pre>{@code
 * TrackedCapture cap = FlowTracker.read(path, ReadOptions.DEFAULT);
 * Table flows = FlowTables.flows(cap.flows());
 * }</pre>
 */
public final class FlowTables {

    private static final Direction O = Direction.ORIG, R = Direction.RESP;
    /** Rows from which the columns are built in parallel (here and in {@link ResetTables}). */
    static final int PARALLEL_FROM = 4096;

    private FlowTables() {
    }

    /** The flows table, without the reset columns (they are missing). */
    public static Table flows(FlowColumns c) {
        return flows(c, List.of());
    }

    /** The flows table, with each connection's first reset and highest forgery score from {@code resets}. */
    public static Table flows(FlowColumns c, List<ResetRow> resets) {
        int n = c.size();
        // The first reset's stage, cause, origin and verdict (ordinals, -1 for none) and the highest score,
        // in one pass over the resets: four passes over the rows, each reading the rows' first resets
        // scattered across the heap, were a fifth of the table's time.
        int[] stage = missing(n), cause = missing(n), origin = missing(n), verdict = missing(n);
        boolean[] seen = new boolean[n];
        int[] maxScore = new int[n];
        Arrays.fill(maxScore, Integer.MIN_VALUE);
        for (ResetRow r : resets) {
            int row = r.flow();
            if (row >= 0) {
                if (!seen[row]) {
                    seen[row] = true;
                    stage[row] = ordinal(r.stage());
                    cause[row] = ordinal(r.cause());
                    origin[row] = ordinal(r.origin());
                    verdict[row] = ordinal(r.verdict());
                }
                maxScore[row] = Math.max(maxScore[row], r.forgedScore());
            }
        }
        // Columns are independent: build them on all cores, then add them in schema order. A small table
        // (a cluster job builds one per connection key) is built on the calling thread: handing 60 tiny
        // columns to other threads costs more than building them.
        var fields = Arrays.stream(FlowField.values());
        Column<?>[] columns = (n >= PARALLEL_FROM ? fields.parallel() : fields)
                .map(f -> switch (f) {
                    case RST_STAGE -> enums(f.column(), stage, Stage.values());
                    case RST_CAUSE -> enums(f.column(), cause, Cause.values());
                    case RST_ORIGIN -> enums(f.column(), origin, Origin.values());
                    case RST_VERDICT -> enums(f.column(), verdict, Verdict.values());
                    case MAX_FORGED_SCORE -> ints(f.column(), maxScore);
                    default -> column(f, c, n);
                })
                .toArray(Column<?>[]::new);
        return Table.create("flows", columns);
    }

    private static Column<?> column(FlowField f, FlowColumns c, int n) {
        String name = f.column();
        // Numbers and enums from FlowColumns' bulk reads (a loop per column, not a call per cell).
        return switch (f) {
            case TS -> longs(name, c.longs(Measure.TS, O));
            case UID -> strings(name, n, c::uid);
            case ORIG_H -> dictionary(name, c.ints(Measure.ADDRESS, O), c.addresses().size(), c.addresses()::text);
            case ORIG_P -> ints(name, c.ints(Measure.PORT, O));
            case RESP_H -> dictionary(name, c.ints(Measure.ADDRESS, R), c.addresses().size(), c.addresses()::text);
            case RESP_P -> ints(name, c.ints(Measure.PORT, R));
            case DURATION -> duration(name, c.longs(Measure.TS, O), c.longs(Measure.LAST_TIME, O));
            case ORIG_BYTES -> longs(name, c.longs(Measure.BYTES, O));
            case RESP_BYTES -> longs(name, c.longs(Measure.BYTES, R));
            case CONN_STATE -> enums(name, c.ints(Measure.CONN_STATE, O), ConnState.values());
            case MISSED_BYTES -> longs(name, c.longs(Measure.MISSED_BYTES, O));
            case HISTORY -> strings(name, n, c::history);
            case ORIG_PKTS -> longs(name, c.longs(Measure.PACKETS, O));
            case ORIG_IP_BYTES -> longs(name, c.longs(Measure.IP_BYTES, O));
            case RESP_PKTS -> longs(name, c.longs(Measure.PACKETS, R));
            case RESP_IP_BYTES -> longs(name, c.longs(Measure.IP_BYTES, R));
            case IP_VERSION -> ints(name, n, c::ipVersion);
            case LAST_TS -> longs(name, c.longs(Measure.LAST_TS, O));
            case ORIG_STATE -> enums(name, c.ints(Measure.STATE, O), EndpointState.values());
            case RESP_STATE -> enums(name, c.ints(Measure.STATE, R), EndpointState.values());
            case ORIG_PAYLOAD_BYTES -> longs(name, c.longs(Measure.PAYLOAD_BYTES, O));
            case RESP_PAYLOAD_BYTES -> longs(name, c.longs(Measure.PAYLOAD_BYTES, R));
            case ORIG_FIRST_TS -> longs(name, c.longs(Measure.FIRST_TS, O));
            case ORIG_LAST_TS -> longs(name, c.longs(Measure.SIDE_LAST_TS, O));
            case RESP_FIRST_TS -> longs(name, c.longs(Measure.FIRST_TS, R));
            case RESP_LAST_TS -> longs(name, c.longs(Measure.SIDE_LAST_TS, R));
            case ORIG_TTL -> intsOrMissing(name, c.ints(Measure.TTL, O));
            case ORIG_TTL_MIN -> intsOrMissing(name, c.ints(Measure.TTL_MIN, O));
            case ORIG_TTL_MAX -> intsOrMissing(name, c.ints(Measure.TTL_MAX, O));
            case RESP_TTL -> intsOrMissing(name, c.ints(Measure.TTL, R));
            case RESP_TTL_MIN -> intsOrMissing(name, c.ints(Measure.TTL_MIN, R));
            case RESP_TTL_MAX -> intsOrMissing(name, c.ints(Measure.TTL_MAX, R));
            case ORIG_IP_ID -> enums(name, c.ints(Measure.IP_ID, O), IpIdBehaviour.values());
            case RESP_IP_ID -> enums(name, c.ints(Measure.IP_ID, R), IpIdBehaviour.values());
            case ORIG_ISN -> longs(name, c.longs(Measure.ISN, O));
            case RESP_ISN -> longs(name, c.longs(Measure.ISN, R));
            case ORIG_NEXT_SEQ -> longs(name, c.longs(Measure.NEXT_SEQ, O));
            case RESP_NEXT_SEQ -> longs(name, c.longs(Measure.NEXT_SEQ, R));
            case ORIG_MAX_ACK -> longs(name, c.longs(Measure.MAX_ACK, O));
            case RESP_MAX_ACK -> longs(name, c.longs(Measure.MAX_ACK, R));
            case ORIG_MSS -> intsOrMissing(name, c.ints(Measure.MSS, O));
            case RESP_MSS -> intsOrMissing(name, c.ints(Measure.MSS, R));
            case ORIG_WSCALE -> intsOrMissing(name, c.ints(Measure.WSCALE, O));
            case RESP_WSCALE -> intsOrMissing(name, c.ints(Measure.WSCALE, R));
            case TS_NEGOTIATED -> {
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) {
                    v[i] = c.tsNegotiated(i);
                }
                yield BooleanColumn.create(name, v);
            }
            case RTT_SYN_MS -> doubles(name, millis(c.longs(Measure.RTT_SYN, O)));
            case RTT_ACK_MS -> doubles(name, millis(c.longs(Measure.RTT_ACK, O)));
            case ORIG_RETRANSMITS -> ints(name, c.ints(Measure.RETRANSMITS, O));
            case RESP_RETRANSMITS -> ints(name, c.ints(Measure.RETRANSMITS, R));
            case ORIG_ZERO_WINDOWS -> ints(name, c.ints(Measure.ZERO_WINDOWS, O));
            case RESP_ZERO_WINDOWS -> ints(name, c.ints(Measure.ZERO_WINDOWS, R));
            case ORIG_KEEPALIVES -> ints(name, c.ints(Measure.KEEPALIVES, O));
            case RESP_KEEPALIVES -> ints(name, c.ints(Measure.KEEPALIVES, R));
            case MAX_IDLE_MS -> doubles(name, millisOf(c.longs(Measure.MAX_IDLE, O)));
            case RST_COUNT -> ints(name, sum(c.ints(Measure.RSTS, O), c.ints(Measure.RSTS, R)));
            case ORIG_RSTS -> ints(name, c.ints(Measure.RSTS, O));
            case RESP_RSTS -> ints(name, c.ints(Measure.RSTS, R));
            case RST_STAGE, RST_CAUSE, RST_ORIGIN, RST_VERDICT -> strings(name, n, i -> null);
            case MAX_FORGED_SCORE -> ints(name, n, i -> Integer.MIN_VALUE);
        };
    }

    /** Seconds from first to last packet counted, missing (NaN) when they are the same instant. */
    private static DoubleColumn duration(String name, long[] first, long[] last) {
        double[] v = new double[first.length];
        for (int i = 0; i < v.length; i++) {
            long d = last[i] - first[i];
            v[i] = d > 0 ? d / 1e9 : Double.NaN;
        }
        return doubles(name, v);
    }

    /** Nanoseconds in milliseconds, {@code Long.MIN_VALUE} missing (NaN). */
    private static double[] millis(long[] nanos) {
        double[] v = new double[nanos.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = nanos[i] == Long.MIN_VALUE ? Double.NaN : nanos[i] / 1e6;
        }
        return v;
    }

    /** Nanoseconds in milliseconds, none missing. */
    private static double[] millisOf(long[] nanos) {
        double[] v = new double[nanos.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = nanos[i] / 1e6;
        }
        return v;
    }

    private static int[] missing(int n) {
        int[] a = new int[n];
        Arrays.fill(a, -1);
        return a;
    }

    private static int ordinal(Enum<?> e) {
        return e == null ? -1 : e.ordinal();
    }

    private static int[] sum(int[] a, int[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }
}
