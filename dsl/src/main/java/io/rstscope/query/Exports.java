package io.rstscope.query;

import io.rstscope.Capture;
import io.rstscope.capture.OutputFiles;
import io.rstscope.capture.RecordCopier;
import io.rstscope.capture.WriteMode;
import io.rstscope.flow.Direction;
import io.rstscope.flow.FlowColumns;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.BitSet;
import java.util.Locale;
import tech.tablesaw.api.Table;

/** The export terminals: CSV, JSON, pcap and Zeek's conn.log. */
final class Exports {

    /** Zeek's conn.log columns, in Zeek's order (base/protocols/conn/main.zeek, Conn::Info). */
    static final String[] ZEEK_FIELDS = {"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto",
        "service", "duration", "orig_bytes", "resp_bytes", "conn_state", "local_orig", "local_resp", "missed_bytes",
        "history", "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes", "tunnel_parents"};
    /** Their Zeek types, in the same order. */
    static final String[] ZEEK_TYPES = {"time", "string", "addr", "port", "addr", "port", "enum", "string",
        "interval", "count", "count", "string", "bool", "bool", "count", "string", "count", "count", "count", "count",
        "set[string]"};
    private static final DateTimeFormatter ZEEK_STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss", Locale.ROOT);

    private Exports() {
    }

    static Path csv(Table t, Path file, WriteMode mode) {
        return text(file, mode, "toCsv", w -> TableFormats.csv(t, w));
    }

    static Path json(Table t, Path file, WriteMode mode) {
        return text(file, mode, "toJson", w -> TableFormats.json(t, w));
    }

    static Path pcap(Capture cap, BitSet frames, Path file, WriteMode mode) {
        RecordCopier.copy(cap.data().file(), file, frames, mode);
        return file;
    }

    /**
     * Zeek's conn.log in its tab-separated format: the header lines Zeek's ASCII writer puts first, one
     * line per connection in the flows table's order, and {@code #close}. Zeek's fields that rstscope
     * does not know (service, local_orig, local_resp, tunnel_parents) are unset ({@code -}).
     */
    static Path zeek(Capture cap, BitSet flows, Path file, WriteMode mode) {
        FlowColumns fc = cap.flowColumns();
        String stamp = ZEEK_STAMP.format(ZonedDateTime.now(ZoneOffset.UTC));
        return text(file, mode, "toZeekLog", w -> {
            w.write("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n");
            w.write("#open\t" + stamp + "\n");
            w.write("#fields\t" + String.join("\t", ZEEK_FIELDS) + "\n");
            w.write("#types\t" + String.join("\t", ZEEK_TYPES) + "\n");
            StringBuilder line = new StringBuilder(256);
            for (int f = flows.nextSetBit(0); f >= 0; f = flows.nextSetBit(f + 1)) {
                line.setLength(0);
                long ts = fc.ts(f);
                line.append(seconds(ts)).append('\t').append(fc.uid(f)).append('\t')
                        .append(fc.addresses().text(fc.address(f, Direction.ORIG))).append('\t')
                        .append(fc.port(f, Direction.ORIG)).append('\t')
                        .append(fc.addresses().text(fc.address(f, Direction.RESP))).append('\t')
                        .append(fc.port(f, Direction.RESP)).append("\ttcp\t-\t");
                long d = fc.durationNanos(f);
                line.append(d > 0 ? seconds(d) : "-").append('\t');
                line.append(count(fc.bytes(f, Direction.ORIG))).append('\t').append(count(fc.bytes(f, Direction.RESP)))
                        .append('\t').append(fc.connState(f)).append("\t-\t-\t").append(fc.missedBytes(f)).append('\t')
                        .append(fc.history(f).isEmpty() ? "-" : fc.history(f)).append('\t')
                        .append(fc.packets(f, Direction.ORIG)).append('\t').append(fc.ipBytes(f, Direction.ORIG)).append('\t')
                        .append(fc.packets(f, Direction.RESP)).append('\t').append(fc.ipBytes(f, Direction.RESP))
                        .append("\t-\n");
                w.write(line.toString());
            }
            w.write("#close\t" + ZEEK_STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + "\n");
        });
    }

    /** Nanoseconds as Zeek prints a time or interval: seconds with six decimals. */
    private static String seconds(long nanos) {
        long micros = Math.floorDiv(nanos, 1000);
        return Math.floorDiv(micros, 1_000_000) + "." + String.format(Locale.ROOT, "%06d", Math.floorMod(micros, 1_000_000));
    }

    private static String count(long v) {
        return v == Long.MIN_VALUE ? "-" : Long.toString(v);
    }

    /** What writes a text export. */
    private interface Text {
        void writeTo(Writer w) throws IOException;
    }

    /** A UTF-8 text file, written as {@link OutputFiles#write} writes every export. */
    private static Path text(Path file, WriteMode mode, String call, Text content) {
        return OutputFiles.write(file, mode, call, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            content.writeTo(w);
            w.flush();
        });
    }
}
