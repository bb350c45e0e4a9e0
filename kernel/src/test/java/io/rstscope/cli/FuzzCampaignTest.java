package io.rstscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.capture.CaptureWriter;
import io.rstscope.capture.Frames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded fuzz campaign over the readers and the decoder, through the command line: real captures and
 * synthetic ones, each mutated in one of the ways that break readers (pcapng block and option lengths,
 * byte-order flips, nested sections, caplen/origlen, gzip members and trailers, IPv4/IPv6/TCP header
 * lengths, option lengths 0 and 1, VLAN/MPLS stacks, IPv6 extension-header chains). Every file must get
 * one JSON line from {@code summary --json} and from {@code explain --format json}, exit status 0 or 2,
 * no stack trace and no exception name — in one JVM for the many files, and as real processes for a few.
 * The same seed gives the same files: a failure names the file and its mutation, and can be replayed.
 */
class FuzzCampaignTest {

    static final long SEED = 0x16_2026_12_04L;
    static final int PER_MUTATION = 24;
    /** Generous bounds that catch a hang or a runaway allocation, not a speed target. */
    static final long SECONDS_PER_FILE = 20;
    static final long BYTES_ALLOCATED_PER_FILE = 512L << 20;

    static final String[] FIXTURES = {"vlan-rst-with-data.pcap", "ipv6-ftp-rst.pcap", "linux-sll2-tls.pcap",
        "big-endian-pptp.pcap", "nsec-pcap-http-to-ssh-rst.pcap", "null-loopback-rst.pcap", "rst-inject-rae.pcap",
        "raw-ip-tfo-rst.pcap", "snaplen-68-truncated-header.pcap", "pcapng-126-interfaces.pcapng",
        "damaged-shb-option-too-long.pcapng", "kernel/backlog-overflow/client.pcap", "kernel/policy-injection/client.pcap",
        "kernel/ipv6/server.pcap", "kernel/challenge-ack/client.pcap"};

    @TempDir
    static Path dir;

    static List<Path> files = new ArrayList<>();
    static List<String> kinds = new ArrayList<>();
    static ExecutorService worker;

    /** The ways a file is broken; each keeps most of a real capture so the reader goes deep before it meets the damage. */
    enum Mutation {
        PCAPNG_BLOCK_LENGTH, PCAPNG_OPTION_LENGTH, BYTE_ORDER_FLIP, NESTED_SECTION, CAPLEN_ORIGLEN, GZIP_MEMBERS,
        IP_TCP_HEADER_LENGTHS, OPTION_LENGTH_0_1, VLAN_MPLS_STACKS, EXTENSION_HEADER_CHAINS, BYTE_FLIPS, CUT
    }

    @BeforeAll
    static void mutate() throws Exception {
        SplittableRandom rnd = new SplittableRandom(SEED);
        List<byte[]> pcaps = new ArrayList<>();
        for (String f : FIXTURES) {
            pcaps.add(Files.readAllBytes(Path.of(QueryCommandTest.fixture(f))));
        }
        int n = 0;
        for (Mutation m : Mutation.values()) {
            for (int i = 0; i < PER_MUTATION; i++) {
                byte[] base = pcaps.get(rnd.nextInt(pcaps.size()));
                byte[] bytes = apply(m, base, rnd);
                Path f = dir.resolve(String.format("%03d-%s.cap", n++, m.name().toLowerCase()));
                Files.write(f, bytes);
                files.add(f);
                kinds.add(m.name());
            }
        }
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-explain");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stop() {
        worker.shutdownNow();
    }

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** No stack frame, no exception class name, no "null" for a reason. */
    static void assertNoTrace(String what, String text) {
        assertThat(text).as(what).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("Error:")
                .doesNotContain(": null");
    }

    @Test
    void should_print_one_json_line_per_file_and_no_trace_when_summary_reads_every_mutant() {
        List<String> args = new ArrayList<>(List.of("summary", "--json"));
        files.forEach(f -> args.add(f.toString()));

        Run r = run(args.toArray(String[]::new));

        assertThat(r.status()).isIn(0, 2);
        assertNoTrace("summary's standard error", r.err());
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(files.size());
        for (int i = 0; i < files.size(); i++) {
            String what = files.get(i).getFileName() + " (" + kinds.get(i) + ", seed " + SEED + ")";
            assertThat(lines.get(i)).as(what).startsWith("{\"file\":\"" + files.get(i) + "\",").endsWith("}");
            assertNoTrace(what, lines.get(i));
        }
        // The campaign reaches both outcomes: files read to the end and files reported damaged.
        assertThat(lines).anyMatch(l -> l.contains("\"error\":")).anyMatch(l -> !l.contains("\"error\":"));
    }

    @Test
    void should_print_a_json_head_line_in_bounded_time_and_memory_when_explain_reads_each_mutant() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            String what = f.getFileName() + " (" + kinds.get(i) + ", seed " + SEED + ")";
            Future<long[]> allocated = worker.submit(() -> {
                long before = threads.getCurrentThreadAllocatedBytes();
                Run r = run("explain", f.toString(), "--format", "json");
                assertThat(r.status()).as(what).isIn(0, 2);
                assertNoTrace(what, r.err());
                assertNoTrace(what, r.out());
                List<String> lines = r.out().lines().toList();
                assertThat(lines).as(what).isNotEmpty();
                assertThat(lines.get(0)).as(what).startsWith("{\"file\":\"" + f + "\",").endsWith("}");
                assertThat(lines).as(what).allMatch(l -> l.startsWith("{") && l.endsWith("}"));
                return new long[] {threads.getCurrentThreadAllocatedBytes() - before};
            });
            long bytes = allocated.get(SECONDS_PER_FILE, TimeUnit.SECONDS)[0];
            assertThat(bytes).as(what + ": bytes allocated").isLessThan(BYTES_ALLOCATED_PER_FILE);
        }
    }

    @Test
    void should_exit_0_or_2_without_a_trace_when_run_as_a_process() throws Exception {
        List<String> args = new ArrayList<>(List.of("summary", "--json"));
        for (int i = 0; i < files.size(); i += files.size() / 12) {
            args.add(files.get(i).toString());
        }
        UsersFilesTest.Run summary = UsersFilesTest.rstscope(dir, args.toArray(String[]::new));
        assertThat(summary.status()).isIn(0, 2);
        assertThat(summary.out().lines()).hasSize(args.size() - 2);
        assertNoTrace("summary as a process", summary.err());
        for (int i : new int[] {Mutation.GZIP_MEMBERS.ordinal(), Mutation.VLAN_MPLS_STACKS.ordinal()}) {
            Path f = files.get(i * PER_MUTATION);
            UsersFilesTest.Run explain = UsersFilesTest.rstscope(dir, "explain", f.toString(), "--format", "json");
            assertThat(explain.status()).as(f.toString()).isIn(0, 2);
            assertThat(explain.out()).as(f.toString()).startsWith("{\"file\":\"" + f + "\",");
            assertNoTrace(f.toString(), explain.err());
        }
    }

    // ------------------------------------------------------------------ mutations

    static byte[] apply(Mutation m, byte[] base, SplittableRandom rnd) throws IOException {
        return switch (m) {
            case PCAPNG_BLOCK_LENGTH -> blockLength(pcapng(base, rnd), rnd);
            case PCAPNG_OPTION_LENGTH -> optionLength(pcapng(base, rnd), rnd);
            case BYTE_ORDER_FLIP -> byteOrderFlip(rnd.nextBoolean() ? base : pcapng(base, rnd), rnd);
            case NESTED_SECTION -> nestedSection(pcapng(base, rnd), rnd);
            case CAPLEN_ORIGLEN -> caplen(rnd.nextBoolean() ? base : pcapng(base, rnd), rnd);
            case GZIP_MEMBERS -> gzipMembers(base, rnd);
            case IP_TCP_HEADER_LENGTHS -> writePcap(headerLengths(rnd), rnd);
            case OPTION_LENGTH_0_1 -> writePcap(optionLengths(rnd), rnd);
            case VLAN_MPLS_STACKS -> writePcap(stacks(rnd), rnd);
            case EXTENSION_HEADER_CHAINS -> writePcap(extensionChains(rnd), rnd);
            case BYTE_FLIPS -> byteFlips(base, rnd);
            case CUT -> Arrays.copyOf(base, 1 + rnd.nextInt(base.length));
        };
    }

    /** Special values that break length arithmetic: 0, 1, unaligned, the largest, one past and one short. */
    static int special(SplittableRandom rnd, int actual) {
        int[] values = {0, 1, 3, 4, 12, 13, 28, 0x7fff_fffc, -1, -4, Integer.MIN_VALUE, actual + 4, actual - 4,
            actual + 1, actual * 2, 0xffff, 0x10000, rnd.nextInt()};
        return values[rnd.nextInt(values.length)];
    }

    /** A classic pcap turned into pcapng (options on the section, interface and packets) by the library's writer. */
    static byte[] pcapng(byte[] pcap, SplittableRandom rnd) {
        if (ByteBuffer.wrap(pcap).getInt(0) == 0x0a0d0d0a) {
            return pcap;
        }
        ByteOrder order = magicOrder(pcap);
        if (order == null || pcap.length < 24) {
            return pcap;
        }
        ByteBuffer in = ByteBuffer.wrap(pcap).order(order);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.pcapng(b, rnd.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
                CaptureWriter.Option.text(CaptureWriter.SHB_USERAPPL, "fuzz"))) {
            w.addInterface(in.getInt(20), 0, CaptureWriter.Resolution.NANOS, CaptureWriter.Option.text(CaptureWriter.IF_NAME, "eth0"));
            int o = 24;
            while (o + 16 <= pcap.length) {
                int incl = in.getInt(o + 8);
                if (incl < 0 || o + 16 + incl > pcap.length) {
                    break;
                }
                byte[] frame = Arrays.copyOfRange(pcap, o + 16, o + 16 + incl);
                w.write(0, (in.getInt(o) & 0xffffffffL) * 1_000_000_000L, frame, incl, Math.max(incl, in.getInt(o + 12)),
                        CaptureWriter.Option.bytes(CaptureWriter.EPB_FLAGS, (byte) 1, (byte) 0, (byte) 0, (byte) 0));
                o += 16 + incl;
            }
        }
        return b.toByteArray();
    }

    static ByteOrder magicOrder(byte[] pcap) {
        if (pcap.length < 4) {
            return null;
        }
        int be = ByteBuffer.wrap(pcap).getInt(0);
        if (be == 0xa1b2c3d4 || be == 0xa1b23c4d) {
            return ByteOrder.BIG_ENDIAN;
        }
        int le = Integer.reverseBytes(be);
        return le == 0xa1b2c3d4 || le == 0xa1b23c4d ? ByteOrder.LITTLE_ENDIAN : null;
    }

    /** The block starts of a pcapng file, in the first section's byte order. */
    static List<Integer> blocks(byte[] ng) {
        List<Integer> at = new ArrayList<>();
        if (ng.length < 12) {
            return at;
        }
        ByteOrder order = ByteBuffer.wrap(ng).getInt(8) == 0x1a2b3c4d ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer b = ByteBuffer.wrap(ng).order(order);
        int o = 0;
        while (o + 12 <= ng.length) {
            at.add(o);
            int len = b.getInt(o + 4);
            if (len < 12 || (len & 3) != 0) {
                break;
            }
            o += len;
        }
        return at;
    }

    static ByteOrder order(byte[] ng) {
        return ng.length >= 12 && ByteBuffer.wrap(ng).getInt(8) == 0x1a2b3c4d ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    static byte[] blockLength(byte[] ng, SplittableRandom rnd) {
        List<Integer> at = blocks(ng);
        if (at.isEmpty()) {
            return ng;
        }
        int block = at.get(rnd.nextInt(at.size()));
        ByteBuffer b = ByteBuffer.wrap(ng = ng.clone()).order(order(ng));
        int len = b.getInt(block + 4);
        boolean trailer = rnd.nextBoolean() && block + len <= ng.length && len >= 12;
        b.putInt(trailer ? block + len - 4 : block + 4, special(rnd, len));
        return ng;
    }

    /** The first option of a section, interface or packet block gets a length of 0, 1, or one past its block. */
    static byte[] optionLength(byte[] ng, SplittableRandom rnd) {
        List<Integer> at = blocks(ng);
        if (at.isEmpty()) {
            return ng;
        }
        ng = ng.clone();
        ByteBuffer b = ByteBuffer.wrap(ng).order(order(ng));
        int block = at.get(rnd.nextInt(at.size()));
        int type = b.getInt(block);
        int optionsAt = switch (type) {
            case 0x0a0d0d0a -> block + 24;
            case 1 -> block + 16;
            case 6 -> block + 28 + ((b.getInt(block + 20) + 3) & ~3);
            default -> block + 8;
        };
        if (optionsAt + 4 <= ng.length) {
            int[] lengths = {0, 1, 2, 0xffff, 0x8000, rnd.nextInt(0x10000)};
            b.putShort(optionsAt + 2, (short) lengths[rnd.nextInt(lengths.length)]);
            if (rnd.nextInt(4) == 0) {
                b.putShort(optionsAt, (short) rnd.nextInt(0x10000));
            }
        }
        return ng;
    }

    static byte[] byteOrderFlip(byte[] capture, SplittableRandom rnd) {
        byte[] c = capture.clone();
        int at = ByteBuffer.wrap(c).getInt(0) == 0x0a0d0d0a ? 8 : 0;
        List<Integer> sections = new ArrayList<>();
        if (at == 8) {
            for (int block : blocks(c)) {
                if (ByteBuffer.wrap(c).getInt(block) == 0x0a0d0d0a) {
                    sections.add(block + 8);
                }
            }
            at = sections.get(rnd.nextInt(sections.size()));
        }
        if (at + 4 <= c.length) {
            for (int i = 0; i < 2; i++) {
                byte t = c[at + i];
                c[at + i] = c[at + 3 - i];
                c[at + 3 - i] = t;
            }
        }
        return c;
    }

    /** A second section (of either byte order, perhaps with a bad length) inserted at a block boundary. */
    static byte[] nestedSection(byte[] ng, SplittableRandom rnd) throws IOException {
        List<Integer> at = blocks(ng);
        int cut = at.isEmpty() ? ng.length : at.get(rnd.nextInt(at.size()));
        ByteArrayOutputStream section = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.pcapng(section, rnd.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)) {
            if (rnd.nextBoolean()) {
                w.addInterface(rnd.nextInt(300), rnd.nextInt(70000), CaptureWriter.Resolution.MICROS);
            }
        }
        byte[] shb = section.toByteArray();
        if (rnd.nextInt(3) == 0) {
            ByteBuffer.wrap(shb).order(order(shb)).putInt(4, special(rnd, 28));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ng, 0, cut);
        out.write(shb);
        if (rnd.nextBoolean()) {
            out.write(shb); // a section inside a section, and empty sections back to back
        }
        out.write(ng, cut, ng.length - cut);
        return out.toByteArray();
    }

    static byte[] caplen(byte[] capture, SplittableRandom rnd) {
        byte[] c = capture.clone();
        List<Integer> lengthFields = new ArrayList<>();
        ByteOrder order = magicOrder(c);
        if (order != null) {
            ByteBuffer b = ByteBuffer.wrap(c).order(order);
            for (int o = 24; o + 16 <= c.length; ) {
                lengthFields.add(o + 8);
                int incl = b.getInt(o + 8);
                if (incl < 0 || incl > c.length) {
                    break;
                }
                o += 16 + incl;
            }
        } else {
            ByteBuffer b = ByteBuffer.wrap(c).order(order(c));
            for (int block : blocks(c)) {
                if (b.getInt(block) == 6) {
                    lengthFields.add(block + 20);
                }
            }
        }
        if (lengthFields.isEmpty()) {
            return c;
        }
        ByteBuffer b = ByteBuffer.wrap(c).order(order != null ? order : order(c));
        int field = lengthFields.get(rnd.nextInt(lengthFields.size())) + (rnd.nextBoolean() ? 0 : 4);
        b.putInt(field, special(rnd, b.getInt(field)));
        return c;
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(data);
        }
        return b.toByteArray();
    }

    /** Members split, appended, damaged; trailers wrong; the stream cut or followed by garbage. */
    static byte[] gzipMembers(byte[] capture, SplittableRandom rnd) throws IOException {
        int split = rnd.nextInt(capture.length + 1);
        byte[] first = gzip(Arrays.copyOf(capture, split));
        byte[] second = gzip(Arrays.copyOfRange(capture, split, capture.length));
        byte[] two = Frames.concat(first, second);
        return switch (rnd.nextInt(8)) {
            case 0 -> two;
            case 1 -> Frames.concat(two, randomBytes(rnd, 1 + rnd.nextInt(64)));
            case 2 -> flip(two, first.length - 8 + rnd.nextInt(4)); // the first member's CRC-32
            case 3 -> flip(two, two.length - 1 - rnd.nextInt(4)); // the last member's ISIZE
            case 4 -> Arrays.copyOf(two, 2 + rnd.nextInt(two.length - 2));
            case 5 -> {
                byte[] bad = gzip(randomBytes(rnd, 200));
                yield Frames.concat(first, flip(bad, 10 + rnd.nextInt(bad.length - 18)));
            }
            case 6 -> {
                byte[] g = gzip(capture);
                g[3] = (byte) (1 << (1 + rnd.nextInt(4))); // FHCRC, FEXTRA, FNAME or FCOMMENT claimed, not there
                yield g;
            }
            default -> Frames.concat(two, new byte[] {0x1f, (byte) 0x8b}, randomBytes(rnd, rnd.nextInt(20)));
        };
    }

    static byte[] flip(byte[] b, int at) {
        byte[] c = b.clone();
        c[at] ^= (byte) 0xff;
        return c;
    }

    static byte[] randomBytes(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return b;
    }

    static byte[] byteFlips(byte[] capture, SplittableRandom rnd) {
        byte[] c = capture.clone();
        for (int i = 1 + rnd.nextInt(8); i > 0; i--) {
            c[rnd.nextInt(c.length)] = (byte) rnd.nextInt(256);
        }
        return c;
    }

    // ------------------------------------------------------------------ synthetic packets

    static final byte[] MAC_A = Frames.mac("02:00:00:00:00:01");
    static final byte[] MAC_B = Frames.mac("02:00:00:00:00:02");

    static Frames.Tcp rst(SplittableRandom rnd) {
        return Frames.tcp(40000 + rnd.nextInt(1000), 443).seq(rnd.nextLong(1L << 32)).flags(Frames.RST | Frames.ACK);
    }

    static byte[] ether(int type, byte[] payload) {
        return Frames.ethernet(MAC_A, MAC_B, type, payload);
    }

    /** Frames written by the library's writer, as pcap or pcapng, some cut short by a snap length. */
    static byte[] writePcap(List<byte[]> frames, SplittableRandom rnd) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        boolean ng = rnd.nextBoolean();
        try (CaptureWriter w = ng ? CaptureWriter.pcapng(b, ByteOrder.LITTLE_ENDIAN)
                : CaptureWriter.pcap(b, CaptureWriter.LINKTYPE_ETHERNET)) {
            if (ng) {
                w.addInterface(CaptureWriter.LINKTYPE_ETHERNET, 0, CaptureWriter.Resolution.NANOS);
            }
            long ts = 1_700_000_000_000_000_000L;
            for (byte[] f : frames) {
                int cap = rnd.nextInt(4) == 0 ? rnd.nextInt(f.length + 1) : f.length;
                w.write(0, ts += 1_000_000, Arrays.copyOf(f, cap), cap, f.length);
            }
        }
        return b.toByteArray();
    }

    static List<byte[]> headerLengths(SplittableRandom rnd) {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Frames.Tcp tcp = rst(rnd).dataOffset(rnd.nextInt(4) == 0 ? rnd.nextInt(16) : 0);
            if (rnd.nextBoolean()) {
                Frames.Ipv4 ip = Frames.ipv4("192.0.2.1", "192.0.2.2").ihl(rnd.nextInt(16))
                        .totalLength(rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(0x10000));
                frames.add(ether(Frames.ETHERTYPE_IPV4, ip.tcp(tcp, randomBytes(rnd, rnd.nextInt(40)))));
            } else {
                byte[] ip6 = Frames.ipv6("2001:db8::1", "2001:db8::2").tcp(tcp, randomBytes(rnd, rnd.nextInt(40)));
                ByteBuffer.wrap(ip6).putShort(4, (short) (rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(0x10000)));
                frames.add(ether(Frames.ETHERTYPE_IPV6, ip6));
            }
        }
        return frames;
    }

    static List<byte[]> optionLengths(SplittableRandom rnd) {
        List<byte[]> frames = new ArrayList<>();
        int[] kinds = {2, 3, 4, 5, 8, 30, 34, 253};
        for (int i = 0; i < 20; i++) {
            byte[] option = {(byte) kinds[rnd.nextInt(kinds.length)], (byte) rnd.nextInt(2), 0, 0};
            Frames.Tcp tcp = rst(rnd).options(rnd.nextBoolean() ? Frames.concat(Frames.nop(), option) : option);
            Frames.Ipv4 ip = Frames.ipv4("192.0.2.1", "192.0.2.2");
            if (rnd.nextBoolean()) {
                ip = ip.options(new byte[] {(byte) (rnd.nextBoolean() ? 7 : 0x94), (byte) rnd.nextInt(2), 0, 0});
            }
            frames.add(ether(Frames.ETHERTYPE_IPV4, ip.tcp(tcp, new byte[0])));
        }
        return frames;
    }

    /** Tags, VN-Tags, 802.1ah, FabricPath and MPLS labels, stacked 0 to 20 deep, bottom of stack anywhere or nowhere. */
    static List<byte[]> stacks(SplittableRandom rnd) {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] ip = Frames.ipv4("192.0.2.1", "192.0.2.2").tcp(rst(rnd), new byte[0]);
            ByteArrayOutputStream inner = new ByteArrayOutputStream();
            int labels = rnd.nextInt(21);
            int bottom = rnd.nextInt(labels + 2);
            for (int l = 0; l < labels; l++) {
                inner.write(new byte[] {0, 0x10, (byte) (l == bottom ? 1 : 0), 64}, 0, 4);
            }
            inner.write(ip, 0, ip.length);
            int type = labels > 0 ? 0x8847 : Frames.ETHERTYPE_IPV4;
            byte[] frame = ether(type, inner.toByteArray());
            for (int d = rnd.nextInt(8); d > 0; d--) {
                int[] outer = {0x88e7, 0x8903};
                int t = outer[rnd.nextInt(2)];
                frame = ether(t, Frames.concat(new byte[t == 0x88e7 ? 4 : 2], frame));
            }
            ByteBuffer tags = ByteBuffer.allocate(4 * 24);
            int n = rnd.nextInt(24);
            int[] tpids = {0x8100, 0x88a8, 0x9100, 0x9200};
            for (int t = 0; t < n; t++) {
                tags.putShort((short) tpids[rnd.nextInt(tpids.length)]).putShort((short) rnd.nextInt(4096));
            }
            byte[] withTags = new byte[frame.length + 4 * n];
            System.arraycopy(frame, 0, withTags, 0, 12);
            System.arraycopy(tags.array(), 0, withTags, 12, 4 * n);
            System.arraycopy(frame, 12, withTags, 12 + 4 * n, frame.length - 12);
            frames.add(withTags);
        }
        return frames;
    }

    /** IPv6 extension-header chains of 0 to 24 headers of every kind, with lengths that fit, overrun or loop. */
    static List<byte[]> extensionChains(SplittableRandom rnd) {
        List<byte[]> frames = new ArrayList<>();
        int[] types = {0, 43, 60, 44, 51, 135, 139, 140};
        for (int i = 0; i < 20; i++) {
            int n = rnd.nextInt(25);
            ByteArrayOutputStream chain = new ByteArrayOutputStream();
            int first = n == 0 ? Frames.PROTO_TCP : types[rnd.nextInt(types.length)];
            int current = first;
            for (int e = 0; e < n; e++) {
                int next = e + 1 < n ? types[rnd.nextInt(types.length)] : Frames.PROTO_TCP;
                int lenField = rnd.nextInt(5) == 0 ? rnd.nextInt(256) : 0;
                int size = current == 44 ? 8 : current == 51 ? (lenField + 2) * 4 : (lenField + 1) * 8;
                byte[] h = new byte[Math.min(size, 64)];
                h[0] = (byte) next;
                h[1] = (byte) lenField;
                if (current == 44 && rnd.nextBoolean()) {
                    h[2] = (byte) rnd.nextInt(256); // a later fragment
                }
                chain.write(h, 0, h.length);
                current = next;
            }
            byte[] tcp = rst(rnd).bytes(Frames.ip("2001:db8::1"), Frames.ip("2001:db8::2"), new byte[0]);
            chain.write(tcp, 0, tcp.length);
            byte[] body = chain.toByteArray();
            ByteBuffer ip6 = ByteBuffer.allocate(40 + body.length);
            ip6.putInt(6 << 28).putShort((short) body.length).put((byte) first).put((byte) 64)
                    .put(Frames.ip("2001:db8::1")).put(Frames.ip("2001:db8::2")).put(body);
            frames.add(ether(Frames.ETHERTYPE_IPV6, ip6.array()));
        }
        return frames;
    }
}
