package io.rstscope.store;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Zeek's conn.log in its tab-separated format, as Zeek's ASCII writer writes it: the header lines, one
 * line per connection, and {@code #close}. Zeek's fields that rstscope does not know (service,
 * local_orig, local_resp, tunnel_parents) are unset ({@code -}). Both the capture's export
 * ({@code flows().toZeekLog("conn.log")}) and the cluster job's per-day files write through it.
 *
 * <pre>{@code
 * StringBuilder out = new StringBuilder(ZeekConnLog.header(ZonedDateTime.now(ZoneOffset.UTC)));
 * ZeekConnLog.line(out, ts, uid, "10.0.0.1", 40000, "10.0.0.2", 80, durationNanos, 120, 0, "RSTO", 0,
 *         "ShADar", 3, 172, 2, 92);
 * out.append(ZeekConnLog.close(ZonedDateTime.now(ZoneOffset.UTC)));
 * }</pre>
 */
public final class ZeekConnLog {

    /** Zeek's conn.log columns, in Zeek's order (base/protocols/conn/main.zeek, Conn::Info). */
    static final String[] FIELDS = {"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto",
        "service", "duration", "orig_bytes", "resp_bytes", "conn_state", "local_orig", "local_resp", "missed_bytes",
        "history", "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes", "tunnel_parents"};
    /** Their Zeek types, in the same order. */
    static final String[] TYPES = {"time", "string", "addr", "port", "addr", "port", "enum", "string",
        "interval", "count", "count", "string", "bool", "bool", "count", "string", "count", "count", "count", "count",
        "set[string]"};
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss", Locale.ROOT);

    private ZeekConnLog() {
    }

    /** The header lines, {@code #open} stamped with {@code opened}: {@code ZeekConnLog.header(ZonedDateTime.now(UTC))}. */
    public static String header(ZonedDateTime opened) {
        return "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
                + "#open\t" + STAMP.format(opened) + "\n"
                + "#fields\t" + String.join("\t", FIELDS) + "\n"
                + "#types\t" + String.join("\t", TYPES) + "\n";
    }

    /** The closing line: {@code ZeekConnLog.close(ZonedDateTime.now(UTC))}. */
    public static String close(ZonedDateTime closed) {
        return "#close\t" + STAMP.format(closed) + "\n";
    }

    /**
     * Appends one connection's line. Times and the duration are in nanoseconds (a duration of 0 or less
     * is unset); byte counts of {@link Long#MIN_VALUE} are unset; an empty history is unset. See the
     * class comment for an example.
     */
    public static void line(StringBuilder out, long tsNanos, String uid, String origH, int origP, String respH,
                            int respP, long durationNanos, long origBytes, long respBytes, String connState,
                            long missedBytes, String history, long origPkts, long origIpBytes, long respPkts,
                            long respIpBytes) {
        out.append(seconds(tsNanos)).append('\t').append(uid).append('\t').append(origH).append('\t').append(origP)
                .append('\t').append(respH).append('\t').append(respP).append("\ttcp\t-\t")
                .append(durationNanos > 0 ? seconds(durationNanos) : "-").append('\t')
                .append(count(origBytes)).append('\t').append(count(respBytes)).append('\t')
                .append(connState).append("\t-\t-\t").append(missedBytes).append('\t')
                .append(history == null || history.isEmpty() ? "-" : history).append('\t')
                .append(origPkts).append('\t').append(origIpBytes).append('\t')
                .append(respPkts).append('\t').append(respIpBytes).append("\t-\n");
    }

    /** Nanoseconds as Zeek prints a time or interval: seconds with six decimals. */
    private static String seconds(long nanos) {
        long micros = Math.floorDiv(nanos, 1000);
        return Math.floorDiv(micros, 1_000_000) + "." + String.format(Locale.ROOT, "%06d", Math.floorMod(micros, 1_000_000));
    }

    private static String count(long v) {
        return v == Long.MIN_VALUE ? "-" : Long.toString(v);
    }
}
