package io.rstscope.reset;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.capture.Fixtures;
import io.rstscope.capture.KernelCaptures;
import io.rstscope.capture.KernelCaptures.Label;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every labelled reset of the real-kernel captures (both vantage points), classified as its label
 * says. Where the label gives two causes the wire cannot separate, either may come first, and the
 * other must be the runner-up. Prints the confusion table of expected against found causes.
 */
class KernelResetClassificationTest {

    private static final Map<String, List<ResetRow>> ANALYSED = new ConcurrentHashMap<>();
    private static final Map<String, Integer> CONFUSION = new TreeMap<>();

    static Stream<Label> labels() {
        return KernelCaptures.labels().stream();
    }

    static ResetRow rowOf(Label label) {
        List<ResetRow> rows = ANALYSED.computeIfAbsent(label.capture(),
                c -> ResetAnalysis.analyze(Fixtures.capture(c)));
        return rows.stream().filter(r -> r.frame() == label.frame()).findFirst()
                .orElseThrow(() -> new AssertionError("no reset row for frame " + label.frame() + " of " + label.capture()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labels")
    void should_classify_each_recorded_reset_as_labelled(Label label) {
        ResetRow r = rowOf(label);
        synchronized (CONFUSION) {
            CONFUSION.merge(label.cause() + " -> " + r.cause(), 1, Integer::sum);
        }
        String why = label + " got " + r.summary() + " " + r.evidence();

        assertThat(r.stage().name()).as("stage of " + why).isEqualTo(label.stage());
        assertThat(r.sender().name()).as("sender of " + why).isEqualTo(label.sender());
        assertThat(r.origin().name()).as("origin of " + why).isEqualTo(label.origin());
        if (label.altCause().isEmpty()) {
            assertThat(r.cause().name()).as("cause of " + why).isEqualTo(label.cause());
        } else {
            assertThat(List.of(r.cause().name(), String.valueOf(r.runnerUp())))
                    .as("cause and runner-up of " + why).containsExactlyInAnyOrder(label.cause(), label.altCause());
        }
        assertThat(r.verdict() == Verdict.FORGED).as("forged verdict of " + why).isEqualTo(label.forged());
    }

    @AfterAll
    static void printConfusionTable() {
        System.out.println("expected cause -> found cause: count (real-kernel captures, both vantage points)");
        CONFUSION.forEach((k, v) -> System.out.println("  " + k + ": " + v));
    }
}
