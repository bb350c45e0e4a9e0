package io.rstscope.teach;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.reset.ResetAnalysis;
import io.rstscope.reset.ResetRow;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Holds the reset classifier to the teaching scenarios' labels: for every labelled RST, the stage,
 * sender, origin, cause and verdict it finds must be the label's. Where the label names a runner-up
 * cause the wire cannot separate, the two may come in either order.
 */
class ScenarioClassificationTest {

    @TempDir
    static Path tmp;

    private static final Map<Scenario, List<ResetRow>> ROWS = new EnumMap<>(Scenario.class);
    private static final Map<String, Integer> CONFUSION = new java.util.TreeMap<>();

    private static synchronized List<ResetRow> analyzed(Scenario s) {
        return ROWS.computeIfAbsent(s, k -> {
            Path file = tmp.resolve(k.fileName());
            k.write(file);
            return ResetAnalysis.analyze(file);
        });
    }

    static Stream<Arguments> labelledResets() {
        return Arrays.stream(Scenario.values())
                .flatMap(s -> s.labels().stream().map(l -> Arguments.of(s, l.frame(), l)));
    }

    @ParameterizedTest(name = "{0} frame {1}")
    @MethodSource("labelledResets")
    void should_classify_the_reset_as_labelled_when_reading_a_scenario(Scenario s, long frame, Label label) {
        List<ResetRow> rows = analyzed(s);

        ResetRow row = rows.stream().filter(r -> r.frame() == frame).findFirst().orElseThrow(
                () -> new AssertionError(s + ": no reset row for frame " + frame + " among " + rows));
        synchronized (CONFUSION) {
            CONFUSION.merge(label.cause() + " -> " + row.cause(), 1, Integer::sum);
        }
        String what = s + " frame " + frame + " (" + label.note() + ")";
        assertThat(row.stage()).as(what + ": stage").isEqualTo(label.stage());
        assertThat(row.sender()).as(what + ": sender").isEqualTo(label.sender());
        assertThat(row.origin()).as(what + ": origin").isEqualTo(label.origin());
        if (label.runnerUp() == null) {
            assertThat(row.cause()).as(what + ": cause, found " + row.summary() + " " + row.evidence()).isEqualTo(label.cause());
        } else {
            assertThat(Arrays.asList(row.cause(), row.runnerUp())).as(what + ": cause and runner-up, found " + row.summary()
                    + " " + row.evidence()).containsExactlyInAnyOrder(label.cause(), label.runnerUp());
        }
        assertThat(row.verdict()).as(what + ": verdict").isEqualTo(label.verdict());
    }

    @org.junit.jupiter.api.AfterAll
    static void printConfusionTable() {
        System.out.println("expected cause -> found cause: count (teaching scenarios)");
        CONFUSION.forEach((k, v) -> System.out.println("  " + k + ": " + v));
    }
}
