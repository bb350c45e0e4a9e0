package io.rstscope.flow;

import static io.rstscope.flow.TinyPcap.ACK;
import static io.rstscope.flow.TinyPcap.PSH;
import static io.rstscope.flow.TinyPcap.RST;
import static io.rstscope.flow.TinyPcap.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.capture.CaptureReader;
import io.rstscope.capture.DecodedPacket;
import io.rstscope.capture.ReadOptions;
import io.rstscope.reset.Cause;
import io.rstscope.reset.ResetOptions;
import io.rstscope.reset.ResetRow;
import io.rstscope.reset.ResetStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a bounded read keeps: on captures of many connections one after the other, the rows of ended
 * connections, the reset rows and the judgings waiting for host baselines stay below bounds that do not
 * grow with the capture, counted (not timed) after every connection ends.
 */
class BoundedMemoryTest {

    @TempDir
    Path dir;

    /** Refused connections (the server sends only an RST) alternate with aborted ones (the client resets after a request). */
    private Path sequential(int connections) {
        TinyPcap pcap = new TinyPcap();
        for (int i = 0; i < connections; i++) {
            long ms = i * 100L;
            int port = 10_000 + i % 50_000;
            int client = 1 + 2 * (i / 50_000); // a new client every 50,000 connections: ports are not reused
            if (i % 2 == 0) {
                pcap.tcp(ms, client, port, 2, 81, SYN, 1000, 0, 0);
                pcap.tcp(ms + 1, 2, 81, client, port, RST | ACK, 0, 1001, 0);
            } else {
                pcap.tcp(ms, client, port, 2, 80, SYN, 5000, 0, 0);
                pcap.tcp(ms + 1, 2, 80, client, port, SYN | ACK, 9000, 5001, 0);
                pcap.tcp(ms + 2, client, port, 2, 80, ACK, 5001, 9001, 0);
                pcap.tcp(ms + 3, client, port, 2, 80, PSH | ACK, 5001, 9001, 20);
                pcap.tcp(ms + 4, 2, 80, client, port, ACK, 9001, 5021, 0);
                pcap.tcp(ms + 5, client, port, 2, 80, RST | ACK, 5021, 9001, 0);
            }
        }
        return pcap.write(dir.resolve("sequential-" + connections + ".pcap"));
    }

    /** The peaks seen after each connection ended, while the capture is read as {@code ResetStream.read} with a sink does. */
    private record Peaks(int rows, int held, int open, int connections, Map<Cause, Long> causes) {
    }

    private static Peaks read(Path file, int threads) {
        HostTtls hosts;
        if (threads == 1) {
            FlowTracker first = FlowTracker.rowless(null);
            CaptureReader.read(file, ReadOptions.DEFAULT.withoutPackets(), first);
            hosts = first.finish().hosts();
        } else {
            PartitionedTracker first = new PartitionedTracker(threads, false, false, w -> null);
            first.read(file, ReadOptions.DEFAULT.withoutPackets());
            hosts = first.finish().hosts();
        }
        hosts.of("");
        Map<Cause, Long> causes = new EnumMap<>(Cause.class);
        int[] peaks = new int[2];
        FlowColumns[] seen = new FlowColumns[threads];
        ResetStream[] streams = new ResetStream[threads];
        IntFunction<ConnectionListener> listeners = i -> {
            streams[i] = new ResetStream(ResetOptions.DEFAULT, a -> hosts.of(a).map(TtlBaseline::mostCommon).orElse(-1),
                    r -> {
                        synchronized (causes) {
                            causes.merge(r.cause(), 1L, Long::sum);
                        }
                    });
            return new ConnectionListener() {
                @Override
                public Object packet(Object state, int row, boolean fromA, DecodedPacket p) {
                    return streams[i].packet(state, row, fromA, p);
                }

                @Override
                public void ended(Object state, int row, FlowColumns flows) {
                    streams[i].ended(state, row, flows);
                    seen[i] = flows;
                    synchronized (peaks) {
                        peaks[0] = Math.max(peaks[0], flows.capacity());
                        peaks[1] = Math.max(peaks[1], streams[i].retained());
                    }
                }
            };
        };
        FlowColumns flows;
        int open;
        if (threads == 1) {
            FlowTracker tracker = FlowTracker.rowless(listeners.apply(0));
            CaptureReader.read(file, ReadOptions.DEFAULT.withoutPackets(), tracker);
            flows = tracker.finish();
            open = tracker.peakOpen();
            assertThat(streams[0].finish(flows)).isEmpty();
            assertThat(seen[0]).isSameAs(flows);
        } else {
            PartitionedTracker tracker = new PartitionedTracker(threads, false, false, listeners);
            tracker.read(file, ReadOptions.DEFAULT.withoutPackets());
            flows = tracker.finish();
            open = tracker.peakOpen();
            for (int i = 0; i < threads; i++) {
                assertThat(streams[i].finish(tracker.part(i))).isEmpty();
                assertThat(seen[i]).isSameAs(tracker.part(i));
            }
        }
        return new Peaks(peaks[0], peaks[1], open, flows.size(), causes);
    }

    @ParameterizedTest(name = "on {0} threads")
    @ValueSource(ints = {1, 2, 3})
    void aRowlessReadKeepsNoRowsNoResetsAndNoWaitingJudgingsHoweverLongTheCapture(int threads) {
        Peaks small = read(sequential(30_000), threads);
        Peaks large = read(sequential(120_000), threads);
        assertThat(large.connections()).isEqualTo(120_000);
        // Room for one block of rows, however many connections: the keeping columns would need 120,000.
        assertThat(small.rows()).isLessThanOrEqualTo(1024);
        assertThat(large.rows()).isEqualTo(small.rows());
        assertThat(large.held()).isZero();
        assertThat(small.held()).isZero();
        // Ended connections leave the tracker at its sweeps (every 65,536 packets here): the connections
        // open at once are those of one sweep interval, a bound set by the sweep, not by the capture.
        assertThat(small.open()).isLessThan(65_536 / 3);
        assertThat(large.open()).isLessThan(65_536 / 3);
        assertThat(large.causes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(120_000);
    }

    @ParameterizedTest(name = "on {0} threads")
    @ValueSource(ints = {1, 2, 3})
    void theBoundedReadCountsTheCausesOfTheKeepingRead(int threads) {
        Path file = sequential(2_000);
        ReadOptions options = ReadOptions.DEFAULT.withoutPackets().withThreads(threads);
        ResetStream.Result kept = ResetStream.read(file, options, ResetOptions.DEFAULT);
        Map<Cause, Long> expected = new EnumMap<>(Cause.class);
        for (ResetRow r : kept.resets()) {
            expected.merge(r.cause(), 1L, Long::sum);
        }
        Map<Cause, Long> counted = new EnumMap<>(Cause.class);
        ResetStream.Result bounded = ResetStream.read(file, options, ResetOptions.DEFAULT,
                r -> counted.merge(r.cause(), 1L, Long::sum)); // one row at a time, whatever the threads
        assertThat(bounded.resets()).isEmpty();
        assertThat(counted).isEqualTo(expected).containsKeys(Cause.PORT_CLOSED);
        assertThat(bounded.capture().flows().size()).isEqualTo(kept.capture().flows().size());
        for (ConnState s : ConnState.values()) {
            assertThat(bounded.capture().flows().count(s)).as(s.name()).isEqualTo(kept.capture().flows().count(s));
        }
        // Without the first pass's baselines, the refused connections' judgings wait to the end of the read.
        ResetStream waiting = new ResetStream(ResetOptions.DEFAULT, null, r -> { });
        FlowTracker tracker = FlowTracker.rowless(waiting);
        CaptureReader.read(file, ReadOptions.DEFAULT.withoutPackets(), tracker);
        FlowColumns flows = tracker.finish();
        assertThat(waiting.retained()).isEqualTo(1_000);
        waiting.finish(flows);
        assertThat(waiting.retained()).isZero();
    }
}
