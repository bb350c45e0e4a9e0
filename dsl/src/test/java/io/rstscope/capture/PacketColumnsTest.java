package io.rstscope.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;

/** The packet columns give back every field as it was added, on the heap or spilled to a mapped file. */
class PacketColumnsTest {

    @Test
    void should_give_back_every_field_when_the_columns_spill_to_a_mapped_file() {
        int n = 3 * PacketColumns.BLOCK_ROWS + 17;
        PacketColumns pc = filled(n);

        assertThat(pc.spilled()).isTrue();
        assertThat(pc.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            assertRow(pc, i);
        }
    }

    @Test
    void should_keep_the_blocks_on_the_heap_when_the_file_cannot_grow() throws IOException {
        // Every write to /dev/full fails as a full disk does (ENOSPC).
        try (FileChannel full = FileChannel.open(Path.of("/dev/full"), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            int n = 3 * PacketColumns.BLOCK_ROWS + 17;
            PacketColumns pc = filled(PacketColumns.spillingTo(full, new AddressTable()), n);

            assertThat(pc.size()).isEqualTo(n);
            for (int i = 0; i < n; i++) {
                assertRow(pc, i);
            }
        }
    }

    @Test
    void should_keep_the_columns_on_the_heap_when_they_fit_in_one_block() {
        PacketColumns pc = filled(PacketColumns.BLOCK_ROWS);

        assertThat(pc.spilled()).isFalse();
        for (int i = 0; i < pc.size(); i++) {
            assertRow(pc, i);
        }
    }

    @Test
    void should_refuse_a_row_beyond_the_size_when_asked() {
        PacketColumns pc = filled(3);

        assertThatThrownBy(() -> pc.ttl(3)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("packet row 3 of 3");
    }

    private static PacketColumns filled(int n) {
        return filled(new PacketColumns(new AddressTable()), n);
    }

    private static PacketColumns filled(PacketColumns pc, int n) {
        DecodedPacket p = new DecodedPacket();
        DecodedPacket other = new DecodedPacket(); // not TCP: not a row
        for (int i = 0; i < n; i++) {
            p.tcp = true;
            p.frame = 2L * i + 1;
            p.tsNanos = 1_700_000_000_000_000_000L + 1000L * i;
            p.fileOffset = 24L + 100L * i;
            p.iface = i % 3;
            p.ipVersion = i % 2 == 0 ? 4 : 6;
            p.srcHi = 0;
            p.srcLo = 0xFFFF_0A00_0000L | (i % 50);
            p.dstHi = 0;
            p.dstLo = 0xFFFF_0A01_0000L | (i % 7);
            p.sport = 1024 + i % 60000;
            p.dport = 65535 - i % 3;
            p.flags = i % 512;
            p.seq = i * 7919;
            p.ack = -i;
            p.win = 65535 - i % 1000;
            p.payloadLen = i % 1460;
            p.ipLen = 40 + i % 1460;
            p.ttl = i % 5 == 0 ? -1 : i % 256;
            p.ipId = i % 4 == 0 ? -1 : i & 0xffff;
            p.tos = i % 256;
            p.df = i % 2 == 0;
            p.sackPerm = i % 3 == 0;
            p.tsPresent = i % 5 == 0;
            p.fragment = i % 7 == 0;
            p.mss = i % 6 == 0 ? -1 : 1460;
            p.wscale = i % 8 == 0 ? -1 : i % 15;
            p.tsval = i * 31;
            p.tsecr = -i * 17;
            pc.accept(p);
            pc.accept(other);
        }
        pc.seal();
        return pc;
    }

    private static void assertRow(PacketColumns pc, int i) {
        AddressTable a = pc.addresses();
        if (pc.frame(i) != 2 * i + 1 || pc.ts(i) != 1_700_000_000_000_000_000L + 1000L * i
                || pc.fileOffset(i) != 24L + 100L * i || pc.iface(i) != i % 3 || pc.ipVersion(i) != (i % 2 == 0 ? 4 : 6)
                || a.lo(pc.src(i)) != (0xFFFF_0A00_0000L | (i % 50)) || a.lo(pc.dst(i)) != (0xFFFF_0A01_0000L | (i % 7))
                || pc.sport(i) != 1024 + i % 60000 || pc.dport(i) != 65535 - i % 3 || pc.flags(i) != i % 512
                || pc.seq(i) != i * 7919 || pc.ack(i) != -i || pc.win(i) != 65535 - i % 1000
                || pc.payloadLen(i) != i % 1460 || pc.ipLen(i) != 40 + i % 1460
                || pc.ttl(i) != (i % 5 == 0 ? -1 : i % 256) || pc.ipId(i) != (i % 4 == 0 ? -1 : i & 0xffff)
                || pc.tos(i) != i % 256 || pc.df(i) != (i % 2 == 0) || pc.sackPerm(i) != (i % 3 == 0)
                || pc.tsPresent(i) != (i % 5 == 0) || pc.fragment(i) != (i % 7 == 0)
                || pc.mss(i) != (i % 6 == 0 ? -1 : 1460) || pc.wscale(i) != (i % 8 == 0 ? -1 : i % 15)
                || pc.tsval(i) != i * 31 || pc.tsecr(i) != -i * 17) {
            throw new AssertionError("row " + i + " does not give back what was added");
        }
    }
}
