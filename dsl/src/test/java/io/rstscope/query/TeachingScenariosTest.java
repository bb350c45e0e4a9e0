package io.rstscope.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.Capture;
import io.rstscope.Rst;
import io.rstscope.reset.Sender;
import io.rstscope.teach.Scenario;
import io.rstscope.view.Ladder;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The queries on the teaching scenarios: each finds its own cause, and the injected resets are spoofed. */
class TeachingScenariosTest {

    static Stream<Arguments> scenarios() {
        // scenario, resets of the scenario's cause, spoofed resets, connections with a reset of that cause
        return Stream.of(
                Arguments.of(Scenario.CLOSED_PORT, 1, 0, 1),
                Arguments.of(Scenario.ROUTER_REJECT, 1, 1, 1),
                Arguments.of(Scenario.ACCEPT_QUEUE_OVERFLOW, 1, 0, 1),
                Arguments.of(Scenario.TIME_WAIT_REUSE_SYN, 1, 0, 1),
                Arguments.of(Scenario.ODD_FLAG_SYNS, 2, 0, 2),
                Arguments.of(Scenario.SYN_SCAN, 2, 0, 2),
                Arguments.of(Scenario.HEALTH_CHECK_ABORT, 2, 0, 2),
                Arguments.of(Scenario.UNREAD_UPLOAD_CLOSE, 1, 0, 1),
                Arguments.of(Scenario.WRITE_AFTER_PEER_CLOSE, 1, 0, 1),
                Arguments.of(Scenario.WINDOWS_RETRANSMISSION_GIVEUP, 1, 0, 1),
                Arguments.of(Scenario.KEEPALIVE_UNANSWERED, 1, 0, 1),
                Arguments.of(Scenario.FIREWALL_IDLE_TIMEOUT, 1, 1, 1),
                Arguments.of(Scenario.CONNTRACK_EXPIRY, 1, 1, 1),
                Arguments.of(Scenario.CENSOR_RST_FLURRY, 6, 6, 1),
                Arguments.of(Scenario.FIN_THEN_RST, 1, 0, 1),
                Arguments.of(Scenario.PEER_FIN_THEN_ABORT, 1, 0, 1),
                Arguments.of(Scenario.IN_WINDOW_RST_CHALLENGED, 2, 0, 1),
                Arguments.of(Scenario.STRAY_RST, 1, 0, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void should_find_the_scenario_cause_when_its_teaching_capture_is_queried(Scenario s, int ofCause, int spoofed,
                                                                             int flows) {
        Capture cap = Rst.scenario(s);
        assertThat(cap.resets().cause(s.cause()).count()).isEqualTo(ofCause);
        assertThat(cap.resets().spoofed().count()).isEqualTo(spoofed);
        assertThat(cap.flows().cause(s.cause()).count()).isEqualTo(flows);
        assertThat(cap.resets().cause(s.cause()).explain().stories()).hasSize(ofCause);
    }

    @Test
    void should_draw_every_injected_reset_from_the_middlebox_when_the_censor_flurry_is_drawn() {
        Capture cap = Rst.scenario(Scenario.CENSOR_RST_FLURRY);
        Ladder l = cap.flows().spoofed().single().ladder();
        assertThat(l.middlebox()).isTrue();
        assertThat(l.arrows().stream().filter(Ladder.Arrow::reset)).hasSize(6)
                .allMatch(a -> a.from() == Ladder.Lane.MIDDLEBOX);
        assertThat(cap.resets().sender(Sender.CLIENT).count()).isEqualTo(3);
        assertThat(cap.resets().timeline().lanes()).hasSize(1);
    }
}
