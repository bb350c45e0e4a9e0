package io.rstscope.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage that used to read as clean or as a bare exception: what follows a gzip stream, a gzip file
 * holding no capture, packets the decoder stops following, and the words of every message.
 */
class DamagedInputTest {

    @TempDir
    Path dir;

    private static final byte[] MAC_A = Frames.mac("02:00:00:00:00:01");
    private static final byte[] MAC_B = Frames.mac("02:00:00:00:00:02");

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(b)) {
            out.write(content);
        }
        return b.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        return Frames.concat(parts);
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] fixture(String name) throws IOException {
        return Files.readAllBytes(Fixtures.capture(name));
    }

    /** A pcap of Ethernet frames, as the library writes it. */
    private static byte[] pcap(byte[]... frames) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.pcap(b, CaptureWriter.LINKTYPE_ETHERNET)) {
            long ts = 1_700_000_000_000_000_000L;
            for (byte[] f : frames) {
                w.write(ts += 1000, f);
            }
        }
        return b.toByteArray();
    }

    // ------------------------------------------------------------------ gzip

    @Test
    void should_report_where_when_random_bytes_follow_the_gzip_stream() throws IOException {
        byte[] plain = fixture("vlan-rst-with-data.pcap");
        byte[] gz = gzip(plain);
        Path f = file("tail.pcap.gz", concat(gz, "garbage after the stream".getBytes()));

        CaptureData data = CaptureReader.read(f, ReadOptions.DEFAULT);

        assertThat(data.stats().packets()).isEqualTo(Fixtures.read("vlan-rst-with-data.pcap").stats().packets());
        assertThat(data.error()).get().extracting(Exception::getMessage).isEqualTo(f + ": damaged at packet "
                + (data.stats().packets() + 1) + ", byte offset " + plain.length + ": 24 bytes that are not gzip follow "
                + "the end of the gzip stream at byte " + gz.length + " of the compressed file (they start 0x67617262)");
    }

    @Test
    void should_report_where_when_a_second_gzip_member_is_damaged() throws IOException {
        byte[] plain = fixture("vlan-rst-with-data.pcap");
        byte[] gz = gzip(plain);
        byte[] second = gzip(new byte[100]);
        second[10] ^= (byte) 0xff; // the deflate data of the second member
        second[11] ^= (byte) 0xff;
        Path f = file("members.pcap.gz", concat(gz, second));

        CaptureData data = CaptureReader.read(f, ReadOptions.DEFAULT);

        assertThat(data.stats().packets()).isEqualTo(8);
        assertThat(data.error()).get().extracting(CaptureFormatException::reason).asString()
                .startsWith("the gzip stream is damaged: gzip member 2 (at byte " + gz.length + " of the compressed file): ");
    }

    @Test
    void should_say_it_is_gzip_when_the_compressed_content_is_not_a_capture() throws IOException {
        Path f = file("text.gz", gzip("hello world, no capture here".getBytes()));

        assertThatThrownBy(() -> CaptureReader.read(f, ReadOptions.DEFAULT)).isInstanceOf(CaptureFormatException.class)
                .hasMessage(f + ": damaged in the file header, byte offset 0: gzip-compressed, but what it holds is not "
                        + "a capture: it starts with 0x68656c6c (expected the magic of pcap a1b2c3d4 or a1b23c4d, or "
                        + "pcapng 0a0d0d0a)");
    }

    @Test
    void should_give_the_reason_not_null_when_the_gzip_header_or_stream_is_cut() throws IOException {
        Path header = file("header.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0, 0});
        assertThatThrownBy(() -> CaptureReader.read(header, ReadOptions.DEFAULT))
                .hasMessage(header + ": damaged in the file header, byte offset 0: the gzip stream is damaged: gzip member 1 "
                        + "(at byte 0 of the compressed file): the header is cut short: unexpected end of file");
        byte[] gz = gzip(fixture("vlan-rst-with-data.pcap"));
        Path cut = file("cut.pcap.gz", Arrays.copyOf(gz, gz.length - 30));
        CaptureData data = CaptureReader.read(cut, ReadOptions.DEFAULT);
        assertThat(data.error()).get().extracting(CaptureFormatException::reason).asString()
                .isEqualTo("the gzip stream is damaged: gzip member 1 (at byte 0 of the compressed file): it is cut short: "
                        + "unexpected end of file");
        Path notGzip = file("bad-header.gz", concat(new byte[] {0x1f, (byte) 0x8b, 7}, new byte[40]));
        assertThatThrownBy(() -> CaptureReader.read(notGzip, ReadOptions.DEFAULT)).hasMessageNotContaining("null")
                .hasMessage(notGzip + ": damaged in the file header, byte offset 0: the gzip stream is damaged: gzip member 1 "
                        + "(at byte 0 of the compressed file): compression method 7 is not deflate (8)");
    }

    // ------------------------------------------------------------------ pcapng fields printed unsigned

    @Test
    void should_print_unsigned_values_when_pcapng_fields_have_the_top_bit_set() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.pcapng(b, ByteOrder.LITTLE_ENDIAN)) {
            w.addInterface(CaptureWriter.LINKTYPE_ETHERNET, 0, CaptureWriter.Resolution.NANOS);
            w.write(0, 1_000, new byte[20], 20, 20);
        }
        byte[] good = b.toByteArray();
        int epb = good.length - 52; // the enhanced packet block: 32 bytes of header and trailer, 20 of data
        byte[] trailer = good.clone();
        ByteBuffer.wrap(trailer).order(ByteOrder.LITTLE_ENDIAN).putInt(trailer.length - 4, -1);
        assertThat(CaptureReader.read(file("trailer.pcapng", trailer), ReadOptions.DEFAULT).error()).get()
                .extracting(CaptureFormatException::reason).isEqualTo("block length 52 does not match its trailing copy 4294967295");
        byte[] iface = good.clone();
        ByteBuffer.wrap(iface).order(ByteOrder.LITTLE_ENDIAN).putInt(epb + 8, Integer.MIN_VALUE);
        assertThat(CaptureReader.read(file("iface.pcapng", iface), ReadOptions.DEFAULT).error()).get()
                .extracting(CaptureFormatException::reason).isEqualTo("packet refers to interface 2147483648, the section defines 1");
    }

    // ------------------------------------------------------------------ link types by name

    @Test
    void should_name_the_link_type_when_it_is_not_decoded() {
        assertThat(Fixtures.read("fddi-unsupported.pcap").issues()).extracting(Issue::reason)
                .containsExactly("link type fddi (10) is not decoded: 1333 packets counted, not analysed");
    }

    // ------------------------------------------------------------------ what the decoder stops following

    private static byte[] rst() {
        return Frames.ipv4("192.0.2.1", "192.0.2.2").tcp(Frames.tcp(40000, 443).flags(Frames.RST), new byte[0]);
    }

    private static CaptureData read(Path f) {
        return CaptureReader.read(f, ReadOptions.DEFAULT);
    }

    @Test
    void should_record_an_issue_when_an_rst_hides_behind_too_many_ipv6_extension_headers() throws IOException {
        Frames.Extension[] chain = new Frames.Extension[17];
        Arrays.fill(chain, Frames.destinationOptions());
        byte[] ip6 = Frames.ipv6("2001:db8::1", "2001:db8::2").extensions(chain)
                .tcp(Frames.tcp(40000, 443).flags(Frames.RST), new byte[0]);
        CaptureData data = read(file("ext.pcap", pcap(Frames.ethernet(MAC_A, MAC_B, Frames.ETHERTYPE_IPV6, ip6))));

        assertThat(data.issues()).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(IssueKind.TOO_DEEP);
            assertThat(i.frame()).isEqualTo(1);
            assertThat(i.offset()).isEqualTo(24);
            assertThat(i.reason()).isEqualTo("more than 16 IPv6 extension headers: not decoded past byte 182 of the packet");
        });
    }

    @Test
    void should_record_an_issue_when_an_rst_hides_behind_too_many_mpls_labels() throws IOException {
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        for (int i = 0; i < 17; i++) {
            labels.write(new byte[] {0, 0x10, (byte) (i == 16 ? 1 : 0), 64}, 0, 4);
        }
        byte[] frame = Frames.ethernet(MAC_A, MAC_B, 0x8847, concat(labels.toByteArray(), rst()));
        CaptureData data = read(file("mpls.pcap", pcap(frame)));

        assertThat(data.issues()).extracting(Issue::kind, Issue::reason).containsExactly(org.assertj.core.groups.Tuple.tuple(
                IssueKind.TOO_DEEP, "more than 16 MPLS labels: not decoded past byte 78 of the packet"));
    }

    @Test
    void should_record_an_issue_when_an_rst_hides_behind_nested_provider_bridging_or_ip_in_ip() throws IOException {
        byte[] inner = Frames.ethernet(MAC_A, MAC_B, Frames.ETHERTYPE_IPV4, rst());
        for (int i = 0; i < 4; i++) {
            inner = Frames.ethernet(MAC_A, MAC_B, 0x88e7, concat(new byte[4], inner));
        }
        byte[] tunnelled = rst();
        for (int i = 0; i < 5; i++) {
            tunnelled = Frames.ipv4("198.51.100.1", "198.51.100.2").packet(4, tunnelled);
        }
        CaptureData data = read(file("nested.pcap", pcap(inner, Frames.ethernet(MAC_A, MAC_B, Frames.ETHERTYPE_IPV4, tunnelled))));

        assertThat(data.issues()).extracting(Issue::frame, Issue::kind, Issue::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, IssueKind.TOO_DEEP,
                        "more than 4 nested Ethernet headers (802.1ah, FabricPath): not decoded past byte 72 of the packet"),
                org.assertj.core.groups.Tuple.tuple(2L, IssueKind.TOO_DEEP,
                        "more than 4 nested IP-in-IP tunnels: not decoded past byte 114 of the packet"));
    }

    // ------------------------------------------------------------------ bounded issues

    @Test
    void should_count_every_issue_and_list_only_the_first_when_every_packet_is_bad() throws IOException {
        byte[] empty = new byte[0];
        byte[][] frames = new byte[IssueLog.LISTED + 500][];
        Arrays.fill(frames, empty);
        CaptureData data = read(file("empty-records.pcap", pcap(frames)));

        assertThat(data.stats().packets()).isEqualTo(IssueLog.LISTED + 500);
        assertThat(data.issueCount()).isEqualTo(IssueLog.LISTED + 500);
        assertThat(data.issues()).hasSize(IssueLog.LISTED + 1);
        assertThat(data.issues().get(0).reason()).isEqualTo("Ethernet header needs 14 bytes, the packet has 0");
        Issue more = data.issues().get(IssueLog.LISTED);
        assertThat(more.frame()).isEqualTo(IssueLog.LISTED + 500);
        assertThat(more.reason()).isEqualTo("500 more issues like \"Ethernet header needs … bytes, the packet has …\", "
                + "the last at this packet, are counted and not listed (only the first " + IssueLog.LISTED + " issues are)");
        assertThat(List.of(data.issues().get(1).kind(), more.kind())).containsOnly(IssueKind.INVALID);
    }
}
