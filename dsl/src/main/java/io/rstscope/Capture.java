package io.rstscope;

import io.rstscope.capture.CaptureData;
import io.rstscope.capture.CaptureFormat;
import io.rstscope.flow.FlowColumns;
import io.rstscope.flow.TrackedCapture;
import io.rstscope.query.FlowQuery;
import io.rstscope.query.PacketQuery;
import io.rstscope.query.ResetQuery;
import io.rstscope.reset.ResetRow;
import io.rstscope.store.FlowTables;
import io.rstscope.store.PacketTables;
import io.rstscope.store.ResetTables;
import java.util.List;
import tech.tablesaw.api.Table;

/**
 * One opened capture: its tables and what the read found.
 *
 * <pre>{@code
 * Capture cap = Rst.open("incident.pcapng");
 * System.out.println(cap);   // incident.pcapng: pcapng, 1204 packets, 1190 TCP, 41 connections, 12 RST, 0 issues
 * cap.flows().withReset().count();              // queries: flows(), resets(), packets()
 * Table packets = cap.packetTable();            // the whole tables
 * }</pre>
 */
public final class Capture {

    private final CaptureData data;
    private final FlowColumns flows;
    private final List<ResetRow> resets;
    private Table packets;
    private Table resetTable;
    private Table issues;
    private Table flowTable;

    Capture(TrackedCapture tracked, List<ResetRow> resets) {
        this.data = tracked.data();
        this.flows = tracked.flows();
        this.resets = List.copyOf(resets);
    }

    /** The same capture with its resets explained anew, as a comparison with a second capture does. */
    Capture(Capture same, List<ResetRow> resets) {
        this.data = same.data;
        this.flows = same.flows;
        this.resets = List.copyOf(resets);
    }

    /**
     * A cluster job's output read back: its connections and resets with the tables they were stored as
     * (the same columns as a capture's), and no packets.
     */
    Capture(CaptureData data, FlowColumns flows, List<ResetRow> resets, Table flowTable, Table resetTable) {
        this.data = data;
        this.flows = flows;
        this.resets = List.copyOf(resets);
        this.flowTable = flowTable;
        this.resetTable = resetTable;
    }

    /** Every connection, as a query to narrow: {@code cap.flows().port(443).withReset().count()}. */
    public FlowQuery flows() {
        return FlowQuery.of(this);
    }

    /** Every reset, as a query to narrow: {@code cap.resets().cause(Cause.IDLE_TIMEOUT).explain()}. */
    public ResetQuery resets() {
        return ResetQuery.of(this);
    }

    /** Every TCP packet, as a query to narrow: {@code cap.packets().port(80).count()}. */
    public PacketQuery packets() {
        return PacketQuery.of(this);
    }

    /** What the read produced, columns and counts. */
    public CaptureData data() {
        return data;
    }

    /** The {@code packets} table: one row per TCP segment (empty when opened without packets). */
    public synchronized Table packetTable() {
        if (packets == null) {
            packets = data.packets() == null ? Table.create("packets") : PacketTables.packets(data.packets(), flows);
        }
        return packets;
    }

    /** The connections, as primitive columns. */
    public FlowColumns flowColumns() {
        return flows;
    }

    /** The {@code flows} table: one row per TCP connection, Zeek's conn.log columns first. */
    public synchronized Table flowTable() {
        if (flowTable == null) {
            try {
                flowTable = FlowTables.flows(flows, resets);
            } catch (OutOfMemoryError e) {
                throw outOfMemory(); // the open may just fit, and the table not: the same line as the open's
            }
        }
        return flowTable;
    }

    /** Every RST of the capture, explained, in file order (empty when opened without packets). */
    public List<ResetRow> resetRows() {
        return resets;
    }

    /** The {@code resets} table: one row per RST packet, with stage, cause, origin, verdict and evidence. */
    public synchronized Table resetTable() {
        if (resetTable == null) {
            try {
                resetTable = ResetTables.resets(resets);
            } catch (OutOfMemoryError e) {
                throw outOfMemory();
            }
        }
        return resetTable;
    }

    /** The heap ran out building a table of this capture: the line an open that runs out gives, naming the file. */
    private RstscopeException outOfMemory() {
        return data.file() == null ? new RstscopeException(RstscopeException.outOfMemory())
                : RstscopeException.outOfMemory(data.file());
    }

    /** The {@code issues} table: packets that could not be fully decoded. */
    public synchronized Table issueTable() {
        if (issues == null) {
            issues = PacketTables.issues(data.issues());
        }
        return issues;
    }

    /** One line: file, format and counts, and the damage when the file was damaged. */
    @Override
    public String toString() {
        if (data.format() == CaptureFormat.PARQUET) {
            return data.file().getFileName() + ": " + data.formatLabel() + ", " + flows.size()
                    + (flows.size() == 1 ? " connection, " : " connections, ") + resets.size()
                    + (resets.size() == 1 ? " reset" : " resets");
        }
        var s = data.stats();
        String line = data.file().getFileName() + ": " + data.formatLabel() + ", " + s.packets() + " packets, "
                + s.tcpPackets() + " TCP, " + flows.size() + (flows.size() == 1 ? " connection, " : " connections, ")
                + s.rstPackets() + " RST, "
                + data.issueCount() + (data.issueCount() == 1 ? " issue" : " issues");
        return data.damage() == null ? line : line + " (damaged: " + data.damage().reason() + ")";
    }
}
