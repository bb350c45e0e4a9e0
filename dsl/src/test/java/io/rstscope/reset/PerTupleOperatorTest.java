package io.rstscope.reset;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.capture.CaptureFormatException;
import io.rstscope.capture.CaptureReader;
import io.rstscope.capture.DecodedPacket;
import io.rstscope.capture.ReadOptions;
import io.rstscope.flow.HostTtls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator run on each tuple's packets alone (as a distributed job runs it, one group per tuple),
 * given the capture's host baselines, explains every reset as the whole-capture pass does; only the
 * flow row and uid, numbered within each group, differ. (For a capture whose timestamps never go back.)
 */
class PerTupleOperatorTest {

    @TempDir
    static Path tmp;

    @TestFactory
    Stream<DynamicTest> should_explain_each_reset_as_the_whole_pass_does_when_run_tuple_by_tuple() {
        return StreamingDifferentialTest.captures(tmp).map(c -> DynamicTest.dynamicTest(c.golden(), () -> check(c)));
    }

    private static void check(StreamingDifferentialTest.Named c) {
        ResetStream.Result whole;
        try {
            whole = ResetStream.read(c.file(), ReadOptions.DEFAULT.withoutPackets(), ResetOptions.DEFAULT);
        } catch (CaptureFormatException e) {
            return; // not a capture at all: the reader's tests cover the message
        }
        Map<List<Long>, List<DecodedPacket>> byTuple = new LinkedHashMap<>();
        long[] latest = {Long.MIN_VALUE};
        boolean[] backwards = {false};
        CaptureReader.read(c.file(), ReadOptions.DEFAULT.withoutPackets(), p -> {
            if (p.tcp()) {
                byTuple.computeIfAbsent(tuple(p), k -> new ArrayList<>()).add(p.copy());
                backwards[0] |= p.tsNanos() < latest[0];
                latest[0] = Math.max(latest[0], p.tsNanos());
            }
        });
        if (backwards[0]) {
            // The tracker's clock is the latest time seen in the whole capture: when time goes back, a
            // tuple alone sees another clock. A distributed job sorts each group by time anyway.
            return;
        }
        HostTtls hosts = whole.capture().flows().hosts();
        List<ResetRow> perTuple = new ArrayList<>();
        for (List<DecodedPacket> group : byTuple.values()) {
            perTuple.addAll(ResetStream.ofPackets(group.iterator(), ResetOptions.DEFAULT,
                    ResetStream.hostProfiles(hosts)).resets());
        }
        perTuple.sort(Comparator.comparingLong(ResetRow::frame));

        assertThat(perTuple.stream().map(PerTupleOperatorTest::withoutRow).toList())
                .isEqualTo(whole.resets().stream().map(PerTupleOperatorTest::withoutRow).toList());
    }

    private static List<Long> tuple(DecodedPacket p) {
        List<Long> a = List.of(p.srcHi(), p.srcLo(), (long) p.sport());
        List<Long> b = List.of(p.dstHi(), p.dstLo(), (long) p.dport());
        boolean aFirst = a.get(0) < b.get(0) || a.get(0).equals(b.get(0))
                && (a.get(1) < b.get(1) || a.get(1).equals(b.get(1)) && a.get(2) <= b.get(2));
        List<Long> key = new ArrayList<>(aFirst ? a : b);
        key.addAll(aFirst ? b : a);
        return key;
    }

    private static ResetRow withoutRow(ResetRow r) {
        return new ResetRow(r.frame(), r.ts(), -1, "", r.origH(), r.origP(), r.respH(), r.respP(), r.sender(),
                r.stage(), r.cause(), r.runnerUp(), r.origin(), r.form(), r.seqCheck(), r.ttl(), r.ttlBaseline(),
                r.gapBeforeMs(), r.forgedScore(), r.verdict(), r.evidence(), r.seenAt());
    }
}
