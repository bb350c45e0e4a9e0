package io.rstscope.cli;

import io.rstscope.Capture;
import io.rstscope.eval.CellResult;
import io.rstscope.eval.Evaluator;
import io.rstscope.eval.Host;
import io.rstscope.query.Grouping;
import io.rstscope.query.Query;
import io.rstscope.query.TableFormats;
import io.rstscope.shell.Shell;
import io.rstscope.view.Explanation;
import io.rstscope.view.Ladder;
import io.rstscope.view.PacketList;
import io.rstscope.view.Timeline;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tech.tablesaw.api.Table;

/**
 * {@code rstscope query FILE... 'EXPR' [--format table|csv|json]}: evaluates one DSL expression — any
 * Java expression, in the same JShell session as the notebook and the shell — with the files opened
 * as {@code c1}, {@code c2}... ({@code cap} is {@code c1}, and the bare {@code flows()},
 * {@code resets()} and {@code packets()} work on it), and prints the result: a query, grouping or
 * table as rows, a number as a number, an explanation, ladder or timeline as text.
 *
 * <pre>
 * rstscope query trace.pcap 'flows().withReset().stage(HANDSHAKE).spoofed().count()'
 * rstscope query trace.pcap 'resets().groupBy(CAUSE, ORIGIN)' --format csv
 * rstscope query client.pcap server.pcap 'c2.resets().count() - c1.resets().count()'
 * </pre>
 *
 * <p>Exit status 0 when the expression was evaluated, 1 on a usage error, 2 when a file could not
 * be opened or the expression failed (its message on standard error), and 2 when a file is damaged:
 * the result, of what was read before the damage, is printed, and the damage is said on standard
 * error in the words of {@code summary}.
 */
final class QueryCommand {

    static final String USAGE = "usage: rstscope query FILE|DIR... 'EXPRESSION' [--format table|csv|json] [--threads N]";
    static final String HELP = String.join("\n", USAGE,
            "",
            "Evaluates one DSL expression (any Java expression, in the same session as the shell) with the",
            "captures opened as c1, c2... (cap is c1; the bare flows(), resets(), packets() work on it) and",
            "prints the result: rows for a query, grouping or table, a number as a number, an explanation,",
            "ladder, timeline or packet list as text. A DIR stands for the capture files in it and its",
            "subdirectories (" + Inputs.PATTERNS + "), opened in the order of their paths.",
            "",
            "  --format table|csv|json   how rows are printed (default table); --csv, --json the same",
            Args.threadsHelp(28),
            "  -h, --help                this text",
            "",
            "Example: rstscope query trace.pcap 'resets().groupBy(CAUSE, ORIGIN)' --format csv",
            "Exit status: 0 when evaluated, 1 on a usage error, 2 when a capture cannot be opened or the",
            "expression fails (its message on standard error).");

    private final PrintStream out;
    private final PrintStream err;

    QueryCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        String format;
        String expression;
        int threads;
        List<String> files = new ArrayList<>();
        try {
            Args a = Args.parse(args, Set.of("--csv", "--json"), Set.of("--format", "--threads"));
            if (a.help()) {
                out.println(HELP);
                return 0;
            }
            format = a.has("--csv") ? "csv" : a.has("--json") ? "json"
                    : a.choice("--format", "table", List.of("table", "csv", "json"));
            threads = a.threads();
            List<String> positional = a.positional();
            if (positional.size() < 2) {
                throw new Args.Usage(positional.isEmpty() ? "no FILE and no EXPRESSION given" : "a FILE and an EXPRESSION expected, got one argument");
            }
            expression = positional.get(positional.size() - 1);
            for (String f : positional.subList(0, positional.size() - 1)) {
                if (!Files.exists(Path.of(f))) {
                    err.println("rstscope query: " + f + ": no such file");
                    return 2;
                }
            }
            Inputs.expand(positional.subList(0, positional.size() - 1), true).forEach(p -> files.add(p.toString()));
        } catch (Args.Usage e) {
            err.println("rstscope query: " + e.getMessage());
            err.println(USAGE);
            return 1;
        }
        try (Evaluator ev = Evaluator.start(new ByteArrayInputStream(new byte[0]), err, err, Host.NONE)) {
            String open = Shell.openingCode(files, threads) + "Capture cap = c1;\n";
            CellResult opened = ev.eval(open);
            if (opened instanceof CellResult.Failure f) {
                err.println("rstscope query: " + f.message());
                return 2;
            }
            List<String> damaged = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                if (ev.eval("c" + (i + 1)) instanceof CellResult.Value v && v.value() instanceof Capture c
                        && c.data().damage() != null) {
                    damaged.add(c.data().damage().getMessage());
                }
            }
            CellResult r = ev.eval(expression);
            if (r instanceof CellResult.Failure f) {
                err.println(f.text());
                return 2;
            }
            if (r instanceof CellResult.Interrupted i) {
                err.println(i.message());
                return 2;
            }
            if (r instanceof CellResult.Value v) {
                print(v.value(), v.text(), format);
            }
            out.flush();
            // The result stands for what was read before the damage; a script must still be told.
            for (String d : damaged) {
                err.println("rstscope query: " + d);
            }
            return damaged.isEmpty() ? 0 : 2;
        } catch (RuntimeException e) {
            err.println("rstscope query: " + e.getMessage());
            return 2;
        }
    }

    private void print(Object value, String text, String format) {
        if (value instanceof Query<?, ?> q) {
            print(q.table(), format);
        } else if (value instanceof Grouping g) {
            print(g.count(), format);
        } else if (value instanceof Table t) {
            print(t, format);
        } else if (value instanceof Explanation e) {
            out.print(e.text());
        } else if (value instanceof Ladder l) {
            out.print(l.text());
        } else if (value instanceof Timeline t) {
            out.print(t.text());
        } else if (value instanceof PacketList p) {
            out.print(p.text());
        } else if (value instanceof CharSequence s) {
            out.println(format.equals("json") ? Json.write(s.toString()) : s);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.println(value);
        } else {
            out.println(value == null ? text : String.valueOf(value));
        }
    }

    private void print(Table t, String format) {
        switch (format) {
            case "csv" -> TableFormats.csv(t, out);
            case "json" -> TableFormats.json(t, out);
            default -> {
                if (t.rowCount() > 0) {
                    out.println(TableFormats.text(t));
                }
                out.printf("%,d rows%n", t.rowCount());
            }
        }
    }
}
