package io.rstscope.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.columns.Column;

/**
 * The time columns of the tables and how a person reads them. A time column is a {@code long} column
 * named {@code ts} or ending in {@code _ts} ({@code ts}, {@code last_ts}, {@code orig_first_ts}...):
 * nanoseconds since the epoch, so that queries compare and subtract exact integers. Shown to a person it
 * is ISO-8601 UTC with the precision the times have: microseconds (6 digits, what pcap and most pcapng
 * files record) unless one of them has nanoseconds (9 digits).
 *
 * <pre>{@code
 * Times.isTime(FlowField.LAST_TS);                        // true
 * Times.iso(1795494346213269000L, 6);                     // "2026-11-24T04:25:46.213269Z"
 * Times.iso(1795494346213269123L, 9);                     // "2026-11-24T04:25:46.213269123Z"
 * int digits = Times.digits(table.longColumn("ts"));      // 6 when every time is whole microseconds
 * }</pre>
 */
public final class Times {

    /** The suffix of the ISO-8601 column that CSV and JSON write after each time column: {@code ts_iso}. */
    public static final String ISO_SUFFIX = "_iso";

    private static final DateTimeFormatter MICROS = formatter(6);
    private static final DateTimeFormatter NANOS = formatter(9);

    private Times() {
    }

    private static DateTimeFormatter formatter(int digits) {
        return new DateTimeFormatterBuilder().appendPattern("uuuu-MM-dd'T'HH:mm:ss")
                .appendFraction(ChronoField.NANO_OF_SECOND, digits, digits, true).appendLiteral('Z')
                .toFormatter(Locale.ROOT).withZone(ZoneOffset.UTC);
    }

    /** Whether a schema's column is a time: {@code Times.isTime(ResetField.TS)} is true. */
    public static boolean isTime(Field field) {
        return isTime(field.column(), field.type());
    }

    /** Whether a table's column is a time: a long column named {@code ts} or ending in {@code _ts}. */
    public static boolean isTime(Column<?> column) {
        return isTime(column.name(), column.type());
    }

    private static boolean isTime(String name, ColumnType type) {
        return type == ColumnType.LONG && (name.equals("ts") || name.endsWith("_ts"));
    }

    /**
     * The digits of the fraction that show {@code column}'s times exactly: 6 when every present value
     * is a whole number of microseconds, else 9.
     */
    public static int digits(LongColumn column) {
        for (int r = 0; r < column.size(); r++) {
            if (!column.isMissing(r) && column.getLong(r) % 1000 != 0) {
                return 9;
            }
        }
        return 6;
    }

    /** {@code nanos} since the epoch as ISO-8601 UTC with 6 or 9 digits of fraction: {@code 2026-11-24T04:25:46.213269Z}. */
    public static String iso(long nanos, int digits) {
        if (digits != 6 && digits != 9) {
            throw new IllegalArgumentException("digits: expected 6 or 9, got " + digits);
        }
        Instant t = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        return (digits == 6 ? MICROS : NANOS).format(t);
    }
}
