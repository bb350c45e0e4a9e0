package io.rstscope.teach;

import static io.rstscope.teach.Conversation.Side.CLIENT;
import static io.rstscope.teach.Conversation.Side.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.capture.CaptureData;
import io.rstscope.capture.CaptureReader;
import io.rstscope.capture.CaptureWriter;
import io.rstscope.capture.PacketColumns;
import io.rstscope.capture.ReadOptions;
import io.rstscope.store.PacketTables;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConversationTest {

    @TempDir
    Path tmp;

    private PacketColumns record(boolean v6, Consumer<Conversation> script) throws IOException {
        Path file = tmp.resolve("c.pcap");
        try (OutputStream out = Files.newOutputStream(file);
             CaptureWriter w = CaptureWriter.pcap(out, CaptureWriter.LINKTYPE_ETHERNET)) {
            Conversation c = v6
                    ? Conversation.ipv6(w::write, "fd00::1", 40000, "fd00::2", 80, 1_700_000_000_000_000_000L)
                    : Conversation.ipv4(w::write, "10.0.0.1", 40000, "10.0.0.2", 80, 1_700_000_000_000_000_000L);
            c.isn(1000, 5000);
            script.accept(c);
        }
        CaptureData data = CaptureReader.read(file, ReadOptions.DEFAULT);
        assertThat(data.issues()).isEmpty();
        return data.packets();
    }

    private static List<String> ladder(PacketColumns p) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            rows.add(p.sport(i) + " " + PacketTables.flagText(p.flags(i)) + " seq=" + Integer.toUnsignedLong(p.seq(i))
                    + " ack=" + Integer.toUnsignedLong(p.ack(i)) + " len=" + p.payloadLen(i));
        }
        return rows;
    }

    @Test
    void should_number_both_sequence_spaces_as_a_stack_does_when_playing_a_whole_exchange() throws IOException {
        PacketColumns p = record(false, c -> {
            c.handshake();
            c.send(CLIENT, 100);
            c.send(SERVER, 2000);
            c.close(CLIENT);
        });

        assertThat(ladder(p)).containsExactly(
                "40000 SYN seq=1000 ack=0 len=0",
                "80 SYN,ACK seq=5000 ack=1001 len=0",
                "40000 ACK seq=1001 ack=5001 len=0",
                "40000 PSH,ACK seq=1001 ack=5001 len=100",
                "80 ACK seq=5001 ack=1101 len=0",
                "80 ACK seq=5001 ack=1101 len=1460",
                "80 PSH,ACK seq=6461 ack=1101 len=540",
                "40000 ACK seq=1101 ack=7001 len=0",
                "40000 FIN,ACK seq=1101 ack=7001 len=0",
                "80 FIN,ACK seq=7001 ack=1102 len=0",
                "40000 ACK seq=1102 ack=7002 len=0");
        assertThat(p.mss(0)).isEqualTo(1460);
        assertThat(p.wscale(0)).isEqualTo(7);
        assertThat(p.sackPerm(0)).isTrue();
        assertThat(p.tsPresent(3)).isTrue();
        // TSecr echoes the peer's last TSval (RFC 7323).
        assertThat(p.tsecr(1)).isEqualTo(p.tsval(0));
    }

    @Test
    void should_send_the_resets_linux_sends_when_refusing_and_aborting() throws IOException {
        PacketColumns p = record(true, c -> {
            c.syn();
            c.refuse();
        });

        assertThat(ladder(p)).containsExactly("40000 SYN seq=1000 ack=0 len=0", "80 RST,ACK seq=0 ack=1001 len=0");
        assertThat(p.win(1)).isZero();
        assertThat(p.tsPresent(1)).isFalse();

        PacketColumns q = record(false, c -> {
            c.handshake();
            c.send(CLIENT, 10);
            c.abort(CLIENT);
        });
        assertThat(ladder(q).get(q.size() - 1)).isEqualTo("40000 RST,ACK seq=1011 ack=5001 len=0");
        assertThat(q.win(q.size() - 1)).isPositive();
        assertThat(q.tsPresent(q.size() - 1)).isTrue();
    }
}
