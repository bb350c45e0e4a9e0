package io.rstscope;

import io.rstscope.reset.ResetRow;
import java.util.ArrayList;
import java.util.List;

/**
 * The resets of a live capture, each handed out once, as the streaming reset analysis emits it.
 *
 * <pre>{@code
 * var live = Rst.capture("eth0", "tcp");
 * var feed = live.resetFeed();
 * while (live.running()) {
 *     feed.poll().forEach(r -> System.out.println(r.summary()));
 *     Thread.sleep(200);
 * }
 * feed.poll().forEach(r -> System.out.println(r.summary()));   // the last ones, once it has stopped
 * }</pre>
 *
 * <p>The capture thread feeds every packet, as it arrives, to one connection tracker and reset
 * analysis that run for the whole capture — the operator that reads files — and a reset's row is
 * emitted once it can no longer change: when its connection has ended by Zeek's timers (about 5 s of
 * capture time after a reset or a close, which the capture's clock reaches even when no packet comes),
 * or when the capture ends. A poll only takes the rows emitted since the last one: nothing is decoded
 * or analysed again, whatever the size of the capture. Rows come in the order they were emitted (the
 * order their connections ended); those of the connections still open when the capture ends come
 * last, in capture order.
 *
 * <p>The capture keeps its latest {@value LiveResets#KEPT} rows for its feeds; a feed made late starts
 * with those, and one that polls too seldom to keep up misses the oldest ({@link #missed()} counts
 * them). Not thread-safe: one feed per reader.
 */
public final class ResetFeed {

    private final LiveResets resets;
    private long next;
    private long total;
    private long missed;

    ResetFeed(LiveResets resets) {
        this.resets = resets;
        this.next = resets.oldestKept();
    }

    /** The resets emitted since the last poll, in the order they were emitted. */
    public List<ResetRow> poll() {
        List<ResetRow> out = new ArrayList<>();
        long from = next;
        next = resets.read(from, out);
        missed += next - from - out.size(); // those no longer kept
        total += out.size();
        return out;
    }

    /** How many resets this feed has handed out. */
    public long total() {
        return total;
    }

    /** How many resets this feed missed because it polled too seldom (more than the capture keeps came between two polls). */
    public long missed() {
        return missed;
    }
}
