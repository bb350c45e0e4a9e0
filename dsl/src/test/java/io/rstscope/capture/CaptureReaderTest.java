package io.rstscope.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rstscope.RstscopeException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaptureReaderTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // file,                          format,   link types,                 packets, tcp, rst, ipv6
            "syn-then-rst.pcap,               PCAP,     ether,                      2,       2,   1,   0",
            "nsec-pcap-http-to-ssh-rst.pcap,  PCAP_NSEC, ether,                     9,       9,   2,   0",
            "linux-sll-nsec-handshake.pcap,   PCAP_NSEC, linux-sll,                 3,       3,   0,   0",
            "linux-sll2-tls.pcap,             PCAP,     linux-sll2,                 6,       6,   0,   0",
            "null-loopback-rst.pcap,          PCAP,     null,                       12,      12,  3,   2",
            "raw-ip-mptcp-rst.pcap,           PCAP,     rawip,                      2,       2,   2,   0",
            "raw-ip-tfo-rst.pcap,             PCAP,     rawip,                      29,      29,  3,   0",
            "big-endian-pptp.pcap,            PCAP,     ether,                      23,      22,  0,   0",
            "vlan-rst-with-data.pcap,         PCAP,     ether,                      8,       8,   1,   0",
            "qinq-no-tcp.pcap,                PCAP,     ether,                      2,       0,   0,   0",
            "ipv6-ftp-rst.pcap,               PCAP,     ether,                      50,      50,  2,   50",
            "rst-inject-rae.pcap,             PCAP,     ether,                      9,       9,   3,   0",
            "pcapng-126-interfaces.pcapng,    PCAPNG,   ether linux-sll linktype-274, 18,    18,  1,   18",
            "null-rst-snaplen-50.pcap,        PCAP,     null,                       1,       1,   1,   0",
    })
    void should_count_packets_like_tshark_when_reading_each_format_and_link_type(
            String file, CaptureFormat format, String links, long packets, long tcp, long rst, long ipv6) {
        CaptureData data = Fixtures.read(file);

        assertThat(data.error()).isEmpty();
        assertThat(data.format()).isEqualTo(format);
        assertThat(java.util.Arrays.stream(data.linkTypes()).mapToObj(LinkType::label).distinct())
                .containsExactly(links.split(" "));
        assertThat(data.stats().packets()).isEqualTo(packets);
        assertThat(data.stats().tcpPackets()).isEqualTo(tcp);
        assertThat(data.stats().rstPackets()).isEqualTo(rst);
        assertThat(data.stats().ipv6Packets()).isEqualTo(ipv6);
    }

    @Test
    void should_neither_decode_nor_count_the_records_a_skipping_sink_passes_over() {
        Path file = Fixtures.capture("ipv6-ftp-rst.pcap");
        CaptureData all = CaptureReader.read(file, ReadOptions.DEFAULT.withoutPackets());
        List<Long> seen = new ArrayList<>();
        List<Long> skippedTimes = new ArrayList<>();
        CaptureData odd = CaptureReader.read(file, ReadOptions.DEFAULT.withoutPackets(), new SkippingSink() {
            @Override
            public boolean skips(long frame, long tsNanos) {
                if (frame % 2 == 0) {
                    skippedTimes.add(tsNanos);
                    return true;
                }
                return false;
            }

            @Override
            public void accept(DecodedPacket p) {
                seen.add(p.frame());
            }
        });

        long n = all.stats().packets();
        assertThat(n).isGreaterThan(3);
        assertThat(seen).hasSize((int) ((n + 1) / 2)).allMatch(f -> f % 2 == 1);
        assertThat(odd.stats().packets()).isEqualTo((n + 1) / 2);
        assertThat(skippedTimes).hasSize((int) (n / 2)).allMatch(t -> t > 0);
    }

    @Test
    void should_decode_every_header_field_when_reading_a_nanosecond_handshake() {
        PacketColumns p = Fixtures.read("linux-sll-nsec-handshake.pcap").packets();

        assertThat(p.size()).isEqualTo(3);
        // SYN: 131.155.215.69:46656 -> 137.116.81.94:80, as tshark shows it.
        assertThat(p.ts(0)).isEqualTo(1418145369924505488L);
        assertThat(p.addresses().text(p.src(0))).isEqualTo("131.155.215.69");
        assertThat(p.addresses().text(p.dst(0))).isEqualTo("137.116.81.94");
        assertThat(p.sport(0)).isEqualTo(46656);
        assertThat(p.dport(0)).isEqualTo(80);
        assertThat(p.flags(0)).isEqualTo(DecodedPacket.SYN);
        assertThat(Integer.toUnsignedLong(p.seq(0))).isEqualTo(797190859L);
        assertThat(p.win(0)).isEqualTo(27200);
        assertThat(p.mss(0)).isEqualTo(1360);
        assertThat(p.wscale(0)).isEqualTo(7);
        assertThat(p.tsPresent(0)).isTrue();
        assertThat(Integer.toUnsignedLong(p.tsval(0))).isEqualTo(1131021154L);
        assertThat(p.ttl(0)).isEqualTo(64);
        assertThat(p.ipId(0)).isEqualTo(0x29a9);
        // SYN/ACK from the server, 53 hops further away.
        assertThat(p.flags(1)).isEqualTo(DecodedPacket.SYN | DecodedPacket.ACK);
        assertThat(Integer.toUnsignedLong(p.seq(1))).isEqualTo(3078856592L);
        assertThat(Integer.toUnsignedLong(p.ack(1))).isEqualTo(797190860L);
        assertThat(p.ttl(1)).isEqualTo(117);
        assertThat(p.mss(1)).isEqualTo(1440);
        assertThat(p.wscale(1)).isEqualTo(8);
        assertThat(Integer.toUnsignedLong(p.tsecr(1))).isEqualTo(1131021154L);
        // The third ACK carries no MSS or window scale.
        assertThat(p.mss(2)).isEqualTo(-1);
        assertThat(p.wscale(2)).isEqualTo(-1);
        assertThat(p.ts(2)).isEqualTo(1418145370052115157L);
    }

    @Test
    void should_print_ipv6_addresses_in_rfc5952_form_when_reading_ipv6() {
        PacketColumns p = Fixtures.read("ipv6-ftp-rst.pcap").packets();

        assertThat(p.addresses().text(p.src(0))).isEqualTo("2001:470:1f05:17a6:d69a:20ff:fefd:6b88");
        assertThat(p.addresses().text(p.dst(0))).isEqualTo("2400:3000:20:100::46");
        assertThat(p.ipVersion(0)).isEqualTo(6);
        assertThat(p.ttl(0)).isEqualTo(64);
        assertThat(p.ipId(0)).isEqualTo(-1);
        assertThat(p.mss(0)).isEqualTo(1440);
        assertThat(p.wscale(0)).isEqualTo(6);
    }

    @Test
    void should_record_a_truncated_issue_and_keep_the_packet_when_the_snap_length_cuts_tcp_options() {
        CaptureData data = Fixtures.read("snaplen-68-truncated-header.pcap");

        assertThat(data.issues()).containsExactly(new Issue(1, 1103139821634774000L, IssueKind.TRUNCATED,
                "TCP options cut by the snap length: 34 of 40 bytes captured", 24));
        assertThat(data.packets().size()).isEqualTo(24);
        assertThat(data.packets().mss(0)).isEqualTo(1460);
        assertThat(data.packets().tsPresent(0)).isFalse();
    }

    @Test
    void should_count_payload_from_the_ip_length_when_the_snap_length_cuts_the_payload() {
        PacketColumns p = Fixtures.read("null-rst-snaplen-50.pcap").packets();

        assertThat(p.size()).isEqualTo(1);
        assertThat(p.flags(0) & DecodedPacket.RST).isNotZero();
        assertThat(p.payloadLen(0)).isGreaterThan(50 - 4 - 20 - 20);
    }

    @Test
    void should_report_one_unsupported_issue_when_the_link_type_is_not_decoded() {
        CaptureData data = Fixtures.read("fddi-unsupported.pcap");

        assertThat(data.stats().packets()).isEqualTo(1333);
        assertThat(data.stats().tcpPackets()).isZero();
        assertThat(data.issues()).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(IssueKind.UNSUPPORTED);
            assertThat(i.frame()).isEqualTo(1);
            assertThat(i.reason()).isEqualTo("link type fddi (10) is not decoded: 1333 packets counted, not analysed");
        });
    }

    @Test
    void should_keep_the_packets_before_the_damage_when_a_record_header_claims_too_many_bytes() {
        Path file = Fixtures.capture("damaged-huge-record-fuzz.pcap");
        CaptureData data = CaptureReader.read(file, ReadOptions.DEFAULT);

        assertThat(data.stats().packets()).isEqualTo(1);
        assertThat(data.error()).get().satisfies(e -> {
            assertThat(e.getMessage()).isEqualTo(file + ": damaged at packet 2, byte offset 228: record header "
                    + "claims 1409179648 captured bytes, more than the maximum of 262144");
            assertThat(e.packet()).isEqualTo(2);
            assertThat(e.offset()).isEqualTo(228);
            assertThat(e.file()).isEqualTo(file);
        });
    }

    @Test
    void should_throw_with_file_and_offset_when_the_pcap_version_is_not_2() {
        Path file = Fixtures.capture("damaged-pcap-version-1.pcap");

        assertThatThrownBy(() -> CaptureReader.read(file, ReadOptions.DEFAULT))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage(file + ": damaged in the file header, byte offset 4: pcap version 1.4 is not supported (expected 2.x)");
    }

    @Test
    void should_throw_with_the_option_when_a_section_header_option_overruns_its_block() {
        Path file = Fixtures.capture("damaged-shb-option-too-long.pcapng");

        assertThatThrownBy(() -> CaptureReader.read(file, ReadOptions.DEFAULT))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage(file + ": damaged in the file header, byte offset 24: option 12336 of length 12336 "
                        + "runs past the end of its block (20 bytes left)");
    }

    @Test
    void should_say_not_a_capture_when_the_magic_is_unknown() throws IOException {
        Path file = tmp.resolve("notes.pcap");
        Files.writeString(file, "<html>not a capture</html>");

        assertThatThrownBy(() -> CaptureReader.read(file, ReadOptions.DEFAULT))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage(file + ": damaged in the file header, byte offset 0: not a capture file: it starts with "
                        + "0x3c68746d (expected the magic of pcap a1b2c3d4 or a1b23c4d, pcapng 0a0d0d0a, or gzip 1f8b)");
    }

    @Test
    void should_say_no_such_file_when_the_file_is_missing() {
        Path file = tmp.resolve("missing.pcap");

        assertThatThrownBy(() -> CaptureReader.read(file, ReadOptions.DEFAULT))
                .isInstanceOf(RstscopeException.class)
                .hasMessage(file + ": no such file");
    }

    @Test
    void should_detect_gzip_by_magic_when_the_name_says_pcap() throws IOException {
        Path file = tmp.resolve("looks-plain.pcap");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            Files.copy(Fixtures.capture("ipv6-ftp-rst.pcap"), out);
        }

        CaptureData data = CaptureReader.read(file, ReadOptions.DEFAULT);

        assertThat(data.compressed()).isTrue();
        assertThat(data.formatLabel()).isEqualTo("pcap (gzip compressed)");
        assertThat(data.stats().tcpPackets()).isEqualTo(50);
        assertThat(data.stats().rstPackets()).isEqualTo(2);
    }

    @Test
    void should_report_the_damage_when_a_gzip_stream_is_cut_short() throws IOException {
        Path whole = tmp.resolve("whole.pcap.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(whole))) {
            Files.copy(Fixtures.capture("ipv6-ftp-rst.pcap"), out);
        }
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = tmp.resolve("cut.pcap.gz");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        CaptureData data = CaptureReader.read(cut, ReadOptions.DEFAULT);

        assertThat(data.error()).isPresent();
        assertThat(data.stats().packets()).isBetween(1L, 49L);
        assertThat(data.error().get().getMessage()).startsWith(cut + ": damaged at packet " + (data.stats().packets() + 1));
    }

    @Test
    void should_skip_the_packets_columns_when_reading_flows_only() {
        CaptureData data = CaptureReader.read(Fixtures.capture("ipv6-ftp-rst.pcap"), ReadOptions.DEFAULT.withoutPackets());

        assertThat(data.packets()).isNull();
        assertThat(data.stats().tcpPackets()).isEqualTo(50);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "damaged-huge-record.pcap | damaged at packet 4, byte offset 286: record header claims 16777216 captured bytes, more than the maximum of 262144",
            "damaged-pcapng-bad-block-length.pcapng | damaged at packet 4, byte offset 364: block length 98 is invalid (expected a multiple of 4 from 12 to 16777216)",
            "damaged-pcapng-trailer-mismatch.pcapng | damaged at packet 4, byte offset 364: block length 100 does not match its trailing copy 96",
            "damaged-record-length-past-eof.pcap | damaged at packet 4, byte offset 286: file ends inside the packet: record claims 1000 captured bytes, 40 are left",
            "cut-mid-packet.pcap | damaged at packet 4, byte offset 286: file ends inside the packet: record claims 99 captured bytes, 49 are left",
    })
    void should_name_file_packet_and_offset_and_keep_three_packets_when_the_file_is_damaged(String name, String message) {
        Path file = Fixtures.capture("synthetic/" + name);

        CaptureData data = CaptureReader.read(file, ReadOptions.DEFAULT);

        assertThat(data.error()).get().extracting(Throwable::getMessage).isEqualTo(file + ": " + message);
        assertThat(data.stats().packets()).isEqualTo(3);
        assertThat(data.packets().size()).isEqualTo(3);
    }

    @Test
    void should_give_the_value_and_the_limit_when_a_header_field_is_invalid() {
        CaptureData data = Fixtures.read("synthetic/invalid-headers.pcap");

        assertThat(data.issues()).extracting(Issue::frame, Issue::kind, Issue::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3L, IssueKind.INVALID, "IPv4 header length 16 is less than the minimum of 20"),
                org.assertj.core.groups.Tuple.tuple(4L, IssueKind.INVALID, "IPv4 total length 16 is less than the header length 20"),
                org.assertj.core.groups.Tuple.tuple(5L, IssueKind.INVALID, "TCP data offset 16 is less than the minimum of 20 bytes"),
                org.assertj.core.groups.Tuple.tuple(6L, IssueKind.INVALID, "TCP header length 60 exceeds the 24 bytes of the segment"),
                org.assertj.core.groups.Tuple.tuple(7L, IssueKind.INVALID, "IP version 7 in an IPv4 header (expected 4)"));
        // The valid packets around the bad ones are all read.
        assertThat(data.stats().packets()).isEqualTo(10);
        assertThat(data.packets().size()).isEqualTo(5);
    }

    @Test
    void should_never_read_a_later_fragment_as_tcp() {
        CaptureData data = Fixtures.read("synthetic/ipv4-fragments.pcap");

        // The later fragments' first bytes look like a TCP RST header; only the first fragments are TCP.
        assertThat(data.stats().fragments()).isPositive();
        assertThat(data.stats().tcpPackets()).isEqualTo(6);
        assertThat(data.stats().rstPackets()).isEqualTo(1);
        for (int row = 0; row < data.packets().size(); row++) {
            if (data.packets().fragment(row)) {
                assertThat(data.packets().flags(row) & DecodedPacket.RST).as("row " + row).isZero();
            }
        }
    }
}
