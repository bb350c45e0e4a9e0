package io.rstscope.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every synthetic fixture (written by {@link FixtureGenerator}) against the counts tshark reported for
 * it and the issues a careful reader must flag, as listed in {@code synthetic/expected.tsv}.
 */
class SyntheticFixturesTest {

    record Expected(String file, long packets, long tcp, long rst, long ipv6, String truncated, String invalid,
                    String errorAfter, String errorOffset) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Expected> expected() throws IOException {
        try (InputStream in = SyntheticFixturesTest.class.getResourceAsStream("/captures/synthetic/expected.tsv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
            return lines.stream().map(l -> l.split("\t")).map(f -> new Expected(f[0], Long.parseLong(f[1]),
                    Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]), f[5], f[6], f[7], f[8]))
                    .toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expected")
    void should_match_tshark_and_flag_bad_packets_when_reading_each_synthetic_fixture(Expected e) {
        Path file = Fixtures.capture("synthetic/" + e.file());
        if (e.file().equals("damaged-bad-magic.pcap")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> CaptureReader.read(file, ReadOptions.DEFAULT))
                    .isInstanceOf(CaptureFormatException.class)
                    .hasMessageStartingWith(file + ": damaged in the file header, byte offset 0: not a capture file");
            return;
        }
        CaptureData data = CaptureReader.read(file, ReadOptions.DEFAULT);
        CaptureStats s = data.stats();

        assertThat(s.packets()).as("packets").isEqualTo(e.packets());
        if (e.file().equals("unsupported-linktype.pcap")) {
            // tshark decodes 802.11; rstscope counts the link type and reports it, it does not guess.
            assertThat(s.tcpPackets()).isZero();
            assertThat(data.issues()).extracting(Issue::kind).containsExactly(IssueKind.UNSUPPORTED);
            assertThat(data.issues().get(0).reason())
                    .isEqualTo("link type ieee-802-11 (105) is not decoded: 2 packets counted, not analysed");
            return;
        }
        assertThat(s.tcpPackets()).as("tcp packets").isEqualTo(e.tcp());
        assertThat(s.rstPackets()).as("rst packets").isEqualTo(e.rst());
        assertThat(s.ipv6Packets()).as("ipv6 packets").isEqualTo(e.ipv6());
        assertThat(data.issues().stream().filter(i -> i.kind() == IssueKind.TRUNCATED).count())
                .as("truncated issues").isEqualTo(Long.parseLong(e.truncated()));
        assertThat(data.issues().stream().filter(i -> i.kind() == IssueKind.INVALID).count())
                .as("invalid issues: " + data.issues()).isEqualTo(Long.parseLong(e.invalid()));
        if (e.errorAfter().equals("-")) {
            assertThat(data.error()).as("damage").isEmpty();
        } else {
            assertThat(data.error()).as("damage").isPresent();
            CaptureFormatException x = data.error().get();
            assertThat(x.packet()).isEqualTo(Long.parseLong(e.errorAfter()) + 1);
            assertThat(x.offset()).isEqualTo(Long.parseLong(e.errorOffset()));
            assertThat(x.getMessage()).startsWith(file + ": damaged at packet " + x.packet() + ", byte offset " + x.offset() + ": ");
        }
    }
}
