package io.rstscope.jupyter;

import io.github.spencerpark.jupyter.kernel.history.HistoryEntry;
import io.github.spencerpark.jupyter.kernel.history.HistoryManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The cells run in this kernel, for history requests. Without a history manager the library leaves
 * history requests unanswered, and consoles wait for them.
 */
final class History implements HistoryManager {

    /** Jupyter numbers sessions; this kernel keeps only its own, the current one. */
    private static final int SESSION = 0;

    private final List<HistoryEntry> entries = new ArrayList<>();

    synchronized void add(int cell, String input, String output) {
        entries.add(new HistoryEntry(SESSION, cell, input, output));
    }

    @Override
    public synchronized List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
        int from = Math.max(0, entries.size() - Math.max(0, length));
        return shape(entries.subList(from, entries.size()), flags);
    }

    @Override
    public synchronized List<HistoryEntry> lookupRange(int sessionOffset, int startCell, int endCell, Set<ResultFlag> flags) {
        List<HistoryEntry> out = new ArrayList<>();
        for (HistoryEntry e : entries) {
            if (e.getCellNumber() >= startCell && (endCell <= 0 || e.getCellNumber() < endCell)) {
                out.add(e);
            }
        }
        return shape(out, flags);
    }

    @Override
    public synchronized List<HistoryEntry> search(String pattern, int length, Set<ResultFlag> flags) {
        Pattern glob = Pattern.compile(toRegex(pattern == null || pattern.isEmpty() ? "*" : pattern), Pattern.DOTALL);
        Map<String, HistoryEntry> found = new LinkedHashMap<>();
        List<HistoryEntry> out = new ArrayList<>();
        for (HistoryEntry e : entries) {
            if (glob.matcher(e.getInput()).matches()) {
                if (flags.contains(ResultFlag.UNIQUE)) {
                    found.remove(e.getInput());
                    found.put(e.getInput(), e);
                } else {
                    out.add(e);
                }
            }
        }
        if (flags.contains(ResultFlag.UNIQUE)) {
            out.addAll(found.values());
        }
        int from = length > 0 ? Math.max(0, out.size() - length) : 0;
        return shape(out.subList(from, out.size()), flags);
    }

    private static List<HistoryEntry> shape(List<HistoryEntry> list, Set<ResultFlag> flags) {
        List<HistoryEntry> out = new ArrayList<>();
        for (HistoryEntry e : list) {
            out.add(flags.contains(ResultFlag.INCLUDE_OUTPUT) ? e
                    : new HistoryEntry(e.getSession(), e.getCellNumber(), e.getInput()));
        }
        return out;
    }

    private static String toRegex(String glob) {
        StringBuilder b = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> b.append(".*");
                case '?' -> b.append('.');
                default -> b.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return b.toString();
    }
}
