package io.rstscope.store;

import static io.rstscope.store.Columns.bools;
import static io.rstscope.store.Columns.dictionary;
import static io.rstscope.store.Columns.doubles;
import static io.rstscope.store.Columns.enums;
import static io.rstscope.store.Columns.ints;
import static io.rstscope.store.Columns.longs;
import static io.rstscope.store.Columns.strings;

import io.rstscope.flow.ConnState;
import io.rstscope.flow.Direction;
import io.rstscope.flow.EndpointState;
import io.rstscope.flow.FlowColumns;
import io.rstscope.flow.IpIdBehaviour;
import io.rstscope.reset.Cause;
import io.rstscope.reset.Origin;
import io.rstscope.reset.ResetRow;
import io.rstscope.reset.Stage;
import io.rstscope.reset.Verdict;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;
import java.util.function.IntUnaryOperator;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
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
        ResetRow[] first = new ResetRow[n];
        int[] maxScore = new int[n];
        Arrays.fill(maxScore, Integer.MIN_VALUE);
        for (ResetRow r : resets) {
            if (r.flow() >= 0) {
                if (first[r.flow()] == null) {
                    first[r.flow()] = r;
                }
                maxScore[r.flow()] = Math.max(maxScore[r.flow()], r.forgedScore());
            }
        }
        // Columns are independent: build them on all cores, then add them in schema order. A small table
        // (a cluster job builds one per connection key) is built on the calling thread: handing 60 tiny
        // columns to other threads costs more than building them.
        var fields = Arrays.stream(FlowField.values());
        Column<?>[] columns = (n >= PARALLEL_FROM ? fields.parallel() : fields)
                .map(f -> switch (f) {
                    case RST_STAGE -> enums(f.column(), n, Stage.values(), i -> first[i] == null ? null : first[i].stage());
                    case RST_CAUSE -> enums(f.column(), n, Cause.values(), i -> first[i] == null ? null : first[i].cause());
                    case RST_ORIGIN -> enums(f.column(), n, Origin.values(), i -> first[i] == null ? null : first[i].origin());
                    case RST_VERDICT -> enums(f.column(), n, Verdict.values(), i -> first[i] == null ? null : first[i].verdict());
                    case MAX_FORGED_SCORE -> ints(f.column(), n, i -> maxScore[i]);
                    default -> column(f, c, n);
                })
                .toArray(Column<?>[]::new);
        return Table.create("flows", columns);
    }

    private static Column<?> column(FlowField f, FlowColumns c, int n) {
        String name = f.column();
        return switch (f) {
            case TS -> longs(name, n, c::ts);
            case UID -> strings(name, n, c::uid);
            case ORIG_H -> dictionary(name, n, i -> c.address(i, O), c.addresses().size(), c.addresses()::text);
            case ORIG_P -> ints(name, n, i -> c.port(i, O));
            case RESP_H -> dictionary(name, n, i -> c.address(i, R), c.addresses().size(), c.addresses()::text);
            case RESP_P -> ints(name, n, i -> c.port(i, R));
            case DURATION -> doubles(name, n, i -> c.durationNanos(i) > 0 ? c.durationNanos(i) / 1e9 : Double.NaN);
            case ORIG_BYTES -> longs(name, n, i -> c.bytes(i, O));
            case RESP_BYTES -> longs(name, n, i -> c.bytes(i, R));
            case CONN_STATE -> enums(name, n, ConnState.values(), c::connState);
            case MISSED_BYTES -> longs(name, n, c::missedBytes);
            case HISTORY -> strings(name, n, c::history);
            case ORIG_PKTS -> longs(name, n, i -> c.packets(i, O));
            case ORIG_IP_BYTES -> longs(name, n, i -> c.ipBytes(i, O));
            case RESP_PKTS -> longs(name, n, i -> c.packets(i, R));
            case RESP_IP_BYTES -> longs(name, n, i -> c.ipBytes(i, R));
            case IP_VERSION -> ints(name, n, c::ipVersion);
            case LAST_TS -> longs(name, n, c::lastTs);
            case ORIG_STATE -> enums(name, n, EndpointState.values(), i -> c.state(i, O));
            case RESP_STATE -> enums(name, n, EndpointState.values(), i -> c.state(i, R));
            case ORIG_PAYLOAD_BYTES -> longs(name, n, i -> c.payloadBytes(i, O));
            case RESP_PAYLOAD_BYTES -> longs(name, n, i -> c.payloadBytes(i, R));
            case ORIG_FIRST_TS -> longs(name, n, i -> c.firstTs(i, O));
            case ORIG_LAST_TS -> longs(name, n, i -> c.lastTs(i, O));
            case RESP_FIRST_TS -> longs(name, n, i -> c.firstTs(i, R));
            case RESP_LAST_TS -> longs(name, n, i -> c.lastTs(i, R));
            case ORIG_TTL -> ints(name, n, i -> missing(c.ttl(i, O)));
            case ORIG_TTL_MIN -> ints(name, n, i -> missing(c.ttlMin(i, O)));
            case ORIG_TTL_MAX -> ints(name, n, i -> missing(c.ttlMax(i, O)));
            case RESP_TTL -> ints(name, n, i -> missing(c.ttl(i, R)));
            case RESP_TTL_MIN -> ints(name, n, i -> missing(c.ttlMin(i, R)));
            case RESP_TTL_MAX -> ints(name, n, i -> missing(c.ttlMax(i, R)));
            case ORIG_IP_ID -> enums(name, n, IpIdBehaviour.values(), i -> c.ipIdBehaviour(i, O));
            case RESP_IP_ID -> enums(name, n, IpIdBehaviour.values(), i -> c.ipIdBehaviour(i, R));
            case ORIG_ISN -> longs(name, n, i -> c.isn(i, O));
            case RESP_ISN -> longs(name, n, i -> c.isn(i, R));
            case ORIG_NEXT_SEQ -> longs(name, n, i -> c.nextSeq(i, O));
            case RESP_NEXT_SEQ -> longs(name, n, i -> c.nextSeq(i, R));
            case ORIG_MAX_ACK -> longs(name, n, i -> c.maxAck(i, O));
            case RESP_MAX_ACK -> longs(name, n, i -> c.maxAck(i, R));
            case ORIG_MSS -> ints(name, n, i -> missing(c.mss(i, O)));
            case RESP_MSS -> ints(name, n, i -> missing(c.mss(i, R)));
            case ORIG_WSCALE -> ints(name, n, i -> missing(c.wscale(i, O)));
            case RESP_WSCALE -> ints(name, n, i -> missing(c.wscale(i, R)));
            case TS_NEGOTIATED -> {
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) {
                    v[i] = c.tsNegotiated(i);
                }
                yield BooleanColumn.create(name, v);
            }
            case RTT_SYN_MS -> doubles(name, n, i -> millis(c.rttSynNanos(i)));
            case RTT_ACK_MS -> doubles(name, n, i -> millis(c.rttAckNanos(i)));
            case ORIG_RETRANSMITS -> ints(name, n, i -> c.retransmits(i, O));
            case RESP_RETRANSMITS -> ints(name, n, i -> c.retransmits(i, R));
            case ORIG_ZERO_WINDOWS -> ints(name, n, i -> c.zeroWindows(i, O));
            case RESP_ZERO_WINDOWS -> ints(name, n, i -> c.zeroWindows(i, R));
            case ORIG_KEEPALIVES -> ints(name, n, i -> c.keepalives(i, O));
            case RESP_KEEPALIVES -> ints(name, n, i -> c.keepalives(i, R));
            case MAX_IDLE_MS -> doubles(name, n, i -> c.maxIdleNanos(i) / 1e6);
            case RST_COUNT -> ints(name, n, i -> c.rsts(i, O) + c.rsts(i, R));
            case ORIG_RSTS -> ints(name, n, i -> c.rsts(i, O));
            case RESP_RSTS -> ints(name, n, i -> c.rsts(i, R));
            case RST_STAGE, RST_CAUSE, RST_ORIGIN, RST_VERDICT -> strings(name, n, i -> null);
            case MAX_FORGED_SCORE -> ints(name, n, i -> Integer.MIN_VALUE);
        };
    }

    private static double millis(long nanos) {
        return nanos == Long.MIN_VALUE ? Double.NaN : nanos / 1e6;
    }

    private static int missing(int v) {
        return v < 0 ? Integer.MIN_VALUE : v;
    }
}
