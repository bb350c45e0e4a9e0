package io.rstscope;

import io.rstscope.capture.CaptureData;
import io.rstscope.capture.LiveOptions;
import io.rstscope.capture.LiveSource;
import io.rstscope.capture.ReadOptions;
import io.rstscope.capture.WriteMode;
import io.rstscope.flow.FlowColumns;
import io.rstscope.flow.FlowTracker;
import io.rstscope.flow.TrackedCapture;
import io.rstscope.reset.ResetStream;
import io.rstscope.reset.ResetOptions;
import io.rstscope.reset.ResetRow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import tech.tablesaw.api.Table;

/**
 * A capture from a network interface that is still running: its tables grow as packets arrive.
 *
 * <pre>{@code
 * var live = Rst.capture("eth0", "tcp port 443");    // runs in the background until stop()
 * live.resetTable();                                 // the resets so far
 * Capture cap = live.snapshot();                     // everything so far, frozen: query it at leisure
 * live.stop();
 * live.save("incident.pcapng");                      // what was captured, for Wireshark
 * }</pre>
 *
 * <p>Two views of the same packets. As each packet arrives, the capture thread hands it to one
 * connection tracker and reset analysis that run for the whole capture — the streaming operator that
 * reads files — which emits each reset's row once it can no longer change: follow them with a
 * {@link ResetFeed} ({@code rstscope watch} does). That costs a hash lookup and a few field updates per
 * packet, and memory bounded by the connections open at once.
 *
 * <p>{@link #snapshot()} instead returns an ordinary, immutable {@link Capture} of everything kept so
 * far (the window, for a windowed capture), with its packets table and ladders: every query on it sees
 * one consistent state, however many packets arrive meanwhile. It pays for that by decoding the kept
 * packets again through the same pipeline as a file — decoder, connection tracking, reset analysis —
 * which costs what opening a file of that size costs (about a second per two million packets) and,
 * while it runs, heap for its tables. Snapshots are cached until the next packet arrives, so asking
 * twice costs nothing. The accessors {@link #flowTable()}, {@link #resetTable()}, {@link #packetTable()}
 * and {@link #resetRows()} each take a snapshot; a feed never does.
 */
public final class LiveCapture implements AutoCloseable {

    private final LiveSource source;
    private final LiveResets resets;
    private Capture cached;
    private long cachedAt = -1;

    private LiveCapture(LiveSource source, LiveResets resets) {
        this.source = source;
        this.resets = resets;
    }

    /** Starts a live capture; see {@link Rst#capture(String, String, LiveOptions)}. */
    static LiveCapture start(String iface, String bpfFilter, LiveOptions options) {
        LiveResets resets = new LiveResets();
        return new LiveCapture(LiveSource.start(iface, bpfFilter, options, resets), resets);
    }

    /**
     * Everything kept so far as an immutable capture: connections tracked and resets explained. Unless
     * cached (no packet since the last one), it decodes every packet kept again (see the class comment for
     * the cost); to follow the resets as they come, a {@link #resetFeed()} costs nothing of the kind.
     */
    public synchronized Capture snapshot() {
        long n = source.packets();
        if (cached != null && n == cachedAt) {
            return cached;
        }
        ResetStream stream = new ResetStream(ResetOptions.DEFAULT);
        FlowTracker tracker = new FlowTracker(true, stream);
        CaptureData data = source.read(ReadOptions.DEFAULT, tracker);
        FlowColumns flows = tracker.finish();
        cached = new Capture(new TrackedCapture(data, flows), stream.finish(flows));
        cachedAt = n;
        return cached;
    }

    /** Stops capturing and returns the final snapshot; the capture stays readable and savable. */
    public Capture stop() {
        source.stop();
        return snapshot();
    }

    /** Same as {@link #stop()}, for try-with-resources. */
    @Override
    public void close() {
        source.stop();
    }

    /**
     * Waits until the capture ends by its bound (duration or packet count) or is stopped, and returns
     * the final snapshot. An interrupt stops the capture early and returns what it had.
     */
    public Capture await() {
        while (!source.await(Duration.ofMillis(200))) {
            if (Thread.currentThread().isInterrupted()) {
                source.stop();
                break;
            }
        }
        return snapshot();
    }

    /**
     * Writes what was captured (the window, for a windowed capture) to {@code file} as pcapng. Like the
     * exports, it never replaces an existing file (see {@link #save(String, WriteMode)}) and leaves no
     * partial file when it fails.
     */
    public void save(Path file) {
        save(file, WriteMode.CREATE);
    }

    /** As {@link #save(Path)}, replacing an existing file with {@code REPLACE}: {@code live.save(path, REPLACE)}. */
    public void save(Path file, WriteMode mode) {
        source.save(file, mode);
    }

    /** Writes what was captured to the pcapng file named {@code file}: {@code live.save("incident.pcapng")}. */
    public void save(String file) {
        save(Path.of(file), WriteMode.CREATE);
    }

    /** As {@link #save(String)}, replacing an existing file with {@code REPLACE}: {@code live.save("incident.pcapng", REPLACE)}. */
    public void save(String file, WriteMode mode) {
        save(Path.of(file), mode);
    }

    /** Whether it is still capturing. */
    public boolean running() {
        return source.running();
    }

    /** The packet source: interface, filter, counts, kernel drops. */
    public LiveSource source() {
        return source;
    }

    /**
     * A feed of this capture's resets, each given once, as the streaming analysis emits it (see
     * {@link ResetFeed}): {@code live.resetFeed().poll()}.
     */
    public ResetFeed resetFeed() {
        return new ResetFeed(resets);
    }

    /**
     * As {@link #resetFeed()}: the analysis already waits until a reset's row can no longer change, so
     * there is no grace to give. {@code grace} must not be negative.
     *
     * @deprecated use {@link #resetFeed()}
     */
    @Deprecated
    public ResetFeed resetFeed(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace: expected >= 0, got " + grace);
        }
        return resetFeed();
    }

    /** The {@code flows} table so far. */
    public Table flowTable() {
        return snapshot().flowTable();
    }

    /** The {@code resets} table so far. */
    public Table resetTable() {
        return snapshot().resetTable();
    }

    /** The {@code packets} table so far. */
    public Table packetTable() {
        return snapshot().packetTable();
    }

    /** The resets so far, explained. */
    public List<ResetRow> resetRows() {
        return snapshot().resetRows();
    }

    /** One line: interface, filter, state and counts. */
    @Override
    public String toString() {
        long seconds = Duration.between(source.started(), source.ended().orElse(java.time.Instant.now())).toSeconds();
        String f = source.filter().isEmpty() ? "" : " (" + source.filter() + ")";
        String state = source.failure().map(e -> "failed: " + e.getMessage())
                .orElse((source.running() ? "capturing for " : "captured for ") + seconds + " s");
        return "live " + source.iface() + f + ": " + state + ", " + source.packets() + " packets, "
                + source.tcpPackets() + " TCP, " + source.rstPackets() + " RST";
    }
}
