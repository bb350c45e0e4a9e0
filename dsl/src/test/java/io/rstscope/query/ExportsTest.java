package io.rstscope.query;

import static io.rstscope.Rst.eq;
import static io.rstscope.reset.Cause.PORT_CLOSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rstscope.Capture;
import io.rstscope.RstscopeException;
import io.rstscope.capture.Fixtures;
import io.rstscope.capture.OutputFiles;
import io.rstscope.capture.WriteMode;
import io.rstscope.flow.ConnState;
import io.rstscope.store.FlowField;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exports, read back: tshark opens the written pcap and sees exactly the selected connections'
 * packets, and a display filter from {@code wiresharkFilter()} selects exactly the rows; the conn.log
 * has Zeek's header and field order; CSV and JSON hold the table's rows.
 */
class ExportsTest {

    static final Capture CAP = Recorded.client();

    @TempDir
    Path dir;

    @Test
    void should_write_exactly_the_selected_connections_packets_when_to_pcap_is_asked() throws Exception {
        assumeTrue(tsharkAvailable(), "tshark is not installed");
        FlowQuery spoofed = CAP.flows().spoofed();
        Path out = spoofed.toPcap(dir.resolve("spoofed.pcap"));
        List<String> lines = tshark(out, "-T", "fields", "-e", "frame.time_epoch", "-e", "tcp.srcport", "-e", "tcp.dstport");
        assertThat(lines).hasSize(17);
        List<String> expected = new ArrayList<>();
        for (Packet p : spoofed.packets().list()) {
            expected.add(String.format("%d.%09d\t%d\t%d", p.time().getEpochSecond(), p.time().getNano(), p.sport(), p.dport()));
        }
        assertThat(lines).containsExactlyElementsOf(expected);
        // Opened again, the copy holds the same three connections and four resets.
        Capture copy = io.rstscope.Rst.open(out);
        assertThat(copy.flows().count()).isEqualTo(3);
        assertThat(copy.resets().spoofed().count()).isEqualTo(4);
    }

    @Test
    void should_write_the_chosen_packets_only_when_a_packet_query_goes_to_pcap() throws Exception {
        assumeTrue(tsharkAvailable(), "tshark is not installed");
        Path out = CAP.resets().packets().toPcap(dir.resolve("rsts.pcap"));
        List<String> flags = tshark(out, "-T", "fields", "-e", "tcp.flags.reset");
        // tshark 4.0 prints a set flag as 1, later versions as True.
        assertThat(flags).hasSize(25).allMatch(f -> f.equals("1") || f.equals("True"));
        Path empty = CAP.flows().port(9).toPcap(dir.resolve("empty.pcap"));
        assertThat(tshark(empty, "-T", "fields", "-e", "frame.number")).isEmpty();
    }

    @Test
    void should_select_the_same_packets_in_wireshark_when_the_display_filter_is_used() throws Exception {
        assumeTrue(tsharkAvailable(), "tshark is not installed");
        Path file = Recorded.joined("client");
        FlowQuery rejected = CAP.flows().state(ConnState.REJ);
        assertThat(tshark(file, "-Y", rejected.wiresharkFilter(), "-T", "fields", "-e", "frame.number"))
                .containsExactlyElementsOf(rejected.packets().stream().map(p -> Integer.toString(p.frame())).toList());
        ResetQuery spoofed = CAP.resets().spoofed();
        assertThat(spoofed.wiresharkFilter()).isEqualTo("frame.number in {49, 714, 720, 721}");
        assertThat(tshark(file, "-Y", spoofed.wiresharkFilter(), "-T", "fields", "-e", "frame.number"))
                .containsExactly("49", "714", "720", "721");
        assertThat(CAP.packets().port(7180).wiresharkFilter()).isEqualTo("frame.number in {715..721}");
        assertThat(CAP.flows().port(9).wiresharkFilter()).isEqualTo("frame.number==0");
        assertThat(CAP.flows().host("fd77::/16").limit(1).wiresharkFilter())
                .isEqualTo("(ipv6.addr==fd77:1::2 && ipv6.addr==fd77:2::2 && tcp.port==41012 && tcp.port==7011)");
    }

    @Test
    void should_write_zeek_header_and_field_order_when_to_zeek_log_is_asked() throws Exception {
        Path out = CAP.flows().port(7020, 7060).toZeekLog(dir.resolve("conn.log"));
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines.subList(0, 5)).containsExactly("#separator \\x09", "#set_separator\t,", "#empty_field\t(empty)",
                "#unset_field\t-", "#path\tconn");
        assertThat(lines.get(5)).matches("#open\t\\d{4}-\\d\\d-\\d\\d-\\d\\d-\\d\\d-\\d\\d");
        assertThat(lines.get(6)).isEqualTo("#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\t"
                + "duration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\t"
                + "orig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents");
        assertThat(lines.get(7)).isEqualTo("#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\t"
                + "count\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]");
        assertThat(lines.get(lines.size() - 1)).matches("#close\t\\d{4}-\\d\\d-\\d\\d-\\d\\d-\\d\\d-\\d\\d");
        List<String> rows = lines.subList(8, lines.size() - 1);
        assertThat(rows).hasSize(4);
        Flow rej = CAP.flows().port(7020).single();
        assertThat(rows.get(0)).isEqualTo("1795494317.316396\t" + rej.uid()
                + "\t10.77.1.2\t41020\t10.77.2.2\t7020\ttcp\t-\t0.000063\t0\t0\tREJ\t-\t-\t0\tSr\t1\t60\t1\t40\t-");
        assertThat(rows.get(0).split("\t", -1)).hasSize(21);
    }

    @Test
    void should_write_the_table_rows_when_to_csv_and_to_json_are_asked() throws Exception {
        ResetQuery q = CAP.resets().cause(PORT_CLOSED).where("orig_p", eq(41020));
        List<String> csv = Files.readAllLines(q.toCsv(dir.resolve("r.csv")));
        assertThat(csv).hasSize(2);
        assertThat(csv.get(0)).startsWith("frame,ts,ts_iso,uid,orig_h,orig_p,resp_h,resp_p,sender,stage,cause,runner_up_cause,");
        assertThat(csv.get(1)).startsWith("35,1795494317316459000,2026-11-24T04:25:17.316459Z,")
                .contains(",SERVER,HANDSHAKE,PORT_CLOSED,FIREWALL_REJECT,");
        String json = Files.readString(q.toJson(dir.resolve("r.json")));
        assertThat(json).startsWith("[\n{\"frame\":35,\"ts\":1795494317316459000,\"ts_iso\":\"2026-11-24T04:25:17.316459Z\",\"uid\":\"")
                .contains("\"cause\":\"PORT_CLOSED\",\"runner_up_cause\":\"FIREWALL_REJECT\"").endsWith("}\n]\n");
        String flows = Files.readString(CAP.flows().port(7020).toJson(dir.resolve("f.json")));
        assertThat(flows).contains("\"rtt_ack_ms\":null").contains("\"orig_first_ts\":1795494317316396000,\"orig_first_ts_iso\":\"2026-11-24T04:25:17.316396Z\"").contains("\"ts_negotiated\":false").contains("\"duration\":6.3E-5");
        assertThat(Files.readString(CAP.flows().port(9).toJson(dir.resolve("none.json")))).isEqualTo("[]\n");
    }

    @Test
    void should_name_the_directory_when_an_export_cannot_be_written() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CAP.flows().toCsv(dir.resolve("no/such/x.csv")))
                .isInstanceOf(RstscopeException.class)
                .hasMessage(dir.resolve("no/such/x.csv") + ": cannot be written: the directory " + dir.resolve("no/such")
                        + " does not exist");
    }

    // ------------------------------------------------------------------ the user's files

    /** A capture of the user's, copied where the test may lose it: eight packets, a reset among them. */
    private Path usersCapture(String name) throws IOException {
        return Files.copy(Fixtures.capture("vlan-rst-with-data.pcap"), dir.resolve(name));
    }

    @Test
    void should_refuse_and_leave_the_capture_untouched_when_an_export_targets_the_file_it_reads() throws Exception {
        Path in = usersCapture("in.pcap");
        byte[] before = Files.readAllBytes(in);
        Capture cap = io.rstscope.Rst.open(in);
        String refusal = in + ": not written: it is the file the open capture " + in + " reads; write to another file";
        assertThatThrownBy(() -> cap.flows().withReset().toPcap(in)).isInstanceOf(RstscopeException.class).hasMessage(refusal);
        assertThatThrownBy(() -> cap.flows().limit(0).toPcap(in.toString())).hasMessage(refusal);
        assertThatThrownBy(() -> cap.flows().toCsv(in)).hasMessage(refusal);
        assertThatThrownBy(() -> cap.resets().toJson(in)).hasMessage(refusal);
        assertThatThrownBy(() -> cap.flows().toZeekLog(in)).hasMessage(refusal);
        // Asking to replace does not make the capture's own file a target.
        assertThatThrownBy(() -> cap.flows().toPcap(in, WriteMode.REPLACE)).hasMessage(refusal);
        assertThat(Files.readAllBytes(in)).isEqualTo(before);
        assertThat(dir.toFile().list()).containsExactly("in.pcap");
    }

    @Test
    void should_refuse_when_the_target_is_a_gzip_capture_read_or_a_link_to_it() throws Exception {
        Path gz = dir.resolve("in.pcap.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(Fixtures.capture("vlan-rst-with-data.pcap")));
        }
        byte[] before = Files.readAllBytes(gz);
        Path link = Files.createSymbolicLink(dir.resolve("link.pcap"), gz.getFileName());
        Capture cap = io.rstscope.Rst.open(gz);
        assertThatThrownBy(() -> cap.flows().toPcap(gz))
                .hasMessage(gz + ": not written: it is the file the open capture " + gz + " reads; write to another file");
        assertThatThrownBy(() -> cap.flows().toPcap(link, WriteMode.REPLACE))
                .hasMessage(link + ": not written: it is the file the open capture " + gz + " reads (through a link to "
                        + gz.toRealPath() + "); write to another file");
        assertThat(Files.readAllBytes(gz)).isEqualTo(before);
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void should_refuse_when_the_target_is_another_open_capture() throws Exception {
        Path c1File = usersCapture("c1.pcap");
        Path c2File = usersCapture("c2.pcap");
        byte[] before = Files.readAllBytes(c2File);
        Capture c1 = io.rstscope.Rst.open(c1File);
        Capture c2 = io.rstscope.Rst.open(c2File);
        assertThatThrownBy(() -> c1.flows().toPcap(dir.resolve("sub/../c2.pcap"), WriteMode.REPLACE))
                .hasMessage(dir.resolve("sub/../c2.pcap") + ": not written: it is the file the open capture " + c2File
                        + " reads; write to another file");
        assertThat(Files.readAllBytes(c2File)).isEqualTo(before);
        assertThat(c2.flows().count()).isEqualTo(1);
    }

    @Test
    void should_replace_an_existing_file_only_when_the_call_says_so() throws Exception {
        Path out = Files.writeString(dir.resolve("out.pcap"), "the user's notes");
        assertThatThrownBy(() -> CAP.flows().spoofed().toPcap(out.toString()))
                .hasMessage(out + ": already exists; rstscope replaces a file only when asked: toPcap(\"" + out + "\", REPLACE)");
        assertThatThrownBy(() -> CAP.flows().toCsv(out))
                .hasMessage(out + ": already exists; rstscope replaces a file only when asked: toCsv(\"" + out + "\", REPLACE)");
        assertThat(Files.readString(out)).isEqualTo("the user's notes");
        CAP.flows().spoofed().toPcap(out.toString(), WriteMode.REPLACE);
        assertThat(io.rstscope.Rst.open(out).flows().count()).isEqualTo(3);
        assertThat(dir.toFile().list()).containsExactly("out.pcap");
    }

    @Test
    void should_leave_no_file_and_no_temporary_file_when_an_export_fails_midway() throws Exception {
        Path in = usersCapture("in.pcap");
        Capture cap = io.rstscope.Rst.open(in);
        assertThat(cap.packets().count()).isPositive(); // the packets' fields read (on demand) while the file is whole
        Path kept = Files.writeString(dir.resolve("kept.pcap"), "an older export");
        // The capture's file is changed under it: copying its packets again fails after the export began.
        Files.write(in, new byte[] {'n', 'o', 'p', 'e', ' ', 'p', 'c', 'a', 'p'});
        assertThatThrownBy(() -> cap.flows().toPcap(dir.resolve("new.pcap")))
                .hasMessageStartingWith(in + ": damaged in the file header, byte offset 0: not a capture file");
        assertThatThrownBy(() -> cap.flows().toPcap(kept, WriteMode.REPLACE)).isInstanceOf(RstscopeException.class);
        assertThat(Files.readString(kept)).isEqualTo("an older export");
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("in.pcap", "kept.pcap");
    }

    @Test
    void should_keep_the_old_file_whole_when_the_content_fails_after_half_was_written() throws Exception {
        Path kept = Files.writeString(dir.resolve("kept.csv"), "old");
        assertThatThrownBy(() -> OutputFiles.write(kept, WriteMode.REPLACE, "toCsv", out -> {
            out.write(new byte[100_000]);
            throw new IOException("No space left on device");
        })).hasMessage(kept + ": cannot be written: No space left on device");
        assertThat(Files.readString(kept)).isEqualTo("old");
        assertThat(dir.toFile().list()).containsExactly("kept.csv");
    }

    static boolean tsharkAvailable() {
        try {
            Process p = new ProcessBuilder("tshark", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static List<String> tshark(Path file, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("tshark exit status").isZero();
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
}
