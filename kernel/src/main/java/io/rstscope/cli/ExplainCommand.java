package io.rstscope.cli;

import io.rstscope.RstscopeException;
import io.rstscope.capture.CaptureData;
import io.rstscope.capture.CaptureReader;
import io.rstscope.capture.ReadOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code rstscope explain [FILE]}: the report of one capture; the bundled sample when none is given. */
final class ExplainCommand {

    static final String SAMPLE = "/io/rstscope/samples/nmap-vsn.pcap";

    private final PrintStream out;
    private final PrintStream err;

    ExplainCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        if (args.length > 1) {
            err.println("usage: rstscope explain [FILE]");
            return 1;
        }
        Path file;
        try {
            file = args.length == 1 ? Path.of(args[0]) : bundledSample();
        } catch (IOException e) {
            err.println("rstscope explain: cannot unpack the bundled capture: " + e.getMessage());
            return 2;
        }
        try {
            CaptureData data = CaptureReader.read(file, ReadOptions.DEFAULT);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file", args.length == 1 ? file.toString() : "bundled sample " + SAMPLE.substring(SAMPLE.lastIndexOf('/') + 1));
            SummaryCommand.fill(row, data);
            for (Map.Entry<String, Object> e : row.entrySet()) {
                out.printf("%-13s %s%n", e.getKey() + ":", e.getValue() == null ? "-" : e.getValue());
            }
            if (data.damage() != null) {
                err.println("rstscope explain: " + data.damage().getMessage());
                return 2;
            }
            return 0;
        } catch (RstscopeException e) {
            err.println("rstscope explain: " + e.getMessage());
            return 2;
        }
    }

    static Path bundledSample() throws IOException {
        Path tmp = Files.createTempFile("rstscope-sample-", ".pcap");
        tmp.toFile().deleteOnExit();
        try (InputStream in = ExplainCommand.class.getResourceAsStream(SAMPLE)) {
            if (in == null) {
                throw new IOException("resource " + SAMPLE + " is missing from the jar");
            }
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        return tmp;
    }
}
