package io.rstscope.capture;

import java.util.Locale;
import java.util.Objects;

/**
 * One row of the {@code issues} table: a packet that could not be fully decoded, and why.
 *
 * <pre>{@code
 * for (Issue i : cap.data().issues()) {
 *     System.out.println(i.frame() + " " + i.kind() + " " + i.reason());   // 3 TRUNCATED TCP options cut by the snap length: 34 of 40 bytes captured
 * }
 * }</pre>
 *
 * <p>The reason of a decoder's issue is put into words only when it is asked for: a damaged capture
 * can have millions of bad packets, and the read keeps only the first rows (see
 * {@link CaptureData#issueCount()}).
 */
public final class Issue {

    private final long frame;
    private final long ts;
    private final IssueKind kind;
    private final long offset;
    private final String format;
    private final long a;
    private final long b;
    private String reason;

    /**
     * @param frame  1-based packet number in the file
     * @param ts     the packet's timestamp in nanoseconds since the epoch
     * @param kind   truncated, invalid, too deep or unsupported
     * @param reason what is wrong, with the value seen and the limit
     * @param offset byte offset of the packet's record in the file
     */
    public Issue(long frame, long ts, IssueKind kind, String reason, long offset) {
        this(frame, ts, kind, null, 0, 0, offset);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** An issue whose reason is {@code String.format(format, a, b)}, formatted when first asked for. */
    Issue(long frame, long ts, IssueKind kind, String format, long a, long b, long offset) {
        this.frame = frame;
        this.ts = ts;
        this.kind = kind;
        this.format = format;
        this.a = a;
        this.b = b;
        this.offset = offset;
    }

    /** 1-based packet number in the file. */
    public long frame() {
        return frame;
    }

    /** The packet's timestamp in nanoseconds since the epoch. */
    public long ts() {
        return ts;
    }

    /** Truncated, invalid, too deep or unsupported. */
    public IssueKind kind() {
        return kind;
    }

    /** What is wrong, with the value seen and the limit. */
    public synchronized String reason() {
        if (reason == null) {
            reason = String.format(Locale.ROOT, format, a, b);
        }
        return reason;
    }

    /** Byte offset of the packet's record in the file. */
    public long offset() {
        return offset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Issue i && i.frame == frame && i.ts == ts && i.kind == kind && i.offset == offset
                && i.reason().equals(reason());
    }

    @Override
    public int hashCode() {
        return Objects.hash(frame, ts, kind, offset, reason());
    }

    @Override
    public String toString() {
        return "Issue[frame=" + frame + ", ts=" + ts + ", kind=" + kind + ", reason=" + reason() + ", offset=" + offset + "]";
    }
}
