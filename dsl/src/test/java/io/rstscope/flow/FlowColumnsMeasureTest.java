package io.rstscope.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rstscope.capture.ReadOptions;
import io.rstscope.capture.SharedCaptures;
import io.rstscope.flow.FlowColumns.Measure;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bulk reads the tables are built from give, for every row and direction, what the per-row accessors
 * give, on real captures: a connect scan's refused and reset connections, web traffic, IPv6, and a
 * connection lost mid-transfer.
 */
class FlowColumnsMeasureTest {

    private static final Path CAPTURE = SharedCaptures.publicFile("markofu-pcaps__TCP_CONNECT_SCAN.pcap");

    @ParameterizedTest
    @ValueSource(strings = {"markofu-pcaps__TCP_CONNECT_SCAN.pcap", "nDPI__sites.pcapng", "arkime__v6.pcap",
            "markofu-pcaps__tcp-con-lost.pcap"})
    void should_read_every_measure_of_every_row_as_the_per_row_accessors_read_it(String name) {
        FlowColumns c = FlowTracker.read(SharedCaptures.publicFile(name), ReadOptions.DEFAULT).flows();
        assertThat(c.size()).isPositive();
        for (Measure m : Measure.values()) {
            for (Direction d : Direction.values()) {
                long[] bulk = m.wide() ? c.longs(m, d) : widen(c.ints(m, d));
                assertThat(bulk).as("%s %s", m, d).hasSize(c.size());
                for (int row = 0; row < c.size(); row++) {
                    assertThat(bulk[row]).as("%s %s row %d", m, d, row).isEqualTo(perRow(m, c, row, d));
                }
            }
        }
    }

    @Test
    void should_say_which_read_a_measure_takes_when_asked_with_the_other() {
        FlowColumns c = FlowTracker.read(CAPTURE, ReadOptions.DEFAULT).flows();

        assertThatThrownBy(() -> c.ints(Measure.PACKETS, Direction.ORIG))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PACKETS is read with longs(), not ints()");
        assertThatThrownBy(() -> c.longs(Measure.TTL, Direction.ORIG))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TTL is read with ints(), not longs()");
    }

    private static long[] widen(int[] v) {
        long[] w = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            w[i] = v[i];
        }
        return w;
    }

    /** What the per-row accessor a measure mirrors gives for {@code row} and {@code d}. */
    private static long perRow(Measure m, FlowColumns c, int row, Direction d) {
        return switch (m) {
            case TS -> c.ts(row);
            case LAST_TIME -> c.ts(row) + c.durationNanos(row);
            case LAST_TS -> c.lastTs(row);
            case MISSED_BYTES -> c.missedBytes(row);
            case MAX_IDLE -> c.maxIdleNanos(row);
            case RTT_SYN -> c.rttSynNanos(row);
            case RTT_ACK -> c.rttAckNanos(row);
            case CONN_STATE -> c.connState(row).ordinal();
            case ADDRESS -> c.address(row, d);
            case PORT -> c.port(row, d);
            case PACKETS -> c.packets(row, d);
            case IP_BYTES -> c.ipBytes(row, d);
            case PAYLOAD_BYTES -> c.payloadBytes(row, d);
            case BYTES -> c.bytes(row, d);
            case FIRST_TS -> c.firstTs(row, d);
            case SIDE_LAST_TS -> c.lastTs(row, d);
            case ISN -> c.isn(row, d);
            case NEXT_SEQ -> c.nextSeq(row, d);
            case MAX_ACK -> c.maxAck(row, d);
            case TTL -> c.ttl(row, d);
            case TTL_MIN -> c.ttlMin(row, d);
            case TTL_MAX -> c.ttlMax(row, d);
            case IP_ID -> c.ipIdBehaviour(row, d) == null ? -1 : c.ipIdBehaviour(row, d).ordinal();
            case MSS -> c.mss(row, d);
            case WSCALE -> c.wscale(row, d);
            case RETRANSMITS -> c.retransmits(row, d);
            case ZERO_WINDOWS -> c.zeroWindows(row, d);
            case KEEPALIVES -> c.keepalives(row, d);
            case RSTS -> c.rsts(row, d);
            case STATE -> c.state(row, d).ordinal();
        };
    }
}
