package io.rstscope.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rstscope.RstscopeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packet columns of a file are read when first asked for, by reading the file again: the same rows a
 * read that keeps them gives, of the file as it was opened, or a clear error when it changed since.
 */
class DeferredPacketsTest {

    @TempDir
    Path dir;

    @Test
    void should_give_the_packets_a_read_that_keeps_them_gives_for_every_fixture() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(Fixtures.capture("README.md").getParent())) {
            all.filter(f -> f.toString().matches(".*\\.(pcap|pcapng|cap|gz)$")).sorted().forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThan(20);
        int compared = 0;
        for (Path f : files) {
            CaptureData data;
            try {
                data = CaptureReader.read(f, ReadOptions.DEFAULT);
            } catch (RstscopeException e) {
                continue; // not a capture that can be read at all (a broken header)
            }
            PacketColumns kept = new PacketColumns(new AddressTable());
            CaptureReader.read(f, ReadOptions.DEFAULT.withoutPackets(), kept);
            kept.seal();
            assertSameRows(data.packets(), kept, f.getFileName().toString());
            compared++;
        }
        assertThat(compared).isGreaterThan(15);
    }

    @Test
    void should_read_only_the_frames_it_had_when_the_file_grew_since_it_was_opened() throws IOException {
        Path file = copy("ipv6-ftp-rst.pcap");
        CaptureData data = CaptureReader.read(file, ReadOptions.DEFAULT);
        byte[] bytes = Files.readAllBytes(file);
        // The same records again after the last one, as a capture still being written grows.
        Files.write(file, Arrays.copyOfRange(bytes, 24, bytes.length), StandardOpenOption.APPEND);
        int tcp = (int) data.stats().tcpPackets();

        PacketColumns pc = data.packets();

        assertThat(pc.size()).isEqualTo(tcp).isPositive();
        assertThat(CaptureReader.read(file, ReadOptions.DEFAULT).packets().size()).isEqualTo(2 * tcp);
    }

    @Test
    void should_say_the_file_changed_when_another_capture_replaced_it_since_it_was_opened() throws IOException {
        Path file = copy("ipv6-ftp-rst.pcap");
        CaptureData data = CaptureReader.read(file, ReadOptions.DEFAULT);
        Files.copy(Fixtures.capture("syn-then-rst.pcap"), file, StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(data::packets).isInstanceOf(RstscopeException.class)
                .hasMessage("ipv6-ftp-rst.pcap changed on disk since it was opened (it had " + data.stats().tcpPackets()
                        + " TCP packets, now 2): open it again to see its packets; the connections and resets are"
                        + " those of the file as it was");
    }

    @Test
    void should_say_the_file_changed_when_its_packets_are_others_in_the_same_number() throws IOException {
        Path file = copy("syn-then-rst.pcap");
        CaptureData data = CaptureReader.read(file, ReadOptions.DEFAULT);
        byte[] bytes = Files.readAllBytes(file);
        int lastRecord = lastRecordHeader(bytes);
        bytes[lastRecord + 4] ^= 1; // its timestamp's microseconds: another packet, at another time
        Files.write(file, bytes);

        assertThatThrownBy(data::packets).isInstanceOf(RstscopeException.class)
                .hasMessage("syn-then-rst.pcap changed on disk since it was opened (its 2 TCP packets are not those it"
                        + " had): open it again to see its packets; the connections and resets are those of the file"
                        + " as it was");
    }

    @Test
    void should_say_the_packets_cannot_be_read_again_when_the_file_is_gone_and_read_them_once_it_is_back()
            throws IOException {
        Path file = copy("syn-then-rst.pcap");
        CaptureData data = CaptureReader.read(file, ReadOptions.DEFAULT);
        Path aside = Files.move(file, dir.resolve("aside.pcap"));

        assertThatThrownBy(data::packets).isInstanceOf(RstscopeException.class)
                .hasMessage("syn-then-rst.pcap: its packets cannot be read again (" + file + ": no such file); the"
                        + " connections and resets read when it was opened are intact");

        Files.move(aside, file);
        assertThat(data.packets().size()).isEqualTo(2);
    }

    @Test
    void should_keep_at_once_the_packets_of_a_read_that_passes_over_frames() {
        Path file = Fixtures.capture("ipv6-ftp-rst.pcap");
        SkippingSink odd = new SkippingSink() {
            @Override
            public boolean skips(long frame, long tsNanos) {
                return frame % 2 == 1;
            }

            @Override
            public void accept(DecodedPacket p) {
            }
        };

        CaptureData data = CaptureReader.read(file, ReadOptions.DEFAULT, odd);

        PacketColumns pc = data.packets();
        assertThat(pc.size()).isPositive();
        for (int i = 0; i < pc.size(); i++) {
            assertThat(pc.frame(i) % 2).as("row %d", i).isZero(); // the frames read, the others passed over
        }
    }

    private Path copy(String fixture) throws IOException {
        return Files.copy(Fixtures.capture(fixture), dir.resolve(fixture));
    }

    /** The offset of the last record's header in a little-endian pcap file. */
    private static int lastRecordHeader(byte[] pcap) {
        int at = 24, last = at;
        while (at + 16 <= pcap.length) {
            last = at;
            int incl = (pcap[at + 8] & 0xff) | (pcap[at + 9] & 0xff) << 8 | (pcap[at + 10] & 0xff) << 16
                    | (pcap[at + 11] & 0xff) << 24;
            at += 16 + incl;
        }
        return last;
    }

    private static void assertSameRows(PacketColumns a, PacketColumns b, String what) {
        assertThat(a.size()).as(what).isEqualTo(b.size());
        for (int i = 0; i < a.size(); i++) {
            String row = what + " row " + i;
            assertThat(a.frame(i)).as(row).isEqualTo(b.frame(i));
            assertThat(a.ts(i)).as(row).isEqualTo(b.ts(i));
            assertThat(a.fileOffset(i)).as(row).isEqualTo(b.fileOffset(i));
            assertThat(a.addresses().text(a.src(i))).as(row).isEqualTo(b.addresses().text(b.src(i)));
            assertThat(a.addresses().text(a.dst(i))).as(row).isEqualTo(b.addresses().text(b.dst(i)));
            assertThat(a.sport(i) << 16 | a.dport(i)).as(row).isEqualTo(b.sport(i) << 16 | b.dport(i));
            assertThat(new long[] {a.flags(i), a.seq(i), a.ack(i), a.win(i), a.payloadLen(i), a.ipLen(i), a.ttl(i),
                    a.ipId(i), a.tos(i), a.mss(i), a.wscale(i), a.tsval(i), a.tsecr(i), a.iface(i), a.ipVersion(i)})
                    .as(row).containsExactly(b.flags(i), b.seq(i), b.ack(i), b.win(i), b.payloadLen(i), b.ipLen(i),
                            b.ttl(i), b.ipId(i), b.tos(i), b.mss(i), b.wscale(i), b.tsval(i), b.tsecr(i), b.iface(i),
                            b.ipVersion(i));
            assertThat(new boolean[] {a.df(i), a.sackPerm(i), a.tsPresent(i), a.fragment(i)}).as(row)
                    .containsExactly(b.df(i), b.sackPerm(i), b.tsPresent(i), b.fragment(i));
        }
    }
}
