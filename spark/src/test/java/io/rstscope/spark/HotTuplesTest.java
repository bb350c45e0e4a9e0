package io.rstscope.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.Capture;
import io.rstscope.Rst;
import io.rstscope.capture.CaptureWriter;
import io.rstscope.store.FlowField;
import io.rstscope.store.ResetField;
import io.rstscope.teach.Conversation;
import io.rstscope.teach.Conversation.Side;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotTuplesTest {

    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MINUTE = 60_000_000_000L;

    /** One frame of a conversation, to write all of them in time order. */
    private record Frame(long ts, byte[] bytes) {
    }

    @Test
    void should_cut_a_reused_tuple_at_its_silences_over_an_hour_and_keep_the_local_rows_when_analysed_on_spark(@TempDir Path dir)
            throws IOException {
        List<Frame> frames = new ArrayList<>();
        Conversation.FrameSink sink = (ts, bytes) -> frames.add(new Frame(ts, bytes));
        // One web tuple used five times: closed; 70 minutes later (a cut: longer than an hour) left open;
        // 7 minutes later (expired by the tracker, still remembered by the reset analysis: no cut) reset;
        // refused 4 minutes later; and 69 minutes later (a cut) again.
        Conversation a1 = web(sink, T0);
        a1.handshake();
        a1.send(Side.CLIENT, 200);
        a1.send(Side.SERVER, 1000);
        a1.close(Side.CLIENT);
        Conversation a2 = web(sink, T0 + 70 * MINUTE);
        a2.handshake();
        a2.send(Side.CLIENT, 300);
        Conversation a3 = web(sink, T0 + 77 * MINUTE);
        a3.handshake();
        a3.send(Side.CLIENT, 100);
        a3.abort(Side.SERVER);
        Conversation a4 = web(sink, T0 + 81 * MINUTE);
        a4.syn();
        a4.refuse();
        Conversation a5 = web(sink, T0 + 150 * MINUTE);
        a5.handshake();
        a5.send(Side.SERVER, 500);
        a5.advance(2 * MINUTE);
        a5.abort(Side.CLIENT);
        // An ssh tuple: 14 silent minutes keep the connection (an hour's timeout), 75 end it and cut.
        Conversation b1 = Conversation.ipv4(sink, "10.0.0.1", 40001, "10.0.0.2", 22, T0 + MINUTE);
        b1.handshake();
        b1.send(Side.CLIENT, 64);
        b1.advance(14 * MINUTE);
        b1.send(Side.SERVER, 64);
        b1.abort(Side.SERVER);
        Conversation b2 = Conversation.ipv4(sink, "10.0.0.1", 40001, "10.0.0.2", 22, T0 + 90 * MINUTE);
        b2.handshake();
        b2.close(Side.SERVER);

        Path file = dir.resolve("reused-tuples.pcap");
        frames.sort(Comparator.comparingLong(Frame::ts));
        try (OutputStream out = Files.newOutputStream(file);
             CaptureWriter w = CaptureWriter.pcap(out, CaptureWriter.LINKTYPE_ETHERNET)) {
            for (Frame f : frames) {
                w.write(f.ts(), f.bytes());
            }
        }

        Capture cap = Rst.open(file);
        SparkAnalysis.Result r = SparkAnalysis.analyze(TestSpark.session().read().format("pcap").load(file.toString()));
        List<String> keys = r.keyedPackets().select(SparkAnalysis.KEY).distinct().collectAsList().stream()
                .map(row -> row.getString(0)).sorted().toList();
        List<List<Object>> flows = values(r.flows().collectAsList(), FlowField.values().length);
        List<List<Object>> resets = values(r.resets().collectAsList(), ResetField.values().length);
        r.release();

        assertThat(cap.flowColumns().size()).isEqualTo(7);
        assertThat(keys).hasSize(5);
        assertThat(keys.stream().filter(k -> k.contains(":80#")).map(k -> k.substring(k.indexOf('#'))))
                .containsExactly("#0", "#1", "#2");
        assertThat(keys.stream().filter(k -> k.contains(":22#")).map(k -> k.substring(k.indexOf('#'))))
                .containsExactly("#0", "#1");
        assertThat(flows).containsExactlyInAnyOrderElementsOf(TestSpark.rows(cap.flowTable()));
        assertThat(resets).isNotEmpty().containsExactlyInAnyOrderElementsOf(TestSpark.rows(cap.resetTable()));
    }

    private static Conversation web(Conversation.FrameSink sink, long start) {
        return Conversation.ipv4(sink, "10.0.0.1", 40000, "10.0.0.2", 80, start);
    }

    private static List<List<Object>> values(List<Row> rows, int columns) {
        List<List<Object>> out = new ArrayList<>();
        for (Row row : rows) {
            List<Object> v = new ArrayList<>(columns);
            for (int i = 0; i < columns; i++) {
                v.add(row.get(i));
            }
            out.add(v);
        }
        return out;
    }
}
