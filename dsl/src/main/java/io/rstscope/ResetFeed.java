package io.rstscope;

import io.rstscope.reset.ResetRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The resets of a live capture, each handed out once, as soon as it can be explained.
 *
 * <pre>{@code
 * var live = Rst.capture("eth0", "tcp");
 * var feed = live.resetFeed(Duration.ofMillis(500));
 * while (live.running()) {
 *     feed.poll().forEach(r -> System.out.println(r.summary()));
 *     Thread.sleep(200);
 * }
 * feed.poll().forEach(r -> System.out.println(r.summary()));   // the last ones, once it has stopped
 * }</pre>
 *
 * <p>A reset is judged partly by what follows it (does the claimed sender keep talking? does a
 * second RST come?), so a reset is handed out only once {@code grace} has passed since it was
 * captured, or at once when the capture has ended. A poll that finds no new RST since the last one,
 * and none waiting for its grace to pass, costs nothing; otherwise it explains the capture's
 * current {@linkplain LiveCapture#snapshot() snapshot}. Not thread-safe: one feed per reader.
 */
public final class ResetFeed {

    private final LiveCapture live;
    private final long graceNanos;
    private final Set<Long> given = new HashSet<>();
    private long rstsSeen;
    private boolean waiting;
    private long total;

    ResetFeed(LiveCapture live, Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace: expected >= 0, got " + grace);
        }
        this.live = live;
        this.graceNanos = grace.toNanos();
    }

    /** The resets explained since the last poll, in capture order. */
    public List<ResetRow> poll() {
        boolean ended = !live.running();
        long rsts = live.source().rstPackets();
        if (rsts == rstsSeen && !waiting) {
            return List.of();
        }
        Capture snap = live.snapshot();
        long cutoff = ended ? Long.MAX_VALUE : System.currentTimeMillis() * 1_000_000L - graceNanos;
        List<ResetRow> out = new ArrayList<>();
        Set<Long> present = new HashSet<>();
        boolean stillWaiting = false;
        for (ResetRow r : snap.resetRows()) {
            present.add(r.frame());
            if (given.contains(r.frame())) {
                continue;
            }
            if (r.ts() <= cutoff) {
                given.add(r.frame());
                out.add(r);
            } else {
                stillWaiting = true;
            }
        }
        // A windowed capture forgets old packets; their frames never come back, so forget them too.
        given.retainAll(present);
        rstsSeen = rsts;
        waiting = stillWaiting;
        total += out.size();
        return out;
    }

    /** How many resets this feed has handed out. */
    public long total() {
        return total;
    }
}
