package io.rstscope.cli;

import io.rstscope.RstscopeException;
import io.rstscope.capture.WriteMode;
import io.rstscope.jupyter.KernelMain;
import io.rstscope.jupyter.KernelSpec;
import io.rstscope.shell.ScriptRunner;
import io.rstscope.shell.Shell;
import io.rstscope.teach.Scenario;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code rstscope} command: dispatches to a subcommand.
 *
 * <pre>
 * rstscope summary trace.pcap other.pcapng --json
 * rstscope explain                      # the bundled capture
 * rstscope query trace.pcap 'resets().groupBy(CAUSE, ORIGIN)' --format csv
 * rstscope scenarios lessons/           # one pcap per reset cause, with labels.tsv and README.md
 * rstscope watch eth0 --filter tcp     # live: each reset as it happens, a summary on Ctrl-C
 * </pre>
 */
public final class Main {

    static final String USAGE = String.join("\n",
            "usage: rstscope <command> [arguments]",
            "",
            "commands:",
            "  explain [FILE]            report the capture's connections and resets (a bundled capture when no FILE)",
            "  summary FILE... [--json]  counts per capture file: format, link types, packets, TCP, RSTs, issues",
            "  query FILE... 'EXPR' [--format table|csv|json]",
            "                            evaluate a DSL expression with the FILEs opened as c1, c2... (flows() on c1)",
            "  bench [--packets N]       generate the benchmark capture and print load figures (vs tshark)",
            "  watch IFACE [--filter BPF] [--seconds N]",
            "                            capture live; print each reset as it is explained, a summary on Ctrl-C",
            "  scenarios DIR [--replace] write the teaching scenarios: one pcap per reset cause, labels.tsv, README.md",
            "  shell [FILE...]           the jshell REPL with the DSL; FILEs opened as c1, c2...",
            "  run SCRIPT.jsh [ARGS]     run a jshell script non-interactively (exit status 1 on an error)",
            "  kernel install [--user | --sys-prefix | --prefix DIR] [--name NAME]",
            "                            install the Jupyter kernelspec",
            "  help                      this text");

    private Main() {
    }

    private static int scenarios(String[] args, PrintStream out, PrintStream err) {
        boolean replace = args.length == 2 && args[1].equals("--replace");
        if ((args.length != 1 && !replace) || args[0].startsWith("-")) {
            err.println("usage: rstscope scenarios DIR [--replace]");
            return 1;
        }
        try {
            List<Path> files = Scenario.writeAll(Path.of(args[0]), replace ? WriteMode.REPLACE : WriteMode.CREATE);
            for (Scenario s : Scenario.values()) {
                out.println(s.fileName() + "\t" + s.cause() + "\t" + s.title());
            }
            out.println(files.size() + " files written to " + Path.of(args[0]));
            return 0;
        } catch (UncheckedIOException e) {
            err.println("rstscope scenarios: " + e.getCause().getMessage());
            return 2;
        } catch (RstscopeException e) {
            err.println("rstscope scenarios: " + e.getMessage());
            return 2;
        }
    }

    private static int shell(String[] args, PrintStream err) {
        for (String a : args) {
            if (a.startsWith("-")) {
                err.println("usage: rstscope shell [FILE...]");
                return 1;
            }
        }
        try {
            return Shell.run(List.of(args));
        } catch (Exception e) {
            err.println("rstscope shell: " + e.getMessage());
            return 2;
        }
    }

    private static int script(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("usage: rstscope run SCRIPT.jsh [ARGS]");
            return 1;
        }
        return ScriptRunner.run(Path.of(args[0]), List.of(args).subList(1, args.length), System.in, out, err);
    }

    private static int kernel(String[] args, PrintStream out, PrintStream err) {
        if (args.length >= 1 && args[0].equals("install")) {
            return KernelSpec.install(List.of(args).subList(1, args.length), out, err);
        }
        if (args.length == 2 && args[0].equals("run")) {
            try {
                return KernelMain.run(Path.of(args[1]));
            } catch (Exception e) {
                err.println("rstscope kernel: " + e);
                return 2;
            }
        }
        err.println(KernelSpec.USAGE);
        err.println("       rstscope kernel run CONNECTION_FILE   (what the kernelspec runs)");
        return 1;
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
            case "query" -> new QueryCommand(out, err).run(rest);
            case "bench" -> new BenchCommand(out, err).run(rest);
            case "scenarios" -> scenarios(rest, out, err);
            case "watch" -> new WatchCommand(out, err).run(rest);
            case "shell" -> shell(rest, err);
            case "run" -> script(rest, out, err);
            case "kernel" -> kernel(rest, out, err);
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
