package io.rstscope.teach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rstscope.Capture;
import io.rstscope.Rst;
import io.rstscope.capture.CaptureData;
import io.rstscope.capture.CaptureReader;
import io.rstscope.capture.Frames;
import io.rstscope.capture.PacketColumns;
import io.rstscope.capture.ReadOptions;
import io.rstscope.reset.Cause;
import io.rstscope.reset.Form;
import io.rstscope.reset.Origin;
import io.rstscope.reset.SeqCheck;
import io.rstscope.reset.Stage;
import io.rstscope.reset.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScenarioTest {

    @TempDir
    static Path tmp;

    private static final Map<Scenario, Path> FILES = new EnumMap<>(Scenario.class);

    @BeforeAll
    static void writeEveryScenario() {
        for (Scenario s : Scenario.values()) {
            Path f = tmp.resolve(s.fileName());
            s.write(f);
            FILES.put(s, f);
        }
    }

    /** One TCP segment as read back by rstscope's own reader. */
    private record Seg(int frame, int version, int src, int dst, int sport, int dport, int flags, long seq, long ack,
                       int len, int win, int ttl, int ipId, boolean ts) {

        boolean has(int flag) {
            return (flags & flag) != 0;
        }

        boolean sameDirection(Seg o) {
            return src == o.src && dst == o.dst && sport == o.sport && dport == o.dport;
        }

        boolean reverse(Seg o) {
            return src == o.dst && dst == o.src && sport == o.dport && dport == o.sport;
        }

        /** The sequence number after this segment: payload, SYN and FIN each count. */
        long end() {
            return seq + len + (has(Frames.SYN) ? 1 : 0) + (has(Frames.FIN) ? 1 : 0);
        }
    }

    private static List<Seg> segments(Scenario s) {
        CaptureData data = CaptureReader.read(FILES.get(s), ReadOptions.DEFAULT);
        assertThat(data.issues()).as("decoding issues in %s", s).isEmpty();
        PacketColumns p = data.packets();
        List<Seg> out = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            out.add(new Seg(p.frame(i), p.ipVersion(i), p.src(i), p.dst(i), p.sport(i), p.dport(i), p.flags(i),
                    Integer.toUnsignedLong(p.seq(i)), Integer.toUnsignedLong(p.ack(i)), p.payloadLen(i), p.win(i),
                    p.ttl(i), p.ipId(i), p.tsPresent(i)));
        }
        return out;
    }

    @Test
    void should_write_the_same_bytes_every_time_when_played_again() throws IOException {
        for (Scenario s : Scenario.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            s.write(out);
            assertThat(out.toByteArray()).as(s.name()).isEqualTo(s.bytes())
                    .isEqualTo(Files.readAllBytes(FILES.get(s)));
            assertThat(s.labels()).as(s.name()).isEqualTo(s.labels());
        }
    }

    @Test
    void should_show_every_cause_when_asked_for_the_scenario_of_each() {
        for (Cause c : Cause.values()) {
            Scenario s = Scenario.of(c);
            assertThat(s.cause()).isEqualTo(c);
            assertThat(s.labels()).as(s.name()).extracting(Label::cause).contains(c);
            assertThat(s.title()).isNotBlank();
            assertThat(s.explanation()).as(s.name()).hasSizeGreaterThan(300);
        }
        assertThat(Arrays.stream(Scenario.values()).map(Scenario::fileName).distinct())
                .hasSize(Scenario.values().length);
    }

    @Test
    void should_label_every_rst_and_nothing_else_when_read_back() {
        for (Scenario s : Scenario.values()) {
            Set<Long> rsts = segments(s).stream().filter(g -> g.has(Frames.RST)).map(g -> (long) g.frame())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(s.labels()).as(s.name()).extracting(Label::frame).containsExactlyElementsOf(rsts);
        }
    }

    @Test
    void should_use_documentation_addresses_only_when_building_packets() {
        for (Scenario s : Scenario.values()) {
            CaptureData data = CaptureReader.read(FILES.get(s), ReadOptions.DEFAULT);
            for (int id = 0; id < data.addresses().size(); id++) {
                assertThat(data.addresses().text(id)).as(s.name())
                        .matches("192\\.0\\.2\\.\\d+|198\\.51\\.100\\.\\d+|203\\.0\\.113\\.\\d+|2001:db8:.*");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void should_read_cleanly_in_tshark_with_the_rsts_at_the_labelled_frames(Scenario s) throws Exception {
        Process p = new ProcessBuilder("tshark", "-n", "-r", FILES.get(s).toString(),
                "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE",
                "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,",
                "-e", "frame.number", "-e", "tcp.flags.reset", "-e", "tcp.checksum.status", "-e", "ip.checksum.status",
                "-e", "_ws.malformed", "-e", "_ws.expert.severity")
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(err.lines().filter(l -> !l.startsWith("Running as user"))).as("tshark's complaints").isEmpty();
        List<Long> rsts = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", -1);
            assertThat(f[2]).as("TCP checksum status of frame %s (1 = good)", f[0]).isEqualTo("1");
            if (!f[3].isEmpty()) {
                assertThat(f[3]).as("IPv4 checksum status of frame %s", f[0]).isEqualTo("1");
            }
            assertThat(f[4]).as("malformed frame %s", f[0]).isEmpty();
            assertThat(f[5]).as("expert errors in frame %s", f[0]).doesNotContain("8388608");
            if (f[1].equals("1") || f[1].equalsIgnoreCase("true")) {
                rsts.add(Long.parseLong(f[0]));
            }
        }
        assertThat(rsts).isEqualTo(s.labels().stream().map(Label::frame).toList());
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void should_carry_the_wire_marks_of_its_story_when_a_reset_is_labelled(Scenario s) {
        List<Seg> all = segments(s);
        for (Label l : s.labels()) {
            Seg r = all.stream().filter(g -> g.frame() == l.frame()).findFirst().orElseThrow();
            String what = s + " frame " + l.frame();
            List<Seg> before = all.stream().filter(g -> g.frame() < r.frame()).toList();
            List<Seg> fromSender = before.stream().filter(g -> g.sameDirection(r) && !g.has(Frames.RST)).toList();
            List<Seg> fromReceiver = before.stream().filter(g -> g.reverse(r)).toList();

            assertThat(r.has(Frames.RST)).as(what).isTrue();
            assertThat(r.has(Frames.ACK)).as(what + ": form " + l.form()).isEqualTo(l.form() == Form.RST_ACK);
            checkSeq(l.seqCheck(), r, fromSender, fromReceiver, what);

            Integer baseline = baseline(all, r);
            boolean senderUsesTimestamps = !fromSender.isEmpty() && fromSender.get(fromSender.size() - 1).ts();
            boolean probe = r.has(Frames.SYN);
            if (l.origin() == Origin.ENDPOINT && !probe) {
                if (l.form() == Form.RST || l.seqCheck() == SeqCheck.REPLY_TO_SYN) {
                    // A reset built without a socket: bare of everything (RFC 9293 §3.10.7.1, Linux).
                    assertThat(r.win()).as(what + ": window of a passive reset").isZero();
                    assertThat(r.ts()).as(what + ": timestamps on a passive reset").isFalse();
                    if (r.version() == 4) {
                        assertThat(r.ipId()).as(what + ": IP ID of a passive reset").isZero();
                    }
                } else {
                    // An active reset from the socket: its window, its timestamps, its IP ID counter.
                    assertThat(r.win()).as(what + ": window of an active reset").isPositive();
                    assertThat(r.ts()).as(what + ": timestamps as the sender's other segments")
                            .isEqualTo(senderUsesTimestamps);
                    if (r.version() == 4) {
                        assertThat(r.ipId()).as(what + ": IP ID of an active reset").isNotZero();
                    }
                }
                if (baseline != null) {
                    assertThat(r.ttl()).as(what + ": TTL of the claimed sender's own reset").isEqualTo(baseline);
                }
            }
            if (l.origin() == Origin.MIDDLEBOX) {
                assertThat(baseline).as(what + ": a TTL baseline to tell a middlebox by").isNotNull();
                assertThat(r.ttl()).as(what + ": TTL of a middlebox's reset").isNotEqualTo(baseline);
            }
            if (l.verdict() == Verdict.FORGED && !fromSender.isEmpty()) {
                // (a router's REJECT of a SYN is forged too, in a connection where the server never spoke)
                assertThat(senderUsesTimestamps).as(what + ": the flow uses timestamps").isTrue();
                assertThat(r.ts()).as(what + ": timestamps on a forged reset").isFalse();
            }
            if (l.stage() == Stage.STRAY) {
                assertThat(all).as(what + ": nothing else of a stray reset's tuple")
                        .filteredOn(g -> g.frame() != r.frame() && (g.sameDirection(r) || g.reverse(r))).isEmpty();
            }
        }
    }

    /** The one TTL of the claimed sender's other, non-RST packets (any tuple), or null if none or several. */
    private static Integer baseline(List<Seg> all, Seg r) {
        Set<Integer> ttls = all.stream().filter(g -> g.src() == r.src() && !g.has(Frames.RST)).map(Seg::ttl)
                .collect(Collectors.toSet());
        return ttls.size() == 1 ? ttls.iterator().next() : null;
    }

    private static void checkSeq(SeqCheck check, Seg r, List<Seg> fromSender, List<Seg> fromReceiver, String what) {
        String as = what + ": " + check;
        switch (check) {
            case REPLY_TO_SYN -> {
                Seg syn = fromReceiver.get(fromReceiver.size() - 1);
                assertThat(syn.has(Frames.SYN) && !syn.has(Frames.ACK)).as(as).isTrue();
                assertThat(r.seq()).as(as).isZero();
                assertThat(r.ack()).as(as + ": ack = the SYN's seq + its length").isEqualTo(syn.end());
            }
            case REPLY_TO_ACK -> {
                Seg answered = fromReceiver.get(fromReceiver.size() - 1);
                assertThat(answered.has(Frames.ACK)).as(as).isTrue();
                assertThat(r.seq()).as(as + ": seq = the answered segment's ack").isEqualTo(answered.ack());
            }
            case EXACT, IN_WINDOW -> {
                long next = fromSender.stream().mapToLong(Seg::end).max().orElseThrow();
                if (check == SeqCheck.EXACT) {
                    assertThat(r.seq()).as(as + ": seq = the sender's next").isEqualTo(next);
                } else {
                    assertThat(r.seq() - next).as(as + ": seq past the sender's next, inside the window")
                            .isBetween(1L, 64_239L);
                }
            }
            case UNCHECKABLE -> assertThat(fromReceiver).as(as + ": nothing from the receiver to check against")
                    .isEmpty();
            case OUT_OF_WINDOW -> throw new AssertionError(what + ": no scenario shows an out-of-window reset");
        }
    }

    @Test
    void should_open_the_scenario_as_a_capture_when_asked_through_rst() {
        for (Cause c : Cause.values()) {
            Capture cap = Rst.scenario(c);
            Scenario s = Scenario.of(c);
            assertThat(cap.data().file().getFileName()).hasToString(s.fileName());
            assertThat(cap.data().stats().rstPackets()).as(s.name()).isEqualTo(s.labels().size());
            assertThat(cap.flowColumns().size()).as(s.name()).isPositive();
        }
    }

    @Test
    void should_write_pcaps_labels_and_a_readme_when_writing_all() throws IOException {
        Path dir = tmp.resolve("all");
        List<Path> written = Scenario.writeAll(dir);

        assertThat(written).hasSize(Scenario.values().length + 2);
        for (Scenario s : Scenario.values()) {
            assertThat(dir.resolve(s.fileName())).hasBinaryContent(s.bytes());
        }
        List<String> tsv = Files.readAllLines(dir.resolve("labels.tsv"));
        assertThat(tsv.get(0)).isEqualTo("scenario\t" + Label.TSV_HEADER);
        assertThat(tsv).hasSize(1 + Arrays.stream(Scenario.values()).mapToInt(s -> s.labels().size()).sum());
        assertThat(tsv).contains(
                "accept-queue-overflow.pcap\t" + Scenario.ACCEPT_QUEUE_OVERFLOW.labels().get(0).tsvRow());
        String readme = Files.readString(dir.resolve("README.md"));
        for (Scenario s : Scenario.values()) {
            assertThat(readme).contains(s.fileName(), s.title(), s.explanation());
        }
    }

    @Test
    void should_write_nothing_when_a_file_of_an_earlier_run_exists_unless_asked_to_replace() throws IOException {
        Path dir = tmp.resolve("again");
        Files.createDirectories(dir);
        Path notes = Files.writeString(dir.resolve("README.md"), "the user's own notes");

        assertThatThrownBy(() -> Scenario.writeAll(dir)).isInstanceOf(io.rstscope.RstscopeException.class)
                .hasMessage(notes + ": already exists; rstscope replaces files only when asked: writeAll(dir, REPLACE), "
                        + "or rstscope scenarios DIR --replace");
        assertThat(dir.toFile().list()).containsExactly("README.md");
        assertThat(notes).hasContent("the user's own notes");

        Scenario.writeAll(dir, io.rstscope.capture.WriteMode.REPLACE);
        assertThat(Files.readString(notes)).startsWith("# rstscope teaching scenarios");
        assertThat(dir.toFile().list()).hasSize(Scenario.values().length + 2);
    }
}
