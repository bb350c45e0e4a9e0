package io.rstscope.cli;

import io.rstscope.RstscopeException;
import io.rstscope.capture.CaptureData;
import io.rstscope.capture.CaptureStats;
import io.rstscope.capture.LinkType;
import io.rstscope.capture.ReadOptions;
import io.rstscope.flow.ConnState;
import io.rstscope.flow.FlowColumns;
import io.rstscope.flow.FlowTracker;
import io.rstscope.flow.TrackedCapture;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import io.rstscope.reset.Cause;
import io.rstscope.reset.ResetAnalysis;
import io.rstscope.reset.ResetOptions;
import io.rstscope.reset.ResetRow;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code rstscope summary FILE... [--json]}: what each capture holds, one block or JSON line per file. */
final class SummaryCommand {

    static final String USAGE = "usage: rstscope summary FILE... [--json] [--flows-only]";

    private final PrintStream out;
    private final PrintStream err;

    SummaryCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        boolean json = false;
        boolean flowsOnly = false;
        List<Path> files = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--json")) {
                json = true;
            } else if (a.equals("--flows-only")) {
                flowsOnly = true;
            } else if (a.startsWith("-")) {
                err.println("rstscope summary: unknown option '" + a + "'");
                err.println(USAGE);
                return 1;
            } else {
                files.add(Path.of(a));
            }
        }
        if (files.isEmpty()) {
            err.println(USAGE);
            return 1;
        }
        int status = 0;
        for (Path f : files) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file", f.toString());
            try {
                TrackedCapture cap = FlowTracker.read(f, flowsOnly ? ReadOptions.DEFAULT.withoutPackets() : ReadOptions.DEFAULT);
                CaptureData data = cap.data();
                fill(row, data);
                fillFlows(row, cap.flows());
                if (!flowsOnly) {
                    fillResets(row, ResetAnalysis.analyze(cap, ResetOptions.DEFAULT));
                }
                if (data.damage() != null) {
                    row.put("error", data.damage().getMessage());
                    status = 2;
                }
            } catch (RstscopeException e) {
                row.put("error", e.getMessage());
                status = 2;
            }
            if (json) {
                out.println(Json.write(row));
            } else {
                print(row);
            }
        }
        return status;
    }

    static void fill(Map<String, Object> row, CaptureData data) {
        CaptureStats s = data.stats();
        List<String> links = new ArrayList<>();
        for (int t : data.linkTypes()) {
            String label = LinkType.label(t);
            if (!links.contains(label)) {
                links.add(label);
            }
        }
        row.put("format", data.formatLabel());
        row.put("link_types", links);
        row.put("packets", s.packets());
        row.put("tcp_packets", s.tcpPackets());
        row.put("rst_packets", s.rstPackets());
        row.put("ipv6_packets", s.ipv6Packets());
        row.put("first_ts", s.firstTs() < 0 ? null : instant(s.firstTs()));
        row.put("last_ts", s.lastTs() < 0 ? null : instant(s.lastTs()));
        row.put("issues", data.issueCount());
        if (data.issuesListed() < data.issueCount()) {
            // The rest were counted by kind and reason only: bounded memory on a badly damaged file.
            row.put("issues_listed", data.issuesListed());
        }
    }

    /** The connection count and how many ended in each Zeek conn_state (only the states that occur, in the enum's order). */
    /** Adds {@code resets} (how many) and {@code causes} (cause → count, in the order of {@link Cause}). */
    static void fillResets(Map<String, Object> row, List<ResetRow> resets) {
        Map<Cause, Long> counts = new EnumMap<>(Cause.class);
        for (ResetRow r : resets) {
            counts.merge(r.cause(), 1L, Long::sum);
        }
        Map<String, Object> causes = new LinkedHashMap<>();
        counts.forEach((c, n) -> causes.put(c.name(), n));
        row.put("resets", resets.size());
        row.put("causes", causes);
    }

    static void fillFlows(Map<String, Object> row, FlowColumns flows) {
        long[] counts = new long[ConnState.values().length];
        for (int i = 0; i < flows.size(); i++) {
            counts[flows.connState(i).ordinal()]++;
        }
        Map<String, Object> states = new LinkedHashMap<>();
        for (ConnState s : ConnState.values()) {
            if (counts[s.ordinal()] > 0) {
                states.put(s.name(), counts[s.ordinal()]);
            }
        }
        row.put("flows", flows.size());
        row.put("conn_states", states);
    }

    static String instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)).toString();
    }

    private void print(Map<String, Object> row) {
        for (Map.Entry<String, Object> e : row.entrySet()) {
            Object v = e.getValue();
            String text = v instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList())
                    : v instanceof Map<?, ?> m ? String.join(" ", m.entrySet().stream().map(x -> x.getKey() + "=" + x.getValue()).toList())
                    : String.valueOf(v == null ? "-" : v);
            out.printf("%-13s %s%n", e.getKey() + ":", text);
        }
        out.println();
    }
}
