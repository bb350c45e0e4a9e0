package io.rstscope.reset;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.capture.CaptureFormatException;
import io.rstscope.capture.CaptureReader;
import io.rstscope.capture.CaptureWriter;
import io.rstscope.capture.ReadOptions;
import io.rstscope.flow.FlowTracker;
import io.rstscope.teach.Conversation;
import io.rstscope.teach.Conversation.Side;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection's segments kept until its first RST, and followed then, give the reset rows of following
 * every connection from its first packet: on every capture of {@link StreamingDifferentialTest}, and on
 * connections whose RST comes after as many segments as cross each limit of what is kept (the room first
 * made, 12; what an ended connection's summary keeps, 16; what a connection keeps, 32), ended or going
 * on from an earlier connection on their tuple.
 */
class KeptSegmentsTest {

    @TempDir
    static Path tmp;

    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MINUTE = 60_000_000_000L;

    @TestFactory
    Stream<DynamicTest> should_give_the_rows_of_following_from_the_start_when_keeping_segments_first() {
        return StreamingDifferentialTest.captures(tmp).map(c -> DynamicTest.dynamicTest(c.golden(), () -> {
            List<ResetRow> kept;
            try {
                kept = resets(c.file(), true);
            } catch (CaptureFormatException e) {
                return; // not a capture at all: the reader's tests cover the message
            }
            assertThat(kept).isEqualTo(resets(c.file(), false));
        }));
    }

    @Test
    void should_give_the_same_rows_when_the_rst_comes_past_each_limit_of_the_kept_segments() throws IOException {
        Path file = tmp.resolve("kept-limits.pcap");
        try (OutputStream out = Files.newOutputStream(file);
             CaptureWriter w = CaptureWriter.pcap(out, CaptureWriter.LINKTYPE_ETHERNET)) {
            long now = T0;
            for (int k = 0; k <= 20; k++) {
                // Aborted after 3 + 2k segments (the handshake, then a request and its ACK each time).
                Conversation aborted = Conversation.ipv4(w::write, "10.0.0.1", 40000 + k, "10.0.0.2", 80, now);
                aborted.handshake();
                for (int i = 0; i < k; i++) {
                    aborted.send(Side.CLIENT, 100);
                }
                aborted.abort(Side.SERVER);
                // Closed after as many, then, once the tracker has let it go, an RST alone on its tuple.
                Conversation closed = Conversation.ipv4(w::write, "10.0.0.1", 41000 + k, "10.0.0.2", 80,
                        aborted.now() + MINUTE / 60);
                closed.handshake();
                for (int i = 0; i < k; i++) {
                    closed.send(Side.CLIENT, 100);
                }
                closed.close(Side.CLIENT);
                closed.advance(MINUTE / 2);
                closed.abort(k % 2 == 0 ? Side.SERVER : Side.CLIENT);
                // Idle past the tracker's inactivity timeout (Zeek's five minutes), then data without a
                // SYN on its tuple, answered by an RST.
                Conversation idle = Conversation.ipv4(w::write, "10.0.0.1", 42000 + k, "10.0.0.2", 80,
                        closed.now() + MINUTE / 60);
                idle.handshake();
                for (int i = 0; i < k; i++) {
                    idle.send(Side.CLIENT, 100);
                }
                idle.advance(6 * MINUTE);
                idle.send(Side.CLIENT, 100);
                idle.abort(Side.SERVER);
                now = idle.now() + MINUTE / 60;
            }
        }
        List<ResetRow> kept = resets(file, true);

        assertThat(kept).hasSize(3 * 21);
        assertThat(kept).isEqualTo(resets(file, false));
    }

    /** The reset rows of one read of {@code file} on one thread, keeping segments first or not. */
    private static List<ResetRow> resets(Path file, boolean keepFirst) {
        ResetStream stream = new ResetStream(ResetOptions.DEFAULT);
        if (!keepFirst) {
            stream.followingFromStart();
        }
        FlowTracker tracker = new FlowTracker(false, stream);
        CaptureReader.read(file, ReadOptions.DEFAULT.withoutPackets(), tracker);
        return stream.finish(tracker.finish());
    }
}
