package io.rstscope.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.capture.CaptureReader;
import io.rstscope.capture.ReadOptions;
import io.rstscope.capture.SharedCaptures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * rstscope's connections agree with Zeek's conn.log on Zeek's own test traces: for every connection of
 * {@code zeek/conn-expected.tsv} (values of Zeek's published btest baselines, see the README beside it)
 * there is a connection with the same originator and responder, conn_state, history and packet counts.
 * A {@code ?} in the file is a value the baseline does not give; it matches anything.
 */
class ZeekOracleTest {

    record Expected(String origH, String origP, String respH, String respP, String state, String history,
                    String origPkts, String respPkts) {

        boolean sameTuple(String oh, int op, String rh, int rp) {
            return matches(origH, oh) && matches(origP, String.valueOf(op)) && matches(respH, rh)
                    && matches(respP, String.valueOf(rp));
        }

        boolean sameOutcome(String st, String hist, long opk, long rpk) {
            return matches(state, st) && matches(history, hist) && matches(origPkts, String.valueOf(opk))
                    && matches(respPkts, String.valueOf(rpk));
        }

        private static boolean matches(String expected, String actual) {
            return expected.equals("?") || expected.equals(actual);
        }

        @Override
        public String toString() {
            return origH + ":" + origP + " > " + respH + ":" + respP + " " + state + " " + history + " " + origPkts
                    + "/" + respPkts;
        }
    }

    /**
     * Zeek's likely server ports decide who is the originator when a connection does not start with a
     * SYN. Tests run in Zeek's bare mode ({@code -b}) have only the ports of the scripts they load; these
     * are those tests (the others use Zeek's default scripts, as rstscope does).
     */
    static final Map<String, int[]> BARE_MODE_SERVER_PORTS = Map.of(
            "zeek/tcp__handshake-reorder.pcap", new int[0],       // core/connection_flipped.zeek loads nothing
            "zeek/vntag_vlan_sandwich_clean.pcap", new int[0],    // core/vntag-in-vlan.zeek loads base/protocols/conn
            "zeek/ncp.pcap", new int[] {524});                    // frame_size_tuning.zeek: redef likely_server_ports += { 524/tcp }

    static Map<String, List<Expected>> expected() throws IOException {
        Map<String, List<Expected>> byCapture = new LinkedHashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                ZeekOracleTest.class.getResourceAsStream("/zeek/conn-expected.tsv"), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split("\t", -1);
                String history = f[6].equals("-") ? "" : f[6];
                byCapture.computeIfAbsent(f[0], k -> new ArrayList<>())
                        .add(new Expected(f[1], f[2], f[3], f[4], f[5], history, f[7], f[8]));
            }
        }
        return byCapture;
    }

    static Stream<Arguments> captures() throws IOException {
        return expected().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void should_state_each_connection_as_zeek_does_when_reading_zeek_test_traces(String capture, List<Expected> rows) {
        FlowTracker tracker = new FlowTracker(false,
                BARE_MODE_SERVER_PORTS.getOrDefault(capture, FlowTracker.ZEEK_LIKELY_SERVER_PORTS));
        CaptureReader.read(SharedCaptures.root().resolve(capture), ReadOptions.DEFAULT.withoutPackets(), tracker);
        FlowColumns flows = tracker.finish();
        boolean[] used = new boolean[flows.size()];
        List<String> failures = new ArrayList<>();
        for (Expected e : rows) {
            List<String> candidates = new ArrayList<>();
            boolean found = false;
            for (int i = 0; i < flows.size() && !found; i++) {
                String oh = flows.addresses().text(flows.address(i, Direction.ORIG));
                String rh = flows.addresses().text(flows.address(i, Direction.RESP));
                int op = flows.port(i, Direction.ORIG), rp = flows.port(i, Direction.RESP);
                if (used[i] || !e.sameTuple(oh, op, rh, rp)) {
                    continue;
                }
                String st = flows.connState(i).name();
                String hist = flows.history(i);
                long opk = flows.packets(i, Direction.ORIG), rpk = flows.packets(i, Direction.RESP);
                if (e.sameOutcome(st, hist, opk, rpk)) {
                    used[i] = true;
                    found = true;
                } else {
                    candidates.add(st + " " + hist + " " + opk + "/" + rpk);
                }
            }
            if (!found) {
                failures.add("expected " + e + " but rstscope has " + (candidates.isEmpty() ? "no connection on that tuple" : candidates));
            }
        }
        assertThat(failures).as("connections of " + capture + " that differ from Zeek's").isEmpty();
    }
}
