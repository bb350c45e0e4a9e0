package io.rstscope.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.capture.KernelCaptures.Label;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The recorded real-kernel captures and their labels agree with what the reader decodes: every
 * labelled frame is an RST of the labelled connection, sent from the labelled side, and no RST in any
 * capture is left without a label. The reset analysis is held to these labels elsewhere.
 */
class KernelCapturesTest {

    static Stream<Label> labels() {
        return KernelCaptures.labels().stream();
    }

    static Stream<Arguments> captures() {
        return KernelCaptures.ALL.stream()
                .flatMap(s -> KernelCaptures.VANTAGES.stream().map(v -> Arguments.of(s, v)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labels")
    void should_find_an_rst_of_the_labelled_connection_when_reading_the_labelled_frame(Label label) {
        PacketColumns p = Fixtures.read(label.capture()).packets();
        int row = rowOfFrame(p, label.frame());

        assertThat(p.flags(row) & DecodedPacket.RST).as("RST flag of %s", label).isNotZero();
        boolean fromClient = label.sender().equals("CLIENT");
        String src = p.addresses().text(p.src(row)) + " " + p.sport(row);
        String dst = p.addresses().text(p.dst(row)) + " " + p.dport(row);
        String orig = label.origH() + " " + label.origP();
        String resp = label.respH() + " " + label.respP();
        assertThat(src).as("source of %s", label).isEqualTo(fromClient ? orig : resp);
        assertThat(dst).as("destination of %s", label).isEqualTo(fromClient ? resp : orig);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("captures")
    void should_label_exactly_the_rsts_of_a_capture_when_reading_each_kernel_capture(String scenario, String vantage) {
        CaptureData data = Fixtures.read("kernel/" + scenario + "/" + vantage + ".pcap");
        PacketColumns p = data.packets();
        List<Integer> rstFrames = new ArrayList<>();
        for (int row = 0; row < p.size(); row++) {
            if ((p.flags(row) & DecodedPacket.RST) != 0) {
                rstFrames.add(p.frame(row));
            }
        }
        List<Integer> labelled = KernelCaptures.labels().stream()
                .filter(l -> l.scenario().equals(scenario) && l.vantage().equals(vantage))
                .map(Label::frame)
                .toList();

        assertThat(data.error()).isEmpty();
        assertThat(data.issues()).isEmpty();
        assertThat(rstFrames).as("RST frames of %s/%s", scenario, vantage).isEqualTo(labelled);
    }

    @Test
    void should_use_only_the_design_vocabulary_when_labelling() {
        Set<String> stages = Set.of("HANDSHAKE", "POST_HANDSHAKE", "DATA_TRANSFER", "TEARDOWN", "MIDSTREAM", "STRAY");
        Set<String> causes = Set.of("PORT_CLOSED", "FIREWALL_REJECT", "BACKLOG_OVERFLOW", "TIME_WAIT_REUSE",
                "MALFORMED_SYN", "HALF_OPEN_SCAN", "CLIENT_ABORT", "APP_ABORT", "DATA_AFTER_CLOSE",
                "RETRANSMISSION_TIMEOUT", "KEEPALIVE_TIMEOUT", "IDLE_TIMEOUT", "POLICY_INJECTION", "FAST_TEARDOWN",
                "CHALLENGE_ACK", "UNKNOWN");

        for (Label l : KernelCaptures.labels()) {
            assertThat(l.stage()).as("stage of %s", l).isIn(stages);
            assertThat(l.sender()).as("sender of %s", l).isIn("CLIENT", "SERVER");
            assertThat(l.origin()).as("origin of %s", l).isIn("ENDPOINT", "MIDDLEBOX", "UNKNOWN");
            assertThat(l.cause()).as("cause of %s", l).isIn(causes);
            if (!l.altCause().isEmpty()) {
                assertThat(l.altCause()).as("alt_cause of %s", l).isIn(causes).isNotEqualTo(l.cause());
            }
            // A reset in an endpoint's name from a middlebox is forged, whatever the device's reason.
            assertThat(l.forged()).as("forged of %s", l).isEqualTo(l.origin().equals("MIDDLEBOX"));
            assertThat(KernelCaptures.ALL).as("scenario of %s", l).contains(l.scenario());
        }
    }

    private static int rowOfFrame(PacketColumns p, int frame) {
        for (int row = 0; row < p.size(); row++) {
            if (p.frame(row) == frame) {
                return row;
            }
        }
        throw new AssertionError("no TCP packet with frame number " + frame);
    }
}
