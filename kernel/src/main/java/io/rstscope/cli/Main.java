package io.rstscope.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The {@code rstscope} command: dispatches to a subcommand.
 *
 * <pre>
 * rstscope summary trace.pcap other.pcapng --json
 * rstscope explain                      # the bundled capture
 * </pre>
 */
public final class Main {

    static final String USAGE = String.join("\n",
            "usage: rstscope <command> [arguments]",
            "",
            "commands:",
            "  explain [FILE]            report the capture's connections and resets (a bundled capture when no FILE)",
            "  summary FILE... [--json]  counts per capture file: format, link types, packets, TCP, RSTs, issues",
            "  bench [--packets N]       generate the benchmark capture and print load figures (vs tshark)",
            "  help                      this text");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return 1;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "summary" -> new SummaryCommand(out, err).run(rest);
            case "explain" -> new ExplainCommand(out, err).run(rest);
            case "bench" -> new BenchCommand(out, err).run(rest);
            case "help", "--help", "-h" -> {
                out.println(USAGE);
                yield 0;
            }
            default -> {
                err.println("rstscope: unknown command '" + args[0] + "'");
                err.println(USAGE);
                yield 1;
            }
        };
    }
}
