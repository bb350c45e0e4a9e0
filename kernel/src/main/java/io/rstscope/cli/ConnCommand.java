package io.rstscope.cli;

import io.rstscope.Capture;
import io.rstscope.Rst;
import io.rstscope.RstscopeException;
import io.rstscope.capture.ReadOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code rstscope conn FILE [-o OUT]}: the capture's connections as Zeek's conn.log (tab-separated,
 * Zeek's header lines and field order), written as {@code zeek -r FILE} writes it: to
 * {@code conn.log} in the current directory unless {@code -o} names another file. The file is written
 * by the DSL's {@code flows().toZeekLog(..)}, so it is the same as a notebook's export.
 *
 * <pre>
 * rstscope conn trace.pcap                 # ./conn.log
 * rstscope conn trace.pcap -o /tmp/x.log
 * </pre>
 */
final class ConnCommand {

    static final String USAGE = "usage: rstscope conn FILE [-o OUT] [--threads N]";
    static final String HELP = String.join("\n", USAGE,
            "",
            "Writes the capture's TCP connections as Zeek's conn.log: the same header lines, fields and",
            "tab-separated format, one line per connection with Zeek's conn_state and history.",
            "",
            "  -o, --output OUT   the file to write (default: conn.log in the current directory)",
            Args.threadsHelp(21),
            "  -h, --help         this text",
            "",
            "Exit status: 0 when written from a clean capture, 2 when the capture is damaged (what was",
            "read is written) or cannot be read or the file cannot be written, 1 on a usage error.");

    private final PrintStream out;
    private final PrintStream err;

    ConnCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        Path file;
        Path target;
        ReadOptions read;
        try {
            Args a = Args.parse(args, Set.of(), Set.of("-o", "--output", "--threads"));
            if (a.help()) {
                out.println(HELP);
                return 0;
            }
            if (a.positional().size() != 1) {
                throw new Args.Usage(a.positional().isEmpty() ? "no FILE given"
                        : "one FILE expected, got " + a.positional().size() + ": " + String.join(" ", a.positional()));
            }
            file = Path.of(a.positional().get(0));
            target = Path.of(a.value("-o", a.value("--output", "conn.log")));
            read = ReadOptions.DEFAULT.withThreads(a.threads());
        } catch (Args.Usage e) {
            err.println("rstscope conn: " + e.getMessage());
            err.println(USAGE);
            return 1;
        }
        try {
            Capture cap = Rst.open(file, read);
            Path written = cap.flows().toZeekLog(target);
            out.println(Plural.of(cap.flowColumns().size(), "connection") + " written to " + written);
            if (cap.data().damage() != null) {
                err.println("rstscope conn: " + cap.data().damage().getMessage());
                return 2;
            }
            return 0;
        } catch (RstscopeException e) {
            err.println("rstscope conn: " + e.getMessage());
            return 2;
        }
    }
}
