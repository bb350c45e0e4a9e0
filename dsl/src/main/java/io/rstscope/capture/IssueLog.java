package io.rstscope.capture;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The issues of one read, in bounded memory: every issue is counted, the first {@link #LISTED} are
 * kept as rows, and the rest are counted by kind and reason (the message before its values are
 * filled in), each with the last packet it was seen at. A file of millions of bad records costs a few
 * hundred rows, never an object per packet.
 */
final class IssueLog {

    /** How many issues are kept as rows with their frame and offset. */
    static final int LISTED = 1000;

    /** The issues of one kind and reason that were counted and not listed. */
    private static final class Unlisted {
        final IssueKind kind;
        final String format;
        long count;
        long frame;
        long ts;
        long offset;

        Unlisted(IssueKind kind, String format) {
            this.kind = kind;
            this.format = format;
        }
    }

    private final List<Issue> listed = new ArrayList<>();
    /** A handful at most: one per place in the decoder that reports an issue. */
    private final List<Unlisted> unlisted = new ArrayList<>();
    private long count;

    /** Records a decoder's issue, whose reason is {@code String.format(format, a, b)}. */
    void add(long frame, long ts, IssueKind kind, String format, long a, long b, long offset) {
        count++;
        if (listed.size() < LISTED) {
            listed.add(new Issue(frame, ts, kind, format, a, b, offset));
            return;
        }
        Unlisted u = null;
        for (Unlisted x : unlisted) {
            // The formats are the decoder's constants: the same reason is the same string.
            if (x.kind == kind && (x.format == format || x.format.equals(format))) {
                u = x;
                break;
            }
        }
        if (u == null) {
            u = new Unlisted(kind, format);
            unlisted.add(u);
        }
        u.count++;
        u.frame = frame;
        u.ts = ts;
        u.offset = offset;
    }

    /** Records an issue that is always listed (one per unsupported link type: a handful at most). */
    void addListed(Issue issue) {
        count++;
        listed.add(issue);
    }

    /** How many issues are rows of their own. */
    long listed() {
        return listed.size();
    }

    /** Every issue counted. */
    long count() {
        return count;
    }

    /**
     * The rows: the issues listed in file order, then one row per kind and reason of those counted and
     * not listed, at the last packet where one was seen.
     */
    List<Issue> rows() {
        List<Issue> rows = new ArrayList<>(listed);
        rows.sort(Comparator.comparingLong(Issue::frame));
        for (Unlisted u : unlisted) {
            rows.add(new Issue(u.frame, u.ts, u.kind, u.count + " more issues like \"" + u.format.replace("%d", "…")
                    + "\", the last at this packet, are counted and not listed (only the first " + LISTED
                    + " issues are)", u.offset));
        }
        return List.copyOf(rows);
    }
}
