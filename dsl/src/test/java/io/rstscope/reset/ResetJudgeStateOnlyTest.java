package io.rstscope.reset;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.capture.PacketColumns;
import io.rstscope.capture.ReadOptions;
import io.rstscope.flow.Direction;
import io.rstscope.flow.FlowTracker;
import io.rstscope.flow.TrackedCapture;
import io.rstscope.teach.Scenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller that keeps only a connection's {@link ReplayState} (no look-ahead, no other connections) judges
 * with {@link ResetFacts#NONE}: the flurry is still told from the resets seen so far.
 */
class ResetJudgeStateOnlyTest {

    @TempDir
    Path tmp;

    @Test
    void should_still_count_the_flurry_when_a_censors_resets_are_judged_from_the_state_alone() {
        Path file = tmp.resolve("flurry.pcap");
        Scenario.CENSOR_RST_FLURRY.write(file);
        TrackedCapture cap = FlowTracker.read(file, ReadOptions.DEFAULT);
        PacketColumns p = cap.data().packets();
        ReplayState state = new ReplayState();
        JudgeContext ctx = new JudgeContext(0, "C1", "192.0.2.10", 50200, "203.0.113.80", 80, 0, 30_000_000_000L,
                false, side -> -1);
        List<ResetRow> rows = new ArrayList<>();
        Segment prev = null;
        for (int i = 0; i < p.size(); i++) {
            int side = cap.flows().directionOfPacket(i) == Direction.ORIG ? 0 : 1;
            Segment seg = new Segment(p.ts(i), p.frame(i), side, p.flags(i), p.seq(i), p.ack(i), p.win(i), p.ttl(i),
                    p.ipId(i), p.payloadLen(i), p.tsPresent(i), p.wscale(i));
            if (seg.rst()) {
                rows.add(ResetJudge.judge(seg, prev, state, ctx, 0, false));
            }
            state.update(seg);
            prev = seg;
        }

        assertThat(rows).hasSize(6);
        assertThat(rows.subList(2, 6)).allSatisfy(r -> {
            assertThat(r.evidence()).extracting(Evidence::signal).contains("rst_flurry");
            assertThat(r.verdict()).isEqualTo(Verdict.FORGED);
        });
    }
}
