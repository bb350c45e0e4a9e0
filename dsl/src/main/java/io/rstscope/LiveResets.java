package io.rstscope;

import io.rstscope.capture.DecodedPacket;
import io.rstscope.capture.LiveSink;
import io.rstscope.flow.ConnectionListener;
import io.rstscope.flow.Direction;
import io.rstscope.flow.FlowColumns;
import io.rstscope.flow.FlowTracker;
import io.rstscope.flow.HostProfile;
import io.rstscope.reset.ResetOptions;
import io.rstscope.reset.ResetRow;
import io.rstscope.reset.ResetStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The streaming reset analysis of a live capture: one {@link FlowTracker} and one {@link ResetStream}
 * for the whole capture, fed by the capture thread packet by packet — the same operator that reads a
 * file — and the reset rows it emits, kept for the {@link ResetFeed}s to read.
 *
 * <p>The tracker keeps no rows of ended connections, so its state is bounded by the connections open
 * at once (and the hosts seen); of the rows emitted only the latest {@value #KEPT} are kept, for feeds
 * that have not read them yet. A reset whose sender sent nothing else in its connection is judged
 * against its host's TTL baseline over the connections ended so far: a live capture knows no later
 * ones. When the capture ends, the connections still open end, and their rows come in capture order.
 */
final class LiveResets implements LiveSink, ConnectionListener {

    /** Reset rows kept for feeds that have not read them yet; a feed that falls further behind misses the oldest. */
    static final int KEPT = 4096;

    private final FlowTracker tracker = FlowTracker.rowless(this);
    private final ResetStream stream;
    /** The rows of the end of the capture, gathered to be put in capture order; null until then. */
    private List<ResetRow> ending;

    /** The connection being ended, whose hosts' baselines the stream may ask for. Capture thread only. */
    private FlowColumns flows;
    private int row = -1;
    private String origText, respText;

    /** Guarded by {@code this}: the latest rows and how many were ever emitted. */
    private final ArrayDeque<ResetRow> rows = new ArrayDeque<>();
    private long emitted;

    LiveResets() {
        this.stream = new ResetStream(ResetOptions.DEFAULT, this::baseline, this::emit);
    }

    @Override
    public void accept(DecodedPacket p) {
        tracker.accept(p);
    }

    @Override
    public void tick(long nanos) {
        tracker.tick(nanos);
    }

    @Override
    public void end() {
        ending = new ArrayList<>();
        FlowColumns f = tracker.finish();
        stream.finish(f); // hands the rows that waited to emit
        ending.sort(Comparator.comparingLong(ResetRow::frame));
        List<ResetRow> last = ending;
        ending = null;
        last.forEach(this::publish);
    }

    @Override
    public Object packet(Object state, int row, boolean fromA, DecodedPacket p) {
        return stream.packet(state, row, fromA, p);
    }

    @Override
    public void ended(Object state, int row, FlowColumns flows) {
        this.flows = flows;
        this.row = row;
        this.origText = null;
        this.respText = null;
        stream.ended(state, row, flows);
        this.row = -1;
    }

    /** A host's habits (TTL baseline, DF, IP ID) over the connections ended so far, packed; -1 when it has none. */
    private int baseline(String address) {
        if (flows == null) {
            return -1;
        }
        if (row >= 0) {
            // The hosts asked for are the ending connection's own: look them up by id, not by text.
            int orig = flows.address(row, Direction.ORIG), resp = flows.address(row, Direction.RESP);
            if (origText == null) {
                origText = flows.addresses().text(orig);
                respText = flows.addresses().text(resp);
            }
            if (address.equals(origText)) {
                return flows.hosts().profile(orig).map(HostProfile::packed).orElse(-1);
            }
            if (address.equals(respText)) {
                return flows.hosts().profile(resp).map(HostProfile::packed).orElse(-1);
            }
        }
        return flows.hosts().profile(address).map(HostProfile::packed).orElse(-1);
    }

    private void emit(ResetRow r) {
        if (ending != null) {
            ending.add(r);
        } else {
            publish(r);
        }
    }

    private synchronized void publish(ResetRow r) {
        rows.addLast(r);
        if (rows.size() > KEPT) {
            rows.removeFirst();
        }
        emitted++;
    }

    /** The number of the oldest row still kept (rows are numbered from 0 as emitted). */
    synchronized long oldestKept() {
        return emitted - rows.size();
    }

    /**
     * The rows numbered {@code from} on that are still kept, appended to {@code out}; returns the number
     * of the next row to ask for.
     */
    synchronized long read(long from, List<ResetRow> out) {
        long first = emitted - rows.size();
        long skip = Math.max(0, from - first);
        var it = rows.iterator();
        for (long i = 0; i < skip && it.hasNext(); i++) {
            it.next();
        }
        while (it.hasNext()) {
            out.add(it.next());
        }
        return emitted;
    }
}
