package io.rstscope.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every capture under {@code ../shared/captures}: rstscope's packet, TCP and RST counts equal tshark's.
 *
 * <p>Two documented rules make rstscope differ from tshark, and the comparison applies them:
 * <ul>
 *   <li>TCP inside UDP or GRE tunnels (VXLAN, Geneve, GTP, Teredo, AYIYA, GRE) is not decoded; those
 *       packets are compared on the TCP that sits directly on IP (IP-in-IP is decoded).</li>
 *   <li>Wireshark guesses at the 1999-era "modified" pcap record formats when a standard record header
 *       makes no sense; rstscope reads the standard format only and reports the damage
 *       ({@link #STANDARD_FORMAT_ONLY}).</li>
 * </ul>
 */
class TsharkCorpusTest {

    /** Files where tshark switched to a modified pcap record format; what rstscope reads instead. */
    static final Map<String, long[]> STANDARD_FORMAT_ONLY = Map.of(
            // tshark reads 2 packets with 24-byte record headers; the standard header of packet 2 claims 1409179648 bytes.
            "suricata-verify__bug-6875-01__fuzz.pcap", new long[] {1, 1, 0});

    private static ExecutorService pool;
    private static final Map<Path, Future<Tshark.Counts>> ORACLE = new LinkedHashMap<>();

    @BeforeAll
    static void runTsharkInParallel() {
        assertThat(Tshark.available())
                .as("tshark must be installed for the corpus test (the README's test command installs it)")
                .isTrue();
        pool = Executors.newFixedThreadPool(2);
        for (Path f : SharedCaptures.all()) {
            ORACLE.put(f, pool.submit(() -> Tshark.count(f)));
        }
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    @TestFactory
    Stream<DynamicTest> should_count_like_tshark_for_every_shared_capture() {
        List<Path> files = SharedCaptures.all();
        assertThat(files).hasSizeGreaterThan(100);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getParent().getFileName() + "/" + f.getFileName(),
                () -> compare(f, ORACLE.get(f).get())));
    }

    private static void compare(Path file, Tshark.Counts t) {
        CaptureData data;
        try {
            data = CaptureReader.read(file, ReadOptions.DEFAULT);
        } catch (CaptureFormatException e) {
            // Nothing readable at all: tshark must agree that the file is not a capture it can read.
            assertThat(t.packets()).as("packets tshark read from " + file).isZero();
            assertThat(t.error()).as("tshark's complaint about " + file).isNotEmpty();
            assertThat(e.getMessage()).startsWith(file + ": damaged in the file header, byte offset ");
            return;
        }
        CaptureStats s = data.stats();
        long[] own = STANDARD_FORMAT_ONLY.get(file.getFileName().toString());
        if (own != null) {
            assertThat(new long[] {s.packets(), s.tcpPackets(), s.rstPackets()}).containsExactly(own);
            assertThat(data.error()).isPresent();
            return;
        }
        assertThat(s.packets()).as("packets in " + file).isEqualTo(t.packets());
        if (Arrays.stream(data.linkTypes()).allMatch(lt -> LinkType.of(lt) == null)) {
            // A link type rstscope does not decode: counted and reported, never guessed at.
            assertThat(s.tcpPackets()).isZero();
            assertThat(data.issues()).as("issues of " + file).extracting(Issue::kind).containsOnly(IssueKind.UNSUPPORTED);
            return;
        }
        boolean tunnels = t.tcp() != t.directTcp();
        assertThat(s.tcpPackets()).as("TCP packets in " + file + (tunnels ? " (carried directly on IP)" : ""))
                .isEqualTo(t.directTcp());
        assertThat(s.rstPackets()).as("RST packets in " + file).isEqualTo(t.directRst());
        assertThat(data.error().isPresent()).as("damage reported for " + file + " (tshark said: " + t.error() + ")")
                .isEqualTo(!t.error().isEmpty() && t.error().matches(".*(damaged|corrupt|cut short).*"));
    }
}
