package io.rstscope.flow;

import static io.rstscope.flow.TinyPcap.ACK;
import static io.rstscope.flow.TinyPcap.RST;
import static io.rstscope.flow.TinyPcap.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.capture.CaptureData;
import io.rstscope.capture.CaptureReader;
import io.rstscope.capture.DecodedPacket;
import io.rstscope.capture.PacketSink;
import io.rstscope.capture.ReadOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tuples an RST was seen on, marked in one read and followed in another: every packet of such a
 * tuple, both ways, is handed on; the other tuples' packets only move the clock.
 */
class ResetTuplesTest {

    @TempDir
    Path dir;

    @Test
    void should_hand_on_both_directions_of_a_tuple_with_an_rst_and_only_move_the_clock_for_the_others() {
        Path file = new TinyPcap()
                .connection(0, 1, 40000, 2, 80, 100, 900)                 // no RST: left out
                .tcp(10, 1, 40001, 2, 81, SYN, 500, 0, 0)               // refused: both packets handed on
                .tcp(11, 2, 81, 1, 40001, RST | ACK, 0, 501, 0)
                .connection(20, 1, 40002, 2, 80, 300, 700)              // no RST: left out
                .tcp(30, 1, 40001, 2, 81, SYN, 800, 0, 0)               // the tuple again, later: handed on
                .write(dir.resolve("mixed.pcap"));
        ResetTuples tuples = ResetTuples.forCapture(0);
        CaptureReader.read(file, ReadOptions.DEFAULT.withoutPackets(), tuples.marking(p -> { }));

        List<String> handed = new ArrayList<>();
        List<Long> clock = new ArrayList<>();
        CaptureData second = CaptureReader.read(file, ReadOptions.DEFAULT.withoutPackets(),
                tuples.onlyMarked(p -> handed.add(p.frame() + " " + p.sport() + ">" + p.dport()), clock::add));

        assertThat(handed).containsExactly("9 40001>81", "10 81>40001", "19 40001>81");
        assertThat(second.stats().packets()).as("the others were passed over undecoded").isEqualTo(3);
        assertThat(clock).hasSize(16);
        assertThat(clock.get(15)).isEqualTo(1_700_000_000_000_000_000L + 27_000_000L);
    }

    @Test
    void should_pass_the_files_size_on_and_pass_over_the_right_frames_past_its_first_sizing() {
        TinyPcap pcap = new TinyPcap();
        for (int i = 0; i < 9_000; i++) { // 72,000 packets: the read sizes its sinks after 65,536
            pcap.connection(i * 10L, 1, 10_000 + i, 2, 80, 1000L * i, 7000L * i);
        }
        pcap.tcp(100_000, 1, 50_000, 2, 81, SYN, 5, 0, 0).tcp(100_001, 2, 81, 1, 50_000, RST | ACK, 0, 6, 0);
        Path file = pcap.write(dir.resolve("long.pcap"));
        ResetTuples tuples = ResetTuples.forCapture(0);
        List<Double> scales = new ArrayList<>();
        CaptureReader.read(file, ReadOptions.DEFAULT.withoutPackets(), tuples.marking(new PacketSink() {
            @Override
            public void accept(DecodedPacket p) {
            }

            @Override
            public void expect(double scale) {
                scales.add(scale);
            }
        }));

        List<Long> handed = new ArrayList<>();
        CaptureReader.read(file, ReadOptions.DEFAULT.withoutPackets(), tuples.onlyMarked(p -> handed.add(p.frame()), t -> { }));

        assertThat(scales).singleElement().satisfies(x -> assertThat(x).isBetween(1.09, 1.11));
        assertThat(handed).containsExactly(72_001L, 72_002L);
    }

    @Test
    void should_size_its_bits_by_the_capture_within_8_kB_and_16_MB() {
        assertThat(ResetTuples.forCapture(0).bits()).isEqualTo(1 << 16);
        assertThat(ResetTuples.forCapture(32L << 20).bits()).isEqualTo(1 << 20);
        assertThat(ResetTuples.forCapture((32L << 20) + 32).bits()).isEqualTo(1 << 21);
        assertThat(ResetTuples.forCapture(20L << 30).bits()).isEqualTo(1 << 27);
    }
}
