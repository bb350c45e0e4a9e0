package io.rstscope.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A capture repeated with shifted timestamps reads as one longer capture of the same packets. */
class RepeatTest {

    @TempDir
    Path tmp;

    @Test
    void should_hold_every_record_three_times_in_time_order_when_repeating_a_capture_three_times() {
        Path source = Fixtures.capture("vlan-rst-with-data.pcap");
        CaptureData one = CaptureReader.read(source, ReadOptions.DEFAULT);

        long written = RecordCopier.repeat(source, tmp.resolve("x3.pcap"), 3, WriteMode.CREATE);
        CaptureData three = CaptureReader.read(tmp.resolve("x3.pcap"), ReadOptions.DEFAULT);

        assertThat(written).isEqualTo(3 * one.stats().packets());
        assertThat(three.stats().packets()).isEqualTo(3 * one.stats().packets());
        assertThat(three.stats().rstPackets()).isEqualTo(3 * one.stats().rstPackets());
        PacketColumns p = three.packets();
        for (int i = 1; i < p.size(); i++) {
            assertThat(p.ts(i)).as("ts of row %d", i).isGreaterThanOrEqualTo(p.ts(i - 1));
        }
        assertThat(p.ts(p.size() - 1) - p.ts(0)).isGreaterThan(2_000_000_000L);
    }
}
