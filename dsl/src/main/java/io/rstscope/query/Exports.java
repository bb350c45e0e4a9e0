package io.rstscope.query;

import io.rstscope.Capture;
import io.rstscope.capture.OutputFiles;
import io.rstscope.capture.RecordCopier;
import io.rstscope.capture.WriteMode;
import io.rstscope.flow.Direction;
import io.rstscope.flow.FlowColumns;
import io.rstscope.store.ZeekConnLog;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.BitSet;
import tech.tablesaw.api.Table;

/** The export terminals: CSV, JSON, pcap and Zeek's conn.log. */
final class Exports {

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
        ZonedDateTime opened = ZonedDateTime.now(ZoneOffset.UTC);
        return text(file, mode, "toZeekLog", w -> {
            w.write(ZeekConnLog.header(opened));
            StringBuilder line = new StringBuilder(256);
            for (int f = flows.nextSetBit(0); f >= 0; f = flows.nextSetBit(f + 1)) {
                line.setLength(0);
                ZeekConnLog.line(line, fc.ts(f), fc.uid(f), fc.addresses().text(fc.address(f, Direction.ORIG)),
                        fc.port(f, Direction.ORIG), fc.addresses().text(fc.address(f, Direction.RESP)),
                        fc.port(f, Direction.RESP), fc.durationNanos(f), fc.bytes(f, Direction.ORIG),
                        fc.bytes(f, Direction.RESP), fc.connState(f).name(), fc.missedBytes(f), fc.history(f),
                        fc.packets(f, Direction.ORIG), fc.ipBytes(f, Direction.ORIG), fc.packets(f, Direction.RESP),
                        fc.ipBytes(f, Direction.RESP));
                w.write(line.toString());
            }
            w.write(ZeekConnLog.close(ZonedDateTime.now(ZoneOffset.UTC)));
        });
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
