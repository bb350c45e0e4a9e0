package io.rstscope.query;

import io.rstscope.Capture;
import io.rstscope.RstscopeException;
import io.rstscope.capture.AddressTable;
import io.rstscope.capture.PacketColumns;
import io.rstscope.flow.ConnState;
import io.rstscope.flow.Direction;
import io.rstscope.flow.FlowColumns;
import io.rstscope.reset.Origin;
import io.rstscope.reset.ResetRow;
import io.rstscope.reset.Verdict;
import io.rstscope.store.PacketField;
import io.rstscope.store.PacketTables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntPredicate;
import tech.tablesaw.api.StringColumn;

/**
 * Compiles a query's conditions into tests of row numbers and runs them: the terminal operations'
 * one evaluator. Each test reads the capture's primitive columns ({@link FlowColumns},
 * {@link PacketColumns}) or, for {@code where}, a Tablesaw column looked up once; nothing is boxed
 * per row except by {@link Match.Test}. Conditions about a reset select, in a connection or packet
 * query, the connections that have one reset satisfying all of them together.
 */
final class Engine {

    private static final Direction O = Direction.ORIG;
    private static final Direction R = Direction.RESP;

    private final Capture cap;
    private final FlowColumns fc;
    private final List<ResetRow> resets;

    Engine(Capture cap) {
        this.cap = cap;
        this.fc = cap.flowColumns();
        this.resets = cap.resetRows();
    }

    // ------------------------------------------------------------------ connections

    /** The flow rows that pass every condition, in table order. */
    int[] flows(List<Condition> conditions) {
        List<IntPredicate> tests = new ArrayList<>();
        List<Condition> aboutResets = Condition.aboutResets(conditions);
        if (!aboutResets.isEmpty()) {
            tests.add(flowsWithReset(aboutResets)::get);
        }
        for (Condition c : conditions) {
            if (!c.aboutReset()) {
                tests.add(flowTest(c));
            }
        }
        return select(fc.size(), tests);
    }

    /** A test of one flow row for a condition about the connection. */
    private IntPredicate flowTest(Condition c) {
        if (c instanceof Condition.WithReset w) {
            boolean present = w.present();
            return row -> (fc.rsts(row, O) + fc.rsts(row, R) > 0) == present;
        }
        if (c instanceof Condition.Address a) {
            boolean[] in = addresses(a.cidr());
            return switch (a.role()) {
                case ANY -> row -> in[fc.address(row, O)] || in[fc.address(row, R)];
                case CLIENT -> row -> in[fc.address(row, O)];
                case SERVER -> row -> in[fc.address(row, R)];
            };
        }
        if (c instanceof Condition.Port p) {
            boolean[] in = new boolean[65536];
            for (int port : p.ports()) {
                in[port] = true;
            }
            return row -> in[fc.port(row, O)] || in[fc.port(row, R)];
        }
        if (c instanceof Condition.Between b) {
            long from = b.fromNanos();
            long to = b.toNanos();
            // A connection is in the range when it was alive at some moment of it.
            return row -> fc.ts(row) <= to && fc.lastTs(row) >= from;
        }
        if (c instanceof Condition.State s) {
            boolean[] in = new boolean[ConnState.values().length];
            for (ConnState st : s.states()) {
                in[st.ordinal()] = true;
            }
            return row -> in[fc.connState(row).ordinal()];
        }
        if (c instanceof Condition.LongerThan l) {
            long nanos = l.nanos();
            return row -> fc.durationNanos(row) > nanos;
        }
        if (c instanceof Condition.Uid u) {
            StringColumn uid = cap.flowTable().stringColumn("uid");
            var uids = u.uids();
            return row -> uids.contains(uid.get(row));
        }
        if (c instanceof Condition.Row r) {
            int only = r.row();
            return row -> row == only;
        }
        if (c instanceof Condition.Where w) {
            return Matcher.compile(cap.flowTable().column(w.field().column()), w.match());
        }
        if (c instanceof Condition.Via v) {
            BitSet flows = v.source().connections();
            return flows::get;
        }
        throw new IllegalStateException(c.text() + " has no test on connections");
    }

    /** The flows with at least one reset that satisfies every one of {@code aboutResets}. */
    private BitSet flowsWithReset(List<Condition> aboutResets) {
        IntPredicate test = all(aboutResets.stream().map(this::resetTest).toList());
        BitSet flows = new BitSet(fc.size());
        for (int i = 0; i < resets.size(); i++) {
            if (test.test(i)) {
                flows.set(resets.get(i).flow());
            }
        }
        return flows;
    }

    /** Which address ids of the capture are in the block: a table as long as the distinct addresses. */
    private boolean[] addresses(Cidr cidr) {
        AddressTable t = fc.addresses();
        boolean[] in = new boolean[t.size()];
        for (int id = 0; id < in.length; id++) {
            in[id] = cidr.contains(t.hi(id), t.lo(id));
        }
        return in;
    }

    // ------------------------------------------------------------------ resets

    /** The reset indexes (rows of the resets table) that pass every condition. */
    int[] resets(List<Condition> conditions) {
        List<IntPredicate> tests = new ArrayList<>();
        for (Condition c : conditions) {
            tests.add(resetCondition(c));
        }
        return select(resets.size(), tests);
    }

    private IntPredicate resetCondition(Condition c) {
        if (c.aboutReset()) {
            return resetTest(c);
        }
        if (c instanceof Condition.WithReset w) {
            boolean present = w.present();
            return i -> present;
        }
        if (c instanceof Condition.Between b) {
            long from = b.fromNanos();
            long to = b.toNanos();
            return i -> resets.get(i).ts() >= from && resets.get(i).ts() <= to;
        }
        if (c instanceof Condition.Where w) {
            return Matcher.compile(cap.resetTable().column(w.field().column()), w.match());
        }
        if (c instanceof Condition.Via v && v.source() instanceof PacketQuery p) {
            BitSet frames = p.frames();
            return i -> frames.get((int) resets.get(i).frame());
        }
        IntPredicate flow = flowTest(c);
        return i -> flow.test(resets.get(i).flow());
    }

    /** A test of one reset index for a condition about the reset itself. */
    private IntPredicate resetTest(Condition c) {
        if (c instanceof Condition.ResetIs is) {
            var values = is.values();
            return switch (is.attribute()) {
                case STAGE -> i -> values.contains(resets.get(i).stage());
                case CAUSE -> i -> values.contains(resets.get(i).cause());
                case SENDER -> i -> values.contains(resets.get(i).sender());
                case ORIGIN -> i -> values.contains(resets.get(i).origin());
                case VERDICT -> i -> values.contains(resets.get(i).verdict());
            };
        }
        if (c instanceof Condition.Spoofed) {
            return i -> spoofed(resets.get(i));
        }
        if (c instanceof Condition.Genuine) {
            return i -> resets.get(i).verdict() == Verdict.GENUINE && resets.get(i).origin() != Origin.MIDDLEBOX;
        }
        throw new IllegalStateException(c.text() + " is not about a reset");
    }

    static boolean spoofed(ResetRow r) {
        return r.verdict() == Verdict.FORGED || r.origin() == Origin.MIDDLEBOX;
    }

    // ------------------------------------------------------------------ packets

    /** The packet rows that pass every condition, in file order. */
    int[] packets(List<Condition> conditions) {
        PacketColumns pc = packetColumns(cap, "packets()");
        // Conditions about the connection are decided once per connection, then looked up per packet.
        List<Condition> aboutConnection = new ArrayList<>();
        List<IntPredicate> tests = new ArrayList<>();
        for (Condition c : conditions) {
            if (c instanceof Condition.Between b) {
                long from = b.fromNanos();
                long to = b.toNanos();
                tests.add(row -> pc.ts(row) >= from && pc.ts(row) <= to);
            } else if (c instanceof Condition.Where w) {
                // The one column the filter reads, not the whole packets table.
                tests.add(Matcher.compile(PacketTables.column((PacketField) w.field(), pc, fc), w.match()));
            } else if (c instanceof Condition.Via v && v.source() instanceof ResetQuery r) {
                BitSet frames = r.frames();
                tests.add(row -> frames.get(pc.frame(row)));
            } else {
                aboutConnection.add(c);
            }
        }
        if (!aboutConnection.isEmpty()) {
            BitSet flows = new BitSet(fc.size());
            for (int f : flows(aboutConnection)) {
                flows.set(f);
            }
            tests.add(0, row -> flows.get(fc.flowOfPacket(row)));
        }
        return select(pc.size(), tests);
    }

    /** The packet columns, or an error saying the capture was opened without them. */
    static PacketColumns packetColumns(Capture cap, String step) {
        PacketColumns pc = cap.data().packets();
        if (pc == null || !cap.flowColumns().hasPackets()) {
            throw new RstscopeException(step + ": " + cap.data().file().getFileName()
                    + " was opened without its packets (ReadOptions.withoutPackets()); open it with them to see packets");
        }
        return pc;
    }

    // ------------------------------------------------------------------ common

    private static IntPredicate all(List<IntPredicate> tests) {
        IntPredicate[] t = tests.toArray(IntPredicate[]::new);
        return row -> {
            for (IntPredicate p : t) {
                if (!p.test(row)) {
                    return false;
                }
            }
            return true;
        };
    }

    /** The rows {@code 0..n-1} that pass every test, in order. */
    private static int[] select(int n, List<IntPredicate> tests) {
        IntPredicate[] t = tests.toArray(IntPredicate[]::new);
        int[] out = new int[Math.min(n, 1024)];
        int size = 0;
        rows:
        for (int row = 0; row < n; row++) {
            // A long query stops soon after the notebook or the shell interrupts its thread.
            if ((row & 0xffff) == 0xffff && Thread.currentThread().isInterrupted()) {
                throw new RstscopeException("the query was interrupted after " + row + " of " + n + " rows");
            }
            for (IntPredicate p : t) {
                if (!p.test(row)) {
                    continue rows;
                }
            }
            if (size == out.length) {
                out = Arrays.copyOf(out, Math.min(n, out.length * 2));
            }
            out[size++] = row;
        }
        return size == out.length ? out : Arrays.copyOf(out, size);
    }
}
