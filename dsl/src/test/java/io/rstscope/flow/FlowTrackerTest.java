package io.rstscope.flow;

import static io.rstscope.flow.TinyPcap.ACK;
import static io.rstscope.flow.TinyPcap.FIN;
import static io.rstscope.flow.TinyPcap.PSH;
import static io.rstscope.flow.TinyPcap.RST;
import static io.rstscope.flow.TinyPcap.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.capture.CaptureReader;
import io.rstscope.capture.ReadOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Connection tracking on tiny generated captures, one TCP situation each. */
class FlowTrackerTest {

    @TempDir
    Path dir;

    private FlowColumns track(TinyPcap pcap) {
        return FlowTracker.read(pcap.write(dir.resolve("t.pcap")), ReadOptions.DEFAULT).flows();
    }

    private static List<String> summary(FlowColumns f) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < f.size(); i++) {
            out.add(f.addresses().text(f.address(i, Direction.ORIG)) + ":" + f.port(i, Direction.ORIG) + ">"
                    + f.addresses().text(f.address(i, Direction.RESP)) + ":" + f.port(i, Direction.RESP) + " "
                    + f.connState(i) + " " + f.history(i) + " " + f.packets(i, Direction.ORIG) + "/"
                    + f.packets(i, Direction.RESP));
        }
        return out;
    }

    @Test
    void should_report_one_sf_connection_when_a_connection_opens_and_closes_cleanly() {
        FlowColumns f = track(new TinyPcap().connection(0, 1, 40000, 2, 8443, 1000, 5000));
        assertThat(summary(f)).containsExactly("10.0.0.1:40000>10.0.0.2:8443 SF ShADaFf 5/3");
        assertThat(f.isn(0, Direction.ORIG)).isEqualTo(1000);
        assertThat(f.isn(0, Direction.RESP)).isEqualTo(5000);
        assertThat(f.bytes(0, Direction.ORIG)).isEqualTo(10);
        assertThat(f.rttSynNanos(0)).isEqualTo(1_000_000);
        assertThat(f.rttAckNanos(0)).isEqualTo(1_000_000);
        assertThat(f.durationNanos(0)).isEqualTo(6_000_000); // the last ACK after both FINs does not count, as in Zeek
        assertThat(f.ipIdBehaviour(0, Direction.ORIG)).isEqualTo(IpIdBehaviour.INCREMENTING);
        assertThat(f.uid(0)).matches("C[0-9A-Za-z]{17}");
    }

    @Test
    void should_keep_one_connection_when_the_syn_is_retransmitted_with_the_same_isn() {
        FlowColumns f = track(new TinyPcap()
                .tcp(0, 1, 40000, 2, 8443, SYN, 1000, 0, 0)
                .tcp(1000, 1, 40000, 2, 8443, SYN, 1000, 0, 0)
                .tcp(1001, 2, 8443, 1, 40000, SYN | ACK, 5000, 1001, 0)
                .tcp(1002, 1, 40000, 2, 8443, ACK, 1001, 5001, 0));
        assertThat(summary(f)).containsExactly("10.0.0.1:40000>10.0.0.2:8443 S1 ShA 3/1");
        assertThat(f.rttSynNanos(0)).as("RTT from the last SYN before the SYN-ACK").isEqualTo(1_000_000);
    }

    @Test
    void should_start_a_new_connection_when_an_unanswered_syn_is_retried_after_zeeks_attempt_delay() {
        FlowColumns f = track(new TinyPcap()
                .tcp(0, 1, 40000, 2, 8443, SYN, 1000, 0, 0)
                .tcp(3000, 1, 40000, 2, 8443, SYN, 1000, 0, 0)
                .tcp(9000, 1, 40000, 2, 8443, SYN, 1000, 0, 0));
        assertThat(summary(f)).containsExactly("10.0.0.1:40000>10.0.0.2:8443 S0 S 2/0",
                "10.0.0.1:40000>10.0.0.2:8443 S0 S 1/0");
    }

    @Test
    void should_split_a_simultaneous_open_as_zeek_does_when_both_sides_send_a_syn() {
        // Zeek's reuse test compares any pure SYN with the originator's ISN, so the other side's SYN opens a
        // second connection. In it the SYN-ACK of the first side is the responder's h; the second side's own
        // SYN-ACK repeats its ISN, which adds no letter.
        FlowColumns f = track(new TinyPcap()
                .tcp(0, 1, 40000, 2, 40001, SYN, 1000, 0, 0)
                .tcp(1, 2, 40001, 1, 40000, SYN, 5000, 0, 0)
                .tcp(2, 1, 40000, 2, 40001, SYN | ACK, 1000, 5001, 0)
                .tcp(3, 2, 40001, 1, 40000, SYN | ACK, 5000, 1001, 0));
        assertThat(summary(f)).containsExactly("10.0.0.1:40000>10.0.0.2:40001 S0 S 1/0",
                "10.0.0.2:40001>10.0.0.1:40000 S1 Sh 2/1");
        assertThat(f.startedByReuse(1)).isTrue();
    }

    @Test
    void should_flip_the_roles_when_the_syn_ack_is_seen_before_its_syn() {
        FlowColumns f = track(new TinyPcap()
                .tcp(0, 2, 7000, 1, 40000, SYN | ACK, 5000, 1001, 0)
                .tcp(1, 1, 40000, 2, 7000, SYN, 1000, 0, 0)
                .tcp(2, 1, 40000, 2, 7000, ACK, 1001, 5001, 0)
                .tcp(3, 1, 40000, 2, 7000, PSH | ACK, 1001, 5001, 5)
                .tcp(4, 2, 7000, 1, 40000, ACK, 5001, 1006, 0));
        assertThat(summary(f)).containsExactly("10.0.0.1:40000>10.0.0.2:7000 S1 Hs^ADa 3/2");
        assertThat(f.flipped(0)).isTrue();
    }

    @Test
    void should_start_a_reused_connection_when_a_syn_reopens_the_tuple_within_time_wait() {
        FlowColumns f = track(new TinyPcap()
                .connection(0, 1, 40000, 2, 8443, 1000, 5000)
                .connection(1000, 1, 40000, 2, 8443, 900_000, 700_000));
        assertThat(summary(f)).containsExactly("10.0.0.1:40000>10.0.0.2:8443 SF ShADaFf 5/3",
                "10.0.0.1:40000>10.0.0.2:8443 SF ShADaFf 5/3");
        assertThat(f.startedByReuse(0)).isFalse();
        assertThat(f.startedByReuse(1)).as("a SYN while the closed connection is still held").isTrue();
    }

    @Test
    void should_start_a_fresh_connection_when_the_tuple_returns_after_time_wait() {
        FlowColumns f = track(new TinyPcap()
                .connection(0, 1, 40000, 2, 8443, 1000, 5000)
                .connection(70_000, 1, 40000, 2, 8443, 900_000, 700_000));
        assertThat(f.size()).isEqualTo(2);
        assertThat(f.startedByReuse(1)).as("the closed connection was forgotten after Zeek's close delay").isFalse();
    }

    @Test
    void should_pick_up_a_connection_midstream_and_take_the_server_port_as_responder() {
        FlowColumns f = track(new TinyPcap()
                .tcp(0, 2, 80, 1, 40000, PSH | ACK, 5000, 1000, 100)
                .tcp(1, 1, 40000, 2, 80, ACK, 1000, 5100, 0)
                .tcp(2, 1, 40000, 2, 80, PSH | ACK, 1000, 5100, 20));
        assertThat(summary(f)).containsExactly("10.0.0.1:40000>10.0.0.2:80 OTH ^dAD 2/1");
    }

    @Test
    void should_leave_the_connection_established_when_the_capture_ends_mid_connection() {
        FlowColumns f = track(new TinyPcap()
                .tcp(0, 1, 40000, 2, 8443, SYN, 1000, 0, 0)
                .tcp(1, 2, 8443, 1, 40000, SYN | ACK, 5000, 1001, 0)
                .tcp(2, 1, 40000, 2, 8443, ACK, 1001, 5001, 0)
                .tcp(3, 1, 40000, 2, 8443, PSH | ACK, 1001, 5001, 50));
        assertThat(summary(f)).containsExactly("10.0.0.1:40000>10.0.0.2:8443 S1 ShAD 3/1");
        assertThat(f.state(0, Direction.ORIG)).isEqualTo(EndpointState.ESTABLISHED);
    }

    @Test
    void should_call_it_rej_when_the_server_resets_the_syn() {
        FlowColumns f = track(new TinyPcap()
                .tcp(0, 1, 40000, 2, 8443, SYN, 1000, 0, 0)
                .tcp(1, 2, 8443, 1, 40000, RST | ACK, 0, 1001, 0));
        assertThat(summary(f)).containsExactly("10.0.0.1:40000>10.0.0.2:8443 REJ Sr 1/1");
        assertThat(f.rsts(0, Direction.RESP)).isEqualTo(1);
    }

    @Test
    void should_count_retransmissions_and_zero_windows_per_direction() {
        FlowColumns f = track(new TinyPcap()
                .tcp(0, 1, 40000, 2, 8443, SYN, 1000, 0, 0)
                .tcp(1, 2, 8443, 1, 40000, SYN | ACK, 5000, 1001, 0)
                .tcp(2, 1, 40000, 2, 8443, ACK, 1001, 5001, 0)
                .tcp(3, 1, 40000, 2, 8443, PSH | ACK, 1001, 5001, 50)
                .tcp(400, 1, 40000, 2, 8443, PSH | ACK, 1001, 5001, 50)
                .tcp(401, 2, 8443, 1, 40000, ACK, 5001, 1051, 0, 64, 0));
        assertThat(summary(f)).containsExactly("10.0.0.1:40000>10.0.0.2:8443 S1 ShADTaw 4/2");
        assertThat(f.retransmits(0, Direction.ORIG)).isEqualTo(1);
        assertThat(f.zeroWindows(0, Direction.RESP)).isEqualTo(1);
        assertThat(f.maxIdleNanos(0)).isEqualTo(397_000_000);
    }

    @Test
    void should_give_each_packet_its_connection_uid_and_direction() {
        Path file = new TinyPcap().connection(0, 1, 40000, 2, 8443, 1000, 5000)
                .connection(100, 3, 40001, 2, 8443, 1, 2).write(dir.resolve("two.pcap"));
        TrackedCapture cap = FlowTracker.read(file, ReadOptions.DEFAULT);
        FlowColumns f = cap.flows();
        assertThat(f.packetCount()).isEqualTo(16);
        assertThat(f.flowOfPacket(0)).isZero();
        assertThat(f.directionOfPacket(1)).isEqualTo(Direction.RESP);
        assertThat(f.flowOfPacket(8)).isEqualTo(1);
        assertThat(f.directionOfPacket(8)).isEqualTo(Direction.ORIG);
        assertThat(FlowTracker.read(file, ReadOptions.DEFAULT).flows().uid(1)).as("uids are stable across runs")
                .isEqualTo(f.uid(1));
        assertThat(f.uid(0)).isNotEqualTo(f.uid(1));
    }

    @Test
    void should_keep_a_ttl_baseline_per_host_over_all_connections() {
        TinyPcap pcap = new TinyPcap().connection(0, 1, 40000, 2, 8443, 1000, 5000)
                .connection(100, 1, 40001, 2, 8443, 1, 2)
                .tcp(200, 2, 8443, 1, 40002, RST, 7, 0, 0, 250, 0);
        HostTtls hosts = track(pcap).hosts();
        assertThat(hosts.of("10.0.0.2")).contains(new TtlBaseline("10.0.0.2", 64, 64, 250, 7));
        assertThat(hosts.of("10.0.0.9")).isEmpty();
        assertThat(hosts.all()).hasSize(2);
    }

    @Test
    void should_bound_open_connections_and_give_the_same_flows_when_packets_are_not_kept() {
        TinyPcap pcap = new TinyPcap();
        for (int i = 0; i < 40_000; i++) {
            pcap.connection(i * 10L, 1, 1024 + i % 60000, 2, 8443, i * 7919L, i * 104729L);
        }
        Path file = pcap.write(dir.resolve("many.pcap"));
        FlowTracker lean = new FlowTracker(false);
        CaptureReader.read(file, ReadOptions.DEFAULT.withoutPackets(), lean);
        // Each connection lasts 7 ms and is forgotten 5 s after it closed; between two sweeps (at least
        // 65536 packets) about 8200 more accumulate.
        assertThat(lean.peakOpen()).as("connections held at once").isLessThan(10_000);
        FlowColumns a = lean.finish();
        FlowColumns b = FlowTracker.read(file, ReadOptions.DEFAULT).flows();
        assertThat(a.size()).isEqualTo(40_000);
        assertThat(summary(a)).isEqualTo(summary(b));
        assertThat(a.hasPackets()).isFalse();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // the defect never returned
    void should_track_waves_of_connections_that_grow_and_shrink_the_table_again_and_again() {
        // Bursts of 9,000 connections within a second (all held: Zeek forgets a closed one 5 s later)
        // grow the table, and slow stretches (one every 20 ms) let the sweeps shrink it again; on real
        // traffic this once made the table copy itself onto itself and never return.
        TinyPcap pcap = new TinyPcap();
        long ms = 0;
        int n = 0;
        for (int wave = 0; wave < 3; wave++) {
            for (int k = 0; k < 9_000; k++, n++) {
                pcap.connection(ms + k / 10, 1 + wave, 1024 + k, 200, 80, n * 7919L, n * 104729L);
            }
            ms += 1_000;
            for (int k = 0; k < 9_000; k++, n++) {
                pcap.connection(ms, 100 + wave, 1024 + k, 200, 80, n * 7919L, n * 104729L);
                ms += 20;
            }
        }
        Path file = pcap.write(dir.resolve("waves.pcap"));

        FlowColumns flows = FlowTracker.read(file, ReadOptions.DEFAULT.withoutPackets()).flows();

        assertThat(flows.size()).isEqualTo(n);
    }
}
