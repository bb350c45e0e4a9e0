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
 * rstscope conn trace.pcap -o conn.log  # Zeek's conn.log
 * rstscope explain --help               # every command tells its options
 * </pre>
 */
public final class Main {

    static final String USAGE = String.join("\n",
            "usage: rstscope <command> [arguments]",
            "",
            "commands:",
            "  explain [FILE|DIR...]     report each capture's connections and resets (the teaching scenarios when no FILE)",
            "  summary FILE|DIR... [--json]",
            "                            counts per capture file: format, link types, packets, TCP, RSTs, issues",
            "  query FILE|DIR... 'EXPR' [--format table|csv|json]",
            "                            evaluate a DSL expression with the FILEs opened as c1, c2... (flows() on c1)",
            "  conn FILE [-o OUT]        write the capture's connections as Zeek's conn.log (./conn.log by default)",
            "  bench [--packets N]       generate the benchmark capture and print load figures (vs tshark)",
            "  watch IFACE [--filter BPF] [--seconds N]",
            "                            capture live; print each reset as it is explained, a summary on Ctrl-C",
            "  scenarios DIR [--replace] write the teaching scenarios: one pcap per reset cause, labels.tsv, README.md",
            "  shell [FILE...]           the jshell REPL with the DSL; FILEs opened as c1, c2...",
            "  run SCRIPT.jsh [ARGS]     run a jshell script non-interactively (exit status 1 on an error)",
            "  kernel install [--user | --sys-prefix | --prefix DIR] [--name NAME]",
            "                            install the Jupyter kernelspec",
            "  help, --help              this text; COMMAND --help tells more of each command",
            "  --version                 the version");

    private Main() {
    }

    private static final String SCENARIOS_HELP = String.join("\n", "usage: rstscope scenarios DIR [--replace]",
            "",
            "Writes the teaching scenarios into DIR (created if missing): one small synthetic capture per reset",
            "cause, labels.tsv with the expected stage, sender, origin, cause, verdict of every RST, and a",
            "README.md with each scenario's explanation; the same bytes on every run. It refuses, before",
            "writing anything, when one of its files is in DIR already.",
            "",
            "  --replace    replace the scenario files already in DIR",
            "  -h, --help   this text");
    private static final String SHELL_HELP = String.join("\n", "usage: rstscope shell [FILE...]",
            "",
            "The JDK's jshell with the DSL: the FILEs opened as c1, c2..., the bare flows(), resets() and",
            "packets() on c1. Tab completes; /exit leaves.",
            "",
            "  -h, --help   this text");
    private static final String RUN_HELP = String.join("\n", "usage: rstscope run SCRIPT.jsh [ARGS]",
            "",
            "Runs a jshell script non-interactively in the shell's session, args holding ARGS; stops at the",
            "first error with exit status 1. A '/exit N' line ends it with status N.",
            "",
            "  -h, --help   this text (only as the first argument: later ones are the script's)");

    /** {@code -h} or {@code --help} among the arguments. */
    private static boolean asksHelp(String[] args) {
        return Arrays.stream(args).anyMatch(a -> a.equals("-h") || a.equals("--help"));
    }

    private static int usage(PrintStream err, String command, String message, String usage) {
        err.println("rstscope " + command + ": " + message);
        err.println(usage);
        return 1;
    }

    private static int scenarios(String[] args, PrintStream out, PrintStream err) {
        String usage = SCENARIOS_HELP.substring(0, SCENARIOS_HELP.indexOf('\n'));
        if (asksHelp(args)) {
            out.println(SCENARIOS_HELP);
            return 0;
        }
        if (args.length == 1 && args[0].startsWith("-")) {
            return usage(err, "scenarios", "unknown option '" + args[0] + "'", usage);
        }
        boolean replace = args.length == 2 && args[1].equals("--replace");
        if (replace) {
            args = new String[] {args[0]};
        }
        if (args.length != 1) {
            return usage(err, "scenarios", args.length == 0 ? "no DIR given" : "one DIR expected, got " + args.length
                    + ": " + String.join(" ", args), usage);
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

    private static int shell(String[] args, PrintStream out, PrintStream err) {
        if (asksHelp(args)) {
            out.println(SHELL_HELP);
            return 0;
        }
        for (String a : args) {
            if (a.startsWith("-")) {
                return usage(err, "shell", "unknown option '" + a + "'", "usage: rstscope shell [FILE...]");
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
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            out.println(RUN_HELP);
            return 0;
        }
        if (args.length == 0 || args[0].startsWith("-")) {
            return usage(err, "run", args.length == 0 ? "no SCRIPT given" : "unknown option '" + args[0] + "'",
                    "usage: rstscope run SCRIPT.jsh [ARGS]");
        }
        return ScriptRunner.run(Path.of(args[0]), List.of(args).subList(1, args.length), System.in, out, err);
    }

    private static int kernel(String[] args, PrintStream out, PrintStream err) {
        if (asksHelp(args)) {
            out.println(KernelSpec.USAGE);
            out.println("       rstscope kernel run CONNECTION_FILE   (what the kernelspec runs)");
            out.println();
            out.println("Installs the Jupyter kernelspec (default --user, name rstscope); jupyter kernelspec list shows it.");
            return 0;
        }
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
        err.println("rstscope kernel: " + (args.length == 0 ? "no subcommand given" : "unknown subcommand '" + args[0] + "'")
                + ": expected install or run");
        err.println(KernelSpec.USAGE);
        err.println("       rstscope kernel run CONNECTION_FILE   (what the kernelspec runs)");
        return 1;
    }

    /**
     * The version the build wrote into the jar's manifest ({@code Implementation-Version}, from the
     * pom), or a word saying there is none when run from the class directories.
     */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v != null ? v : "(version unknown: not run from the packaged jar)";
    }

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("shell") || args[0].equals("kernel"))) {
            System.exit(run(args, System.out, System.err)); // a terminal's session or a kernel's: not a result
        }
        StandardOutput stdout = StandardOutput.ofProcess();
        int status = run(args, stdout.printStream(), System.err);
        System.exit(stdout.finish(args.length > 0 ? args[0] : "", System.err, status));
    }

    /** Runs one command line; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return 1;
        }
        try {
            return command(args, out, err);
        } catch (RuntimeException | Error e) {
            if (!RstscopeException.outOfMemory(e)) {
                throw e;
            }
            // Whatever ran out (the read has its own line, naming the file): one line, never a stack trace.
            err.println("rstscope " + args[0] + ": " + RstscopeException.outOfMemory());
            return 2;
        }
    }

    private static int command(String[] args, PrintStream out, PrintStream err) {
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "summary" -> new SummaryCommand(out, err).run(rest);
            case "explain" -> new ExplainCommand(out, err).run(rest);
            case "query" -> new QueryCommand(out, err).run(rest);
            case "bench" -> new BenchCommand(out, err).run(rest);
            case "scenarios" -> scenarios(rest, out, err);
            case "watch" -> new WatchCommand(out, err).run(rest);
            case "conn" -> new ConnCommand(out, err).run(rest);
            case "shell" -> shell(rest, out, err);
            case "run" -> script(rest, out, err);
            case "kernel" -> kernel(rest, out, err);
            case "help", "--help", "-h" -> {
                out.println(USAGE);
                yield 0;
            }
            case "--version", "version" -> {
                out.println("rstscope " + version());
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
