package io.rstscope.cli;

import io.rstscope.capture.CaptureData;
import io.rstscope.capture.CaptureFormat;
import io.rstscope.reset.ResetRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The times of one capture's report in one format: the date said once (the capture's first day),
 * each time as {@code HH:mm:ss} with the capture's precision — six digits for microsecond captures,
 * nine for nanosecond ones — and a time on a later day with its date.
 *
 * <pre>
 * Clock c = new Clock(cap.data(), cap.resetRows());
 * c.span(first, last);   // 2011-09-27 18:07:20.497541 to 18:07:22.913053 UTC (2.4 s)
 * c.time(r.ts());        // 18:07:21.000212
 * </pre>
 */
final class Clock {

    private final int digits;
    private final LocalDate day;
    private final DateTimeFormatter time;
    private final DateTimeFormatter dated;

    Clock(CaptureData data, List<ResetRow> resets) {
        this(data, resets.stream().anyMatch(r -> r.ts() % 1000 != 0));
    }

    /** A clock for {@code data} whose resets have a time with nanoseconds when {@code resetNanos}. */
    Clock(CaptureData data, boolean resetNanos) {
        boolean nanos = data.format() == CaptureFormat.PCAP_NSEC || data.stats().firstTs() % 1000 != 0 || resetNanos;
        this.digits = nanos ? 9 : 6;
        long first = data.stats().firstTs();
        this.day = first < 0 ? null : instant(first).atOffset(ZoneOffset.UTC).toLocalDate();
        String fraction = "." + "S".repeat(digits);
        this.time = DateTimeFormatter.ofPattern("HH:mm:ss" + fraction, Locale.ROOT).withZone(ZoneOffset.UTC);
        this.dated = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss" + fraction, Locale.ROOT).withZone(ZoneOffset.UTC);
    }

    /** The width of a time on the capture's first day. */
    int width() {
        return 9 + digits;
    }

    /** A time: without its date on the capture's first day, with it on any other. */
    String time(long nanos) {
        Instant i = instant(nanos);
        return day != null && i.atOffset(ZoneOffset.UTC).toLocalDate().equals(day) ? time.format(i) : dated.format(i);
    }

    /** The capture's span with its date once: {@code 2011-09-27 18:07:20.497541 to 18:07:22.913053 UTC (2.4 s)}. */
    String span(long first, long last) {
        return dated.format(instant(first)) + " to " + time(last) + " UTC (" + duration(last - first) + ")";
    }

    private static String duration(long nanos) {
        double s = nanos / 1e9;
        if (s < 60) {
            return String.format(Locale.ROOT, "%.3g s", s).replaceFirst("\\.?0+ s$", " s");
        }
        long secs = Math.round(s);
        if (secs < 3600) {
            return secs / 60 + " min " + secs % 60 + " s";
        }
        if (secs < 86_400) {
            return secs / 3600 + " h " + secs % 3600 / 60 + " min";
        }
        return secs / 86_400 + " d " + secs % 86_400 / 3600 + " h";
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
