package io.rstscope.flow;

import static io.rstscope.flow.TinyPcap.ACK;
import static io.rstscope.flow.TinyPcap.FIN;
import static io.rstscope.flow.TinyPcap.RST;
import static io.rstscope.flow.TinyPcap.SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.rstscope.capture.CaptureFormatException;
import io.rstscope.capture.CaptureReader;
import io.rstscope.capture.DecodedPacket;
import io.rstscope.capture.PacketSink;
import io.rstscope.capture.ReadOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connections shared among threads by their tuple: the same rows, uids and packets' connections as
 * one tracker, interleaved connections and reused tuples included, rows sized once from the file's size,
 * and a worker's failure or a broken file reported to the caller.
 */
class PartitionedTrackerTest {

    @TempDir
    Path dir;

    /** Connections that overlap in time, some refused, some on a tuple used a moment before. */
    private Path interleaved() {
        TinyPcap pcap = new TinyPcap();
        for (int i = 0; i < 3_000; i++) {
            long ms = i * 3L;
            int port = 20_000 + i % 700; // tuples come back: a new SYN on a closed or reset tuple
            int server = 2 + i % 5;
            if (i % 3 == 0) {
                pcap.tcp(ms, 1, port, server, 81, SYN, 1000 + i, 0, 0);
                pcap.tcp(ms + 1, server, 81, 1, port, RST | ACK, 0, 1001 + i, 0);
            } else {
                pcap.connection(ms, 1, port, server, 80, 5000L * i, 9000L * i);
            }
        }
        return pcap.write(dir.resolve("interleaved.pcap"));
    }

    @Test
    void shouldGiveTheRowsUidsAndPacketsOfOneTrackerWhateverTheThreads() {
        Path file = interleaved();
        TrackedCapture one = FlowTracker.read(file, ReadOptions.DEFAULT.withThreads(1));
        for (int threads : new int[] {2, 3, 5}) {
            TrackedCapture shared = FlowTracker.read(file, ReadOptions.DEFAULT.withThreads(threads));
            FlowColumns a = one.flows(), b = shared.flows();
            assertThat(b.size()).as("%d threads", threads).isEqualTo(a.size()).isGreaterThan(2_000);
            for (int row = 0; row < a.size(); row++) {
                assertThat(b.uid(row)).isEqualTo(a.uid(row));
                assertThat(b.ts(row)).isEqualTo(a.ts(row));
                assertThat(b.history(row)).isEqualTo(a.history(row));
                assertThat(b.connState(row)).isEqualTo(a.connState(row));
                assertThat(b.packets(row, Direction.ORIG)).isEqualTo(a.packets(row, Direction.ORIG));
            }
            for (ConnState s : ConnState.values()) {
                assertThat(b.count(s)).isEqualTo(a.count(s));
            }
            assertThat(b.packetCount()).isEqualTo(a.packetCount());
            for (int p = 0; p < a.packetCount(); p++) {
                assertThat(b.flowOfPacket(p)).isEqualTo(a.flowOfPacket(p));
                assertThat(b.directionOfPacket(p)).isEqualTo(a.directionOfPacket(p));
            }
            assertThat(b.hosts().of("10.0.0.1").orElseThrow()).isEqualTo(a.hosts().of("10.0.0.1").orElseThrow());
        }
    }

    @Test
    void shouldNumberTheConnectionsFromTheirFirstFramesOnlyWhenAskedToNoteThem() {
        Path file = interleaved();
        TrackedCapture one = FlowTracker.read(file, ReadOptions.DEFAULT.withThreads(1));
        // Every record is a TCP packet: packet p is frame p + 1, and a row's first packet gives its first frame.
        assertThat(one.flows().packetCount()).isEqualTo(one.data().stats().packets());
        long[] firstFrames = new long[one.flows().size()];
        java.util.Arrays.fill(firstFrames, -1);
        for (int p = 0; p < one.flows().packetCount(); p++) {
            int row = one.flows().flowOfPacket(p);
            if (firstFrames[row] < 0) {
                firstFrames[row] = p + 1;
            }
        }

        PartitionedTracker noted = new PartitionedTracker(3, false, false, w -> null).notingStarts();
        noted.read(file, ReadOptions.DEFAULT.withoutPackets());
        noted.finish();
        var ordinals = noted.ordinals();
        for (int row = 0; row < firstFrames.length; row++) {
            assertThat(ordinals.applyAsInt(firstFrames[row])).isEqualTo(row);
        }
        assertThatThrownBy(noted::ordinals).isInstanceOf(IllegalStateException.class)
                .hasMessage("the first frames were not noted: notingStarts() before the read, and ordinals() once");

        PartitionedTracker unnoted = new PartitionedTracker(3, false, false, w -> null);
        unnoted.read(file, ReadOptions.DEFAULT.withoutPackets());
        assertThat(unnoted.finish().size()).isEqualTo(firstFrames.length);
        assertThatThrownBy(unnoted::notingStarts).isInstanceOf(IllegalStateException.class)
                .hasMessage("notingStarts() comes before the read: the connections read so far are not noted");
        assertThatThrownBy(unnoted::ordinals).isInstanceOf(IllegalStateException.class)
                .hasMessage("the first frames were not noted: notingStarts() before the read, and ordinals() once");
        try (PartitionedTracker kept = new PartitionedTracker(2, true, false, w -> null)) {
            assertThatThrownBy(kept::notingStarts).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the rows are kept: their first frames give their places");
        }
    }

    /** 10,000 connections one after the other, eight packets (458 bytes) each. */
    private Path tenThousandConnections() {
        TinyPcap pcap = new TinyPcap();
        for (int i = 0; i < 10_000; i++) {
            pcap.connection(i * 10L, 1, 10_000 + i, 2, 80, 1000L * i, 7000L * i);
        }
        return pcap.write(dir.resolve("ten-thousand.pcap"));
    }

    @Test
    void shouldBeToldOnceHowManyTimesOverTheFileHoldsItsFirstPacketsAndSizeItsRowsForThem() throws IOException {
        Path file = tenThousandConnections();
        Path gzip = dir.resolve("ten-thousand.pcap.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            Files.copy(file, out);
        }

        // A connection is eight records of 56 bytes (16 of record header, 40 of headers) but one with 10
        // bytes of payload: the 65,536th packet ends the 8,192nd connection, after the 24-byte file header.
        double connection = 7 * 56 + 66;
        double scale = (24 + 10_000 * connection) / (24 + 8_192 * connection);
        assertThat(scales(file)).singleElement().satisfies(s -> assertThat(s).isCloseTo(scale, within(1e-12)));
        // Compressed, the compressed bytes read in the share of the decompressed ones decoded (not those
        // read ahead, a window of 4 MB, more than the whole file here): about as much.
        assertThat(scales(gzip)).singleElement().satisfies(s -> assertThat(s).isCloseTo(scale, within(0.02)));

        TrackedCapture one = FlowTracker.read(file, ReadOptions.DEFAULT.withThreads(1));
        TrackedCapture two = FlowTracker.read(file, ReadOptions.DEFAULT.withThreads(2));
        assertThat(two.flows().size()).isEqualTo(one.flows().size()).isEqualTo(10_000);
        for (int row = 0; row < 10_000; row += 999) {
            assertThat(two.flows().uid(row)).isEqualTo(one.flows().uid(row));
            assertThat(two.flows().history(row)).isEqualTo(one.flows().history(row)).isEqualTo("ShADaFf");
        }
    }

    /** The figures a read of {@code file} tells its sink ({@link PacketSink#expect}). */
    private static List<Double> scales(Path file) {
        List<Double> scales = new ArrayList<>();
        CaptureReader.read(file, ReadOptions.DEFAULT.withoutPackets(), new PacketSink() {
            @Override
            public void accept(DecodedPacket p) {
            }

            @Override
            public void expect(double scale) {
                scales.add(scale);
            }
        });
        return scales;
    }

    @Test
    void shouldReserveTheRowsTheFirstPacketsForetellAndGrowByAnEighthPastThem() {
        Path even = tenThousandConnections();
        // 8,192 connections in the first 65,536 packets, of 1.2207 times as many bytes in all: room for
        // a twentieth more, and 1,024 rows.
        double scale = (24 + 10_000 * 458.0) / (24 + 8_192 * 458.0);
        assertThat(FlowTracker.read(even, ReadOptions.DEFAULT.withThreads(1)).flows().capacity())
                .isEqualTo((int) (8_192 * scale * 1.05 + 1_024));

        // Long connections first (32 packets each), then short ones: the first packets foretell too few.
        TinyPcap uneven = new TinyPcap();
        for (int i = 0; i < 2_048; i++) {
            long ms = i * 10L, c = 1000L * i, s = 7000L * i;
            uneven.tcp(ms, 1, 10_000 + i, 2, 80, SYN, c, 0, 0).tcp(ms, 2, 80, 1, 10_000 + i, SYN | ACK, s, c + 1, 0)
                    .tcp(ms, 1, 10_000 + i, 2, 80, ACK, c + 1, s + 1, 0);
            for (int k = 0; k < 26; k++) {
                uneven.tcp(ms + 1, 1, 10_000 + i, 2, 80, ACK, c + 1 + 10L * k, s + 1, 10);
            }
            uneven.tcp(ms + 2, 1, 10_000 + i, 2, 80, FIN | ACK, c + 261, s + 1, 0)
                    .tcp(ms + 2, 2, 80, 1, 10_000 + i, FIN | ACK, s + 1, c + 262, 0)
                    .tcp(ms + 3, 1, 10_000 + i, 2, 80, ACK, c + 262, s + 2, 0);
        }
        for (int i = 0; i < 8_000; i++) {
            uneven.connection(30_000 + i * 10L, 3, 10_000 + i, 2, 80, 1000L * i, 7000L * i);
        }
        TrackedCapture read = FlowTracker.read(uneven.write(dir.resolve("uneven.pcap")), ReadOptions.DEFAULT.withThreads(1));
        assertThat(read.flows().size()).isEqualTo(10_048);
        assertThat(read.flows().capacity()).as("grown by an eighth, not by half").isBetween(10_048, 10_048 * 9 / 8);
    }

    @Test
    void shouldExpectATwentiethMoreThanTheShareReadSaysWithinAQuarterOfTheHeap() {
        assertThat(FlowTracker.expected(1_000, 10.0, 1, FlowTracker.ROW_BYTES)).isEqualTo(10_500 + 1_024);
        assertThat(FlowTracker.expected(1_000, 0.5, 1, FlowTracker.ROW_BYTES)).isEqualTo(1_549);
        assertThat(FlowTracker.expected(5_000, 0.1, 1, 8)).as("never less than so far").isEqualTo(5_000);
        long quarter = Runtime.getRuntime().maxMemory() / 4;
        assertThat(FlowTracker.expected(1_000_000, 1e9, 2, FlowTracker.ROW_BYTES))
                .isEqualTo((int) Math.min(Integer.MAX_VALUE - 8, quarter / 2.0 / FlowTracker.ROW_BYTES));
        assertThat(FlowTracker.expected(1_000_000, 1e9, 1, 1)).isEqualTo((int) Math.min(Integer.MAX_VALUE - 8, quarter));
    }

    @Test
    void shouldThrowWhatAWorkersListenerThrew() {
        Path file = interleaved();
        PartitionedTracker tracker = new PartitionedTracker(2, true, false, w -> new ConnectionListener() {
            @Override
            public Object packet(Object state, int row, boolean fromA, DecodedPacket p) {
                if (p.frame() == 1_000) {
                    throw new IllegalStateException("listener failed at frame 1000");
                }
                return Boolean.TRUE;
            }

            @Override
            public void ended(Object state, int row, FlowColumns flows) {
            }
        });
        // The reader throws it when it next hands the worker a batch, or finish() when the read was over first.
        assertThatThrownBy(() -> {
            tracker.read(file, ReadOptions.DEFAULT);
            tracker.finish();
        }).isInstanceOf(IllegalStateException.class).hasMessage("listener failed at frame 1000");
    }

    @Test
    void shouldStopReadingAsSoonAsAWorkerFailed() {
        TinyPcap pcap = new TinyPcap();
        for (int i = 0; i < 40_000; i++) {
            pcap.connection(i * 2L, 1 + i % 200, 20_000 + i % 30_000, 250, 80, 5000L * i, 9000L * i);
        }
        Path file = pcap.write(dir.resolve("long.pcap")); // 320,000 packets: some 300 batches
        PartitionedTracker tracker = new PartitionedTracker(1, true, false, w -> new ConnectionListener() {
            @Override
            public Object packet(Object state, int row, boolean fromA, DecodedPacket p) {
                throw new IllegalStateException("listener failed at frame " + p.frame());
            }

            @Override
            public void ended(Object state, int row, FlowColumns flows) {
            }
        });

        // Not at the end of the file: the reader stops at the next batch it hands over.
        assertThatThrownBy(() -> tracker.read(file, ReadOptions.DEFAULT)).isInstanceOf(IllegalStateException.class)
                .hasMessage("listener failed at frame 1");
    }

    @Test
    void shouldStopTheWorkersWithoutEndingTheirConnectionsWhenTheFileCannotBeRead() throws Exception {
        Path file = dir.resolve("not-a-capture.pcap");
        Files.writeString(file, "hello world, no capture here");
        AtomicInteger ended = new AtomicInteger();
        PartitionedTracker tracker = new PartitionedTracker(2, true, false, w -> new ConnectionListener() {
            @Override
            public Object packet(Object state, int row, boolean fromA, DecodedPacket p) {
                return Boolean.TRUE;
            }

            @Override
            public void ended(Object state, int row, FlowColumns flows) {
                ended.incrementAndGet();
            }
        });
        assertThatThrownBy(() -> tracker.read(file, ReadOptions.DEFAULT)).isInstanceOf(CaptureFormatException.class)
                .hasMessage(file + ": damaged in the file header, byte offset 0: not a capture file: it starts with "
                        + "0x68656c6c (expected the magic of pcap a1b2c3d4 or a1b23c4d, pcapng 0a0d0d0a, or gzip 1f8b)");
        tracker.finish();
        assertThat(ended).hasValue(0);
    }
}
