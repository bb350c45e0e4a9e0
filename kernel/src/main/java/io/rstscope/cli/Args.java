package io.rstscope.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One subcommand's command line, parsed as GNU tools parse theirs: {@code --opt value} and
 * {@code --opt=value} alike, flags without a value, {@code --} ending the options, {@code -h} and
 * {@code --help} asking for the usage. Every mistake is a {@link Usage} naming the argument and what
 * was expected; the subcommands print it, then their usage line, and exit 1.
 *
 * <pre>
 * Args a = Args.parse("explain", args, Set.of("--json"), Set.of("--format", "--limit"));
 * int limit = a.number("--limit", 50);
 * </pre>
 */
final class Args {

    /** A command line that cannot be run: the message names the argument and what was expected. */
    static final class Usage extends RuntimeException {
        Usage(String message) {
            super(message);
        }
    }

    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private boolean help;

    private Args() {
    }

    /**
     * Parses {@code args}: {@code flags} take no value, {@code valued} take one. Anything else that
     * starts with {@code -} (but is not {@code -} alone) is an unknown option.
     */
    static Args parse(String[] args, Set<String> flags, Set<String> valued) {
        Args a = new Args();
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                a.positional.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            if (arg.equals("-h") || arg.equals("--help")) {
                a.help = true;
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq > 0 ? arg.substring(0, eq) : arg;
            if (flags.contains(name)) {
                if (eq > 0) {
                    throw new Usage(name + " takes no value, got '" + arg.substring(eq + 1) + "'");
                }
                a.options.put(name, "");
            } else if (valued.contains(name)) {
                if (eq > 0) {
                    a.options.put(name, arg.substring(eq + 1));
                } else if (i + 1 < args.length) {
                    a.options.put(name, args[++i]);
                } else {
                    throw new Usage(name + " needs a value");
                }
            } else {
                throw new Usage("unknown option '" + name + "'");
            }
        }
        return a;
    }

    /** Whether {@code -h} or {@code --help} was given. */
    boolean help() {
        return help;
    }

    /** Whether the flag or option was given. */
    boolean has(String name) {
        return options.containsKey(name);
    }

    /** The option's value, or {@code otherwise}. */
    String value(String name, String otherwise) {
        return options.getOrDefault(name, otherwise);
    }

    /** The option's value, which must be one of {@code allowed}. */
    String choice(String name, String otherwise, List<String> allowed) {
        String v = value(name, otherwise);
        if (!allowed.contains(v)) {
            String last = allowed.get(allowed.size() - 1);
            String others = String.join(", ", allowed.subList(0, allowed.size() - 1));
            throw new Usage(name + " " + v + ": expected " + (others.isEmpty() ? last : others + " or " + last));
        }
        return v;
    }

    /** The option's value as a whole number {@code >= 0}. */
    long number(String name, long otherwise) {
        String v = options.get(name);
        if (v == null) {
            return otherwise;
        }
        try {
            long n = Long.parseLong(v.replace("_", "").replace(",", ""));
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with what was expected
        }
        throw new Usage(name + " " + v + ": expected a whole number >= 0");
    }

    /**
     * The help lines of {@code --threads N}, its description starting at {@code column} as the other
     * options' of the subcommand: {@code Args.threadsHelp(20)}.
     */
    static String threadsHelp(int column) {
        String pad = " ".repeat(column);
        return ("  --threads N" + pad).substring(0, column) + "threads that track the connections and explain the resets,\n"
                + pad + "the file read and decoded on one more (default: one per processor,\n"
                + pad + "here " + io.rstscope.capture.ReadOptions.DEFAULT.threads() + "); the answers are the same whatever N";
    }

    /**
     * {@code --threads N}: how many threads read the captures' connections, from 1 to
     * {@link io.rstscope.capture.ReadOptions#MAX_THREADS}; without it, one per available processor
     * ({@code ReadOptions.DEFAULT.threads()}).
     */
    int threads() {
        String v = options.get("--threads");
        if (v == null) {
            return io.rstscope.capture.ReadOptions.DEFAULT.threads();
        }
        try {
            int n = Integer.parseInt(v.replace("_", ""));
            if (n >= 1 && n <= io.rstscope.capture.ReadOptions.MAX_THREADS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with what was expected
        }
        throw new Usage("--threads " + v + ": expected a whole number from 1 to "
                + io.rstscope.capture.ReadOptions.MAX_THREADS);
    }

    /** The arguments that are not options, in order. */
    List<String> positional() {
        return positional;
    }
}
