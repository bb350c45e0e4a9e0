package io.rstscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.capture.CaptureData;
import io.rstscope.capture.CaptureReader;
import io.rstscope.capture.ReadOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadTest {

    @TempDir
    Path tmp;

    @Test
    void should_write_the_same_bytes_every_time_when_given_the_same_target() throws IOException {
        Path a = tmp.resolve("a.pcap");
        Path b = tmp.resolve("b.pcap");

        Workload.Written wa = Workload.write(a, 20_000);
        Workload.write(b, 20_000);

        assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
        // Every lane finishes the connection it is playing when the target is reached.
        assertThat(wa.packets()).isBetween(20_000L, 26_000L);
        assertThat(wa.connections()).isBetween(1_500L, 3_500L);
    }

    @Test
    void should_look_like_healthy_tcp_to_tshark_when_generated() throws IOException, InterruptedException {
        Path f = tmp.resolve("w.pcap");
        Workload.Written w = Workload.write(f, 20_000);

        // No retransmission, lost segment or window anomaly: every sequence space is consistent.
        Process p = new ProcessBuilder("tshark", "-n", "-r", f.toString(), "-Y",
                "tcp.analysis.flags && !tcp.analysis.window_update", "-T", "fields", "-e", "frame.number")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String anomalies = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();

        assertThat(anomalies).isEmpty();
        CaptureData data = CaptureReader.read(f, ReadOptions.DEFAULT);
        assertThat(data.stats().packets()).isEqualTo(w.packets());
        assertThat(data.issues()).isEmpty();
    }
}
