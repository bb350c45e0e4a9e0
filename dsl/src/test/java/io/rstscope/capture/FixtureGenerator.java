package io.rstscope.capture;

import static io.rstscope.capture.Frames.*;

import io.rstscope.capture.CaptureWriter.Option;
import io.rstscope.capture.CaptureWriter.Resolution;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the synthetic fixture captures of {@code src/test/resources/captures/synthetic/}.
 *
 * <pre>
 * java -cp CLASSES io.rstscope.capture.FixtureGenerator src/test/resources/captures/synthetic
 * </pre>
 *
 * <p>Deterministic: fixed addresses, sequence numbers and timestamps, no randomness, so running
 * it again gives the same bytes. Besides the files it prints, on standard output, what only the
 * writer knows — how many frames a careful reader must flag TRUNCATED or INVALID, and where the
 * damage of the damaged files starts — as the tab-separated columns
 * {@code file truncated invalid error_after_packets error_offset}; the README explains how
 * these are merged with tshark's counts into {@code expected.tsv}.
 */
public final class FixtureGenerator {

    /** 2024-01-02T03:04:05Z: the first packet of every fixture. */
    static final long T0 = 1_704_164_645_000_000_000L;
    /** Packets are 10 ms + 123 ns apart, so nanosecond files show digits microsecond ones drop. */
    static final long STEP = 10_000_123L;

    static final String C4 = "192.0.2.10";
    static final String S4 = "198.51.100.20";
    static final String C6 = "2001:db8::10";
    static final String S6 = "2001:db8:1::20";
    static final byte[] CLIENT_MAC = mac("02:00:00:00:00:0a");
    static final byte[] SERVER_MAC = mac("02:00:00:00:00:14");

    private final Path dir;
    private final Map<String, String> facts = new LinkedHashMap<>();
    private int ipId = 0x1000;

    private FixtureGenerator(Path dir) {
        this.dir = dir;
    }

    /** Writes every fixture into the directory given as the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: FixtureGenerator OUTPUT_DIRECTORY");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        FixtureGenerator g = new FixtureGenerator(dir);
        g.generateAll();
        g.printFacts(System.out);
    }

    // ------------------------------------------------------------------ packets

    /** An IP packet and the direction it travels. */
    record Pkt(byte[] ip, boolean fromClient) {
        boolean v6() {
            return (ip[0] & 0xf0) == 0x60;
        }
    }

    /** One TCP connection's endpoints: IPv4 or IPv6, client port → server port. */
    final class Flow {
        final boolean v6;
        final int cport;
        final int sport;

        Flow(boolean v6, int cport, int sport) {
            this.v6 = v6;
            this.cport = cport;
            this.sport = sport;
        }

        Tcp c() {
            return tcp(cport, sport);
        }

        Tcp s() {
            return tcp(sport, cport);
        }

        Pkt c2s(Tcp t, byte[] payload) {
            return new Pkt(v6 ? ipv6(C6, S6).tcp(t, payload) : ipv4(C4, S4).id(ipId++).tcp(t, payload), true);
        }

        Pkt s2c(Tcp t, byte[] payload) {
            return new Pkt(v6 ? ipv6(S6, C6).tcp(t, payload) : ipv4(S4, C4).id(ipId++).tcp(t, payload), false);
        }

        /** A reset as Linux sends it: IP ID 0 with DF (the kernel's reset path), no options. */
        Pkt s2cRst(Tcp t) {
            return new Pkt(v6 ? ipv6(S6, C6).tcp(t, new byte[0]) : ipv4(S4, C4).id(0).tcp(t, new byte[0]), false);
        }
    }

    static final byte[] GET = ascii("GET / HTTP/1.1\r\nHost: example\r\n\r\n");

    /**
     * Six packets: handshake, a request, its ACK, then the client aborts with RST|ACK carrying
     * timestamps (an active reset: seq = SND.NXT).
     */
    List<Pkt> abortedConversation(Flow f, long isnC, long isnS) {
        List<Pkt> p = new ArrayList<>();
        p.add(f.c2s(f.c().seq(isnC).flags(SYN).window(64240)
                .options(mss(1460), sackPermitted(), timestamps(1000, 0), nop(), wscale(7)), new byte[0]));
        p.add(f.s2c(f.s().seq(isnS).ack(isnC + 1).flags(SYN | ACK).window(65160)
                .options(mss(1460), sackPermitted(), timestamps(2000, 1000), nop(), wscale(7)), new byte[0]));
        p.add(f.c2s(f.c().seq(isnC + 1).ack(isnS + 1).flags(ACK).window(502)
                .options(nop(), nop(), timestamps(1001, 2000)), new byte[0]));
        p.add(f.c2s(f.c().seq(isnC + 1).ack(isnS + 1).flags(PSH | ACK).window(502)
                .options(nop(), nop(), timestamps(1001, 2000)), GET));
        p.add(f.s2c(f.s().seq(isnS + 1).ack(isnC + 1 + GET.length).flags(ACK).window(509)
                .options(nop(), nop(), timestamps(2001, 1001)), new byte[0]));
        p.add(f.c2s(f.c().seq(isnC + 1 + GET.length).ack(isnS + 1).flags(RST | ACK).window(502)
                .options(nop(), nop(), timestamps(1002, 2001)), new byte[0]));
        return p;
    }

    /** A SYN to a closed port and the RST|ACK reply: seq 0, ack = ISN + 1, window 0 (RFC 9293 §3.5.2). */
    List<Pkt> rejected(Flow f, long isnC) {
        return List.of(
                f.c2s(f.c().seq(isnC).flags(SYN).window(64240)
                        .options(mss(1460), sackPermitted(), timestamps(3000, 0), nop(), wscale(7)), new byte[0]),
                f.s2cRst(f.s().seq(0).ack(isnC + 1).flags(RST | ACK).window(0)));
    }

    /** A stray ACK for a connection the server does not know and its bare RST (seq = the ACK's ack). */
    List<Pkt> strayAckBareRst(Flow f, long seqC, long ackC) {
        return List.of(
                f.c2s(f.c().seq(seqC).ack(ackC).flags(ACK).window(502), new byte[0]),
                f.s2cRst(f.s().seq(ackC).flags(RST).window(0)));
    }

    @SafeVarargs
    static List<Pkt> all(List<Pkt>... parts) {
        List<Pkt> out = new ArrayList<>();
        for (List<Pkt> p : parts) {
            out.addAll(p);
        }
        return out;
    }

    // ------------------------------------------------------------------ link layers

    static byte[] eth(Pkt p, VlanTag... tags) {
        return ethernet(p.fromClient() ? SERVER_MAC : CLIENT_MAC, p.fromClient() ? CLIENT_MAC : SERVER_MAC,
                p.v6() ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4, p.ip(), tags);
    }

    /** Captured on the client: its packets are "sent by us" (4), the server's "to us" (0). */
    static byte[] sllFrame(Pkt p) {
        return sll(p.fromClient() ? 4 : 0, 1, p.fromClient() ? CLIENT_MAC : SERVER_MAC,
                p.v6() ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4, p.ip());
    }

    static byte[] sll2Frame(Pkt p) {
        return sll2(p.v6() ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4, 2, 1, p.fromClient() ? 4 : 0,
                p.fromClient() ? CLIENT_MAC : SERVER_MAC, p.ip());
    }

    // ------------------------------------------------------------------ files

    private void pcap(String name, int linkType, Resolution res, ByteOrder order, int snaplen, List<byte[]> frames) {
        byte[] bytes = pcapBytes(linkType, res, order, snaplen, frames);
        writeFile(name, bytes);
        fact(name, 0, 0);
    }

    static byte[] pcapBytes(int linkType, Resolution res, ByteOrder order, int snaplen, List<byte[]> frames) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.pcap(bos, linkType, res, order, snaplen)) {
            for (int i = 0; i < frames.size(); i++) {
                w.write(T0 + i * STEP, frames.get(i));
            }
        }
        return bos.toByteArray();
    }

    private static byte[] pcapng(ByteOrder order, Consumer<CaptureWriter> body) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.pcapng(bos, order,
                Option.text(CaptureWriter.SHB_USERAPPL, "rstscope FixtureGenerator"))) {
            body.accept(w);
        }
        return bos.toByteArray();
    }

    private void writeFile(String name, byte[] bytes) {
        try {
            Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        // GZIPOutputStream writes mtime 0 and no file name, so the bytes are reproducible.
        try (OutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    private void fact(String name, int truncated, int invalid) {
        facts.put(name, truncated + "\t" + invalid + "\t-\t-");
    }

    private void damaged(String name, int goodPackets, long offset) {
        facts.put(name, "0\t0\t" + goodPackets + "\t" + offset);
    }

    private void printFacts(PrintStream out) {
        out.println("file\ttruncated\tinvalid\terror_after_packets\terror_offset");
        facts.forEach((k, v) -> out.println(k + "\t" + v));
    }

    static List<byte[]> map(List<Pkt> pkts, java.util.function.Function<Pkt, byte[]> link) {
        return pkts.stream().map(link).toList();
    }

    // ------------------------------------------------------------------ the fixtures

    void generateAll() {
        classicPcapVariants();
        pcapngFiles();
        gzipFiles();
        ipv4Options();
        ipv4Fragments();
        ipv6ExtensionHeaders();
        vlan();
        cooked();
        rawIp();
        loopbackFiles();
        tcpOptionsAll();
        snaplenTruncated();
        invalidHeaders();
        icmpQuotingTcp();
        unsupportedLinkType();
        damagedFiles();
    }

    /** The same conversation in all four pcap flavours: byte order × resolution. */
    private void classicPcapVariants() {
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            for (Resolution res : List.of(Resolution.MICROS, Resolution.NANOS)) {
                ipId = 0x1000;
                List<Pkt> pkts = all(abortedConversation(new Flow(false, 40000, 80), 1000, 5000),
                        rejected(new Flow(true, 40001, 443), 7000));
                String name = "pcap-" + (order == ByteOrder.BIG_ENDIAN ? "be" : "le") + "-"
                        + (res.equals(Resolution.NANOS) ? "ns" : "us") + "-ethernet.pcap";
                pcap(name, CaptureWriter.LINKTYPE_ETHERNET, res, order, 262144, map(pkts, p -> eth(p)));
            }
        }
    }

    private void pcapngFiles() {
        // One section, one Ethernet interface, each byte order.
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            ipId = 0x2000;
            List<Pkt> pkts = all(abortedConversation(new Flow(false, 40010, 80), 11000, 15000),
                    strayAckBareRst(new Flow(true, 40011, 443), 123456, 654321));
            String name = "pcapng-" + (order == ByteOrder.BIG_ENDIAN ? "be" : "le") + "-ethernet.pcapng";
            writeFile(name, pcapng(order, w -> {
                int eth = w.addInterface(CaptureWriter.LINKTYPE_ETHERNET, 262144, Resolution.MICROS,
                        Option.text(CaptureWriter.IF_NAME, "eth0"));
                for (int i = 0; i < pkts.size(); i++) {
                    byte[] f = eth(pkts.get(i));
                    w.write(eth, T0 + i * STEP, f, f.length, f.length);
                }
            }));
            fact(name, 0, 0);
        }

        // Two sections of opposite byte order; interface ids restart in the second one, where
        // interface 0 is raw IP instead of Ethernet.
        ipId = 0x2100;
        List<Pkt> a = abortedConversation(new Flow(false, 40020, 80), 21000, 25000);
        List<Pkt> b = all(rejected(new Flow(true, 40021, 22), 27000), rejected(new Flow(false, 40022, 25), 28000));
        writeFile("pcapng-two-sections-mixed-endian.pcapng", pcapng(ByteOrder.LITTLE_ENDIAN, w -> {
            int eth = w.addInterface(CaptureWriter.LINKTYPE_ETHERNET, 0, Resolution.MICROS);
            int sll = w.addInterface(CaptureWriter.LINKTYPE_LINUX_SLL, 0, Resolution.NANOS);
            long t = T0;
            for (int i = 0; i < a.size(); i++, t += STEP) {
                byte[] f = i % 2 == 0 ? eth(a.get(i)) : sllFrame(a.get(i));
                w.write(i % 2 == 0 ? eth : sll, t, f, f.length, f.length);
            }
            w.newSection(ByteOrder.BIG_ENDIAN, Option.text(CaptureWriter.SHB_USERAPPL, "second section"));
            int raw = w.addInterface(CaptureWriter.LINKTYPE_RAW, 0, Resolution.NANOS);
            int eth2 = w.addInterface(CaptureWriter.LINKTYPE_ETHERNET, 0, Resolution.MICROS);
            for (int i = 0; i < b.size(); i++, t += STEP) {
                byte[] f = i < 2 ? b.get(i).ip() : eth(b.get(i));
                w.write(i < 2 ? raw : eth2, t, f, f.length, f.length);
            }
        }));
        fact("pcapng-two-sections-mixed-endian.pcapng", 0, 0);

        // Five interfaces, each with its own link type, snap length and resolution.
        ipId = 0x2200;
        List<Pkt> c = all(abortedConversation(new Flow(false, 40030, 80), 31000, 35000),
                rejected(new Flow(true, 40031, 443), 37000), strayAckBareRst(new Flow(true, 40032, 8080), 1, 2));
        writeFile("pcapng-interfaces-with-own-linktype-and-tsresol.pcapng", pcapng(ByteOrder.LITTLE_ENDIAN, w -> {
            int[] ifs = {
                w.addInterface(CaptureWriter.LINKTYPE_ETHERNET, 0, Resolution.MICROS,
                        Option.text(CaptureWriter.IF_NAME, "eth0 us (no if_tsresol)")),
                w.addInterface(CaptureWriter.LINKTYPE_RAW, 128, Resolution.NANOS,
                        Option.text(CaptureWriter.IF_NAME, "raw ns")),
                w.addInterface(CaptureWriter.LINKTYPE_LINUX_SLL2, 65535, Resolution.binary(20),
                        Option.text(CaptureWriter.IF_NAME, "sll2 2^-20")),
                w.addInterface(CaptureWriter.LINKTYPE_NULL, 262144, Resolution.decimal(3),
                        Option.text(CaptureWriter.IF_NAME, "null ms")),
                w.addInterface(CaptureWriter.LINKTYPE_LINUX_SLL, 0, Resolution.binary(30),
                        Option.text(CaptureWriter.IF_NAME, "sll 2^-30")),
            };
            for (int i = 0; i < c.size(); i++) {
                Pkt p = c.get(i);
                int itf = i % ifs.length;
                byte[] f = switch (itf) {
                    case 0 -> eth(p);
                    case 1 -> p.ip();
                    case 2 -> sll2Frame(p);
                    case 3 -> loopback(p.v6() ? AF_INET6_BSD : AF_INET, ByteOrder.LITTLE_ENDIAN, p.ip());
                    default -> sllFrame(p);
                };
                // Timestamps on a millisecond grid, so the ms interface loses nothing.
                w.write(ifs[itf], T0 + i * 1_000_000L * 7, f, f.length, f.length);
            }
        }));
        fact("pcapng-interfaces-with-own-linktype-and-tsresol.pcapng", 0, 0);

        // Simple and obsolete packet blocks, custom, unknown and statistics blocks, unknown options.
        ipId = 0x2300;
        List<Pkt> d = all(abortedConversation(new Flow(false, 40040, 80), 41000, 45000),
                strayAckBareRst(new Flow(false, 40041, 80), 777, 888));
        writeFile("pcapng-spb-opb-unknown-blocks.pcapng", pcapng(ByteOrder.LITTLE_ENDIAN, w -> {
            // An unknown option in the IDB: §3.5 says a reader skips options it does not know.
            int eth = w.addInterface(CaptureWriter.LINKTYPE_ETHERNET, 96, Resolution.MICROS,
                    Option.text(CaptureWriter.IF_NAME, "eth0"), Option.bytes(12345, (byte) 1, (byte) 2, (byte) 3));
            byte[] f0 = eth(d.get(0));
            w.write(eth, T0, f0, f0.length, f0.length);
            w.writeCustomBlock(32473, ascii("custom block, may be copied"), true);
            w.writeSimplePacket(eth(d.get(1)), eth(d.get(1)).length);
            byte[] f2 = eth(d.get(2));
            w.writeObsoletePacket(eth, 0, T0 + 2 * STEP, f2, f2.length, f2.length);
            w.writeBlock(0x00000FFF, ascii("a block type no reader knows"));
            // d.get(3) carries the request: 14 + 20 + 32 + 33 = 99 bytes, cut at the snap length 96;
            // epb_flags 2 = outbound (§4.3.1).
            byte[] f3 = eth(d.get(3));
            w.write(eth, T0 + 3 * STEP, f3, 96, f3.length,
                    Option.bytes(CaptureWriter.EPB_FLAGS, u32(w.byteOrder(), 2)),
                    Option.text(CaptureWriter.OPT_COMMENT, "request, cut at the snap length"),
                    Option.bytes(CaptureWriter.OPT_CUSTOM_BINARY, concat(u32(w.byteOrder(), 32473), ascii("x"))),
                    Option.bytes(0x7777, ascii("unknown option")));
            w.writeCustomBlock(32473, ascii("custom block, do not copy"), false);
            w.writeSimplePacket(eth(d.get(4)), eth(d.get(4)).length);
            byte[] f5 = eth(d.get(5));
            w.writeObsoletePacket(eth, 3, T0 + 5 * STEP, f5, f5.length, f5.length);
            w.writeInterfaceStatistics(eth, T0 + 6 * STEP, Option.text(CaptureWriter.OPT_COMMENT, "statistics"));
            for (int i = 6; i < d.size(); i++) {
                byte[] f = eth(d.get(i));
                w.write(eth, T0 + i * STEP, f, f.length, f.length);
            }
        }));
        fact("pcapng-spb-opb-unknown-blocks.pcapng", 0, 0);
    }

    /** A 32-bit value in the section's byte order, as option values holding integers need. */
    private static byte[] u32(ByteOrder order, int v) {
        return ByteBuffer.allocate(4).order(order).putInt(v).array();
    }

    private void gzipFiles() {
        ipId = 0x3000;
        List<Pkt> pkts = all(abortedConversation(new Flow(false, 40050, 80), 51000, 55000),
                rejected(new Flow(true, 40051, 443), 57000));
        byte[] ng = pcapng(ByteOrder.LITTLE_ENDIAN, w -> {
            int eth = w.addInterface(CaptureWriter.LINKTYPE_ETHERNET, 0, Resolution.NANOS);
            for (int i = 0; i < pkts.size(); i++) {
                byte[] f = eth(pkts.get(i));
                w.write(eth, T0 + i * STEP, f, f.length, f.length);
            }
        });
        writeFile("pcapng-gzip.pcapng.gz", gzip(ng));
        fact("pcapng-gzip.pcapng.gz", 0, 0);
        ipId = 0x3100;
        List<Pkt> pkts2 = all(abortedConversation(new Flow(false, 40052, 80), 52000, 56000),
                strayAckBareRst(new Flow(false, 40053, 80), 10, 20));
        writeFile("gzip-misleading-name.pcap", gzip(pcapBytes(CaptureWriter.LINKTYPE_ETHERNET, Resolution.NANOS,
                ByteOrder.BIG_ENDIAN, 262144, map(pkts2, p -> eth(p)))));
        fact("gzip-misleading-name.pcap", 0, 0);
    }

    private void ipv4Options() {
        Ipv4 c2s = ipv4(C4, S4);
        Ipv4 s2c = ipv4(S4, C4);
        Tcp c = tcp(40060, 80);
        Tcp s = tcp(80, 40060);
        List<Pkt> p = List.of(
                // IHL 6: Router Alert.
                new Pkt(c2s.id(1).options(ipv4RouterAlert()).tcp(c.seq(60000).flags(SYN).window(64240)
                        .options(mss(1460)), new byte[0]), true),
                new Pkt(s2c.id(0).tcp(s.seq(65000).ack(60001).flags(SYN | ACK).window(65160)
                        .options(mss(1460)), new byte[0]), false),
                // IHL 15: NOP + Record Route with 9 slots (39 bytes) = the 40-byte maximum.
                new Pkt(c2s.id(2).options(ipv4Nop(), ipv4RecordRoute(9, "192.0.2.1", "203.0.113.1"))
                        .tcp(c.seq(60001).ack(65001).flags(ACK).window(502), new byte[0]), true),
                new Pkt(c2s.id(3).options(ipv4RouterAlert(), ipv4RecordRoute(2))
                        .tcp(c.seq(60001).ack(65001).flags(PSH | ACK).window(502), GET), true),
                new Pkt(s2c.id(0).tcp(s.seq(65001).ack(60001 + GET.length).flags(ACK).window(509),
                        new byte[0]), false),
                // IHL 7 on a bare reset.
                new Pkt(s2c.id(0).options(ipv4Nop(), ipv4Nop(), ipv4Nop(), ipv4Nop(), ipv4RecordRoute(1))
                        .tcp(s.seq(65001).flags(RST).window(0), new byte[0]), false));
        pcap("ipv4-options.pcap", CaptureWriter.LINKTYPE_ETHERNET, Resolution.MICROS, ByteOrder.LITTLE_ENDIAN,
                262144, map(p, FixtureGenerator::eth));
    }

    /** 20 bytes that would decode as a TCP header 40070 → 80 with only RST set. */
    private static byte[] fakeRstHeader() {
        return tcp(40070, 80).seq(0xDEADBEEFL).flags(RST).window(0).bytes(ip(C4), ip(S4), new byte[0]);
    }

    private void ipv4Fragments() {
        ipId = 0x4000;
        Flow f = new Flow(false, 40070, 80);
        List<Pkt> p = new ArrayList<>(abortedConversation(f, 70000, 75000).subList(0, 3));
        // A 100-byte request whose bytes 28..47 would decode as a TCP RST header: in fragment 2
        // they sit exactly where a reader that ignores the fragment offset looks for TCP.
        byte[] payload = concat(ascii("POST /upload HTTP/1.1\r\nX: 12"), fakeRstHeader(), new byte[52]);
        Arrays.fill(payload, 48, 100, (byte) 'A');
        byte[] segment = f.c().seq(70001).ack(75001).flags(PSH | ACK).window(502).bytes(ip(C4), ip(S4), payload);
        Ipv4 frag = ipv4(C4, S4).id(0x4242).df(false);
        p.add(new Pkt(frag.fragment(0, true).packet(PROTO_TCP, Arrays.copyOfRange(segment, 0, 48)), true));
        p.add(new Pkt(frag.fragment(48, false).packet(PROTO_TCP, Arrays.copyOfRange(segment, 48, segment.length)),
                true));
        // A lone non-first fragment (its first fragment never captured) starting with a fake RST.
        p.add(new Pkt(ipv4(C4, S4).id(0x4343).df(false).fragment(1480, false)
                .packet(PROTO_TCP, concat(fakeRstHeader(), ascii("tail of a lost datagram"))), true));
        p.add(f.s2c(f.s().seq(75001).ack(70001 + payload.length).flags(ACK).window(509), new byte[0]));
        p.add(f.s2cRst(f.s().seq(75001).ack(70001 + payload.length).flags(RST | ACK).window(0)));
        pcap("ipv4-fragments.pcap", CaptureWriter.LINKTYPE_ETHERNET, Resolution.MICROS, ByteOrder.LITTLE_ENDIAN,
                262144, map(p, FixtureGenerator::eth));
    }

    private void ipv6ExtensionHeaders() {
        Ipv6 c2s = ipv6(C6, S6);
        Ipv6 s2c = ipv6(S6, C6);
        Tcp c = tcp(40080, 80);
        Tcp s = tcp(80, 40080);
        // 0x1e: option type whose two high bits 00 say "skip if unknown" (RFC 8200 §4.2).
        byte[] unknownOption = {0x1e, 2, (byte) 0xab, (byte) 0xcd};
        byte[] payload = concat(ascii("PUT /v6 HTTP/1.1\r\nX-Pad: 123"), fake6RstHeader(), new byte[52]);
        Arrays.fill(payload, 48, 100, (byte) 'B');
        byte[] segment = c.seq(80001).ack(85001).flags(PSH | ACK).window(502).bytes(ip(C6), ip(S6), payload);
        List<Pkt> p = List.of(
                new Pkt(c2s.extensions(hopByHop(ipv6RouterAlert()), destinationOptions(unknownOption),
                        routingType0(0, "2001:db8:ffff::1"), destinationOptions(unknownOption))
                        .tcp(c.seq(80000).flags(SYN).window(64800).options(mss(1440), sackPermitted(), nop(),
                                wscale(7)), new byte[0]), true),
                new Pkt(s2c.tcp(s.seq(85000).ack(80001).flags(SYN | ACK).window(64800).options(mss(1440),
                        sackPermitted(), nop(), wscale(7)), new byte[0]), false),
                new Pkt(c2s.extensions(destinationOptions(unknownOption))
                        .tcp(c.seq(80001).ack(85001).flags(ACK).window(507), new byte[0]), true),
                // First and last fragment of one segment, behind a hop-by-hop header.
                new Pkt(c2s.extensions(hopByHop(ipv6RouterAlert()), fragmentHeader(0, true, 0xabcdef))
                        .packet(PROTO_TCP, Arrays.copyOfRange(segment, 0, 48)), true),
                new Pkt(c2s.extensions(hopByHop(ipv6RouterAlert()), fragmentHeader(48, false, 0xabcdef))
                        .packet(PROTO_TCP, Arrays.copyOfRange(segment, 48, segment.length)), true),
                // A lone non-first fragment starting with a fake RST.
                new Pkt(c2s.extensions(fragmentHeader(1448, false, 0x99))
                        .packet(PROTO_TCP, concat(fake6RstHeader(), ascii("tail of a lost packet"))), true),
                new Pkt(s2c.tcp(s.seq(85001).ack(80001 + payload.length).flags(ACK).window(501), new byte[0]),
                        false),
                new Pkt(s2c.extensions(destinationOptions(unknownOption))
                        .tcp(s.seq(85001).flags(RST).window(0), new byte[0]), false));
        pcap("ipv6-extension-headers.pcap", CaptureWriter.LINKTYPE_ETHERNET, Resolution.MICROS,
                ByteOrder.LITTLE_ENDIAN, 262144, map(p, FixtureGenerator::eth));
    }

    private static byte[] fake6RstHeader() {
        return tcp(40080, 80).seq(0xDEADBEEFL).flags(RST).window(0).bytes(ip(C6), ip(S6), new byte[0]);
    }

    private void vlan() {
        ipId = 0x5000;
        List<Pkt> p = all(abortedConversation(new Flow(false, 40090, 80), 90000, 95000),
                rejected(new Flow(true, 40091, 443), 97000));
        pcap("vlan-8021q-tcp.pcap", CaptureWriter.LINKTYPE_ETHERNET, Resolution.MICROS, ByteOrder.LITTLE_ENDIAN,
                262144, map(p, x -> eth(x, dot1q(100))));
        ipId = 0x5100;
        List<Pkt> q = all(abortedConversation(new Flow(true, 40092, 80), 92000, 96000),
                strayAckBareRst(new Flow(false, 40093, 80), 3, 4));
        pcap("qinq-8021ad-tcp.pcap", CaptureWriter.LINKTYPE_ETHERNET, Resolution.MICROS, ByteOrder.LITTLE_ENDIAN,
                262144, map(q, x -> eth(x, dot1ad(200), dot1q(100))));
    }

    private void cooked() {
        ipId = 0x6000;
        List<Pkt> p = all(abortedConversation(new Flow(false, 40100, 80), 100000, 105000),
                rejected(new Flow(true, 40101, 443), 107000));
        pcap("linux-sll-tcp.pcap", CaptureWriter.LINKTYPE_LINUX_SLL, Resolution.MICROS, ByteOrder.LITTLE_ENDIAN,
                262144, map(p, FixtureGenerator::sllFrame));
        pcap("linux-sll2-tcp.pcap", CaptureWriter.LINKTYPE_LINUX_SLL2, Resolution.NANOS, ByteOrder.LITTLE_ENDIAN,
                262144, map(p, FixtureGenerator::sll2Frame));
    }

    private void rawIp() {
        ipId = 0x7000;
        List<Pkt> mixed = all(abortedConversation(new Flow(false, 40110, 80), 110000, 115000),
                rejected(new Flow(true, 40111, 443), 117000));
        pcap("raw-ip-dlt12.pcap", CaptureWriter.DLT_RAW_12, Resolution.MICROS, ByteOrder.LITTLE_ENDIAN, 262144,
                map(mixed, Pkt::ip));
        pcap("raw-ip-dlt101.pcap", CaptureWriter.LINKTYPE_RAW, Resolution.MICROS, ByteOrder.BIG_ENDIAN, 262144,
                map(mixed, Pkt::ip));
        ipId = 0x7100;
        List<Pkt> v4 = all(abortedConversation(new Flow(false, 40112, 80), 112000, 116000),
                rejected(new Flow(false, 40113, 443), 118000));
        pcap("raw-ipv4-dlt228.pcap", CaptureWriter.LINKTYPE_IPV4, Resolution.MICROS, ByteOrder.LITTLE_ENDIAN, 262144,
                map(v4, Pkt::ip));
        List<Pkt> v6 = all(abortedConversation(new Flow(true, 40114, 80), 114000, 119000),
                strayAckBareRst(new Flow(true, 40115, 80), 5, 6));
        pcap("raw-ipv6-dlt229.pcap", CaptureWriter.LINKTYPE_IPV6, Resolution.MICROS, ByteOrder.LITTLE_ENDIAN, 262144,
                map(v6, Pkt::ip));
    }

    private void loopbackFiles() {
        ipId = 0x8000;
        // Loopback: both ends on the same host, but the fixture keeps distinct addresses.
        List<Pkt> v4 = rejected(new Flow(false, 40120, 81), 120000);
        List<Pkt> a = rejected(new Flow(true, 40121, 82), 121000);
        List<Pkt> b = strayAckBareRst(new Flow(true, 40122, 83), 7, 8);
        List<Pkt> c = rejected(new Flow(true, 40123, 84), 123000);
        List<byte[]> frames = new ArrayList<>();
        v4.forEach(p -> frames.add(loopback(AF_INET, ByteOrder.LITTLE_ENDIAN, p.ip())));
        a.forEach(p -> frames.add(loopback(AF_INET6_BSD, ByteOrder.LITTLE_ENDIAN, p.ip())));
        b.forEach(p -> frames.add(loopback(AF_INET6_FREEBSD, ByteOrder.LITTLE_ENDIAN, p.ip())));
        c.forEach(p -> frames.add(loopback(AF_INET6_DARWIN, ByteOrder.LITTLE_ENDIAN, p.ip())));
        // DLT_NULL: the family is in the writing host's byte order — a little-endian host here.
        pcap("null-loopback-ipv4-ipv6.pcap", CaptureWriter.LINKTYPE_NULL, Resolution.MICROS,
                ByteOrder.LITTLE_ENDIAN, 262144, frames);
        List<byte[]> loop = new ArrayList<>();
        rejected(new Flow(false, 40124, 85), 124000)
                .forEach(p -> loop.add(loopback(AF_INET, ByteOrder.BIG_ENDIAN, p.ip())));
        rejected(new Flow(true, 40125, 86), 125000)
                .forEach(p -> loop.add(loopback(AF_INET6_BSD, ByteOrder.BIG_ENDIAN, p.ip())));
        // DLT_LOOP: the family is big-endian whatever the host; the file header is little-endian.
        pcap("loop-dlt108.pcap", CaptureWriter.LINKTYPE_LOOP, Resolution.MICROS, ByteOrder.LITTLE_ENDIAN, 262144,
                loop);
    }

    private void tcpOptionsAll() {
        ipId = 0x9000;
        Flow f = new Flow(false, 40130, 80);
        byte[] data = new byte[100];
        Arrays.fill(data, (byte) 'd');
        long c0 = 130000;
        long s0 = 135000;
        List<Pkt> p = List.of(
                // Linux SYN order: MSS, SACK-permitted, timestamps, NOP, window scale.
                f.c2s(f.c().seq(c0).flags(SYN).window(64240)
                        .options(mss(1460), sackPermitted(), timestamps(100, 0), nop(), wscale(7)), new byte[0]),
                // Another stack's order: MSS, NOP, window scale, SACK-permitted, timestamps.
                f.s2c(f.s().seq(s0).ack(c0 + 1).flags(SYN | ACK).window(65535)
                        .options(mss(1400), nop(), wscale(9), sackPermitted(), timestamps(200, 100)), new byte[0]),
                f.c2s(f.c().seq(c0 + 1).ack(s0 + 1).flags(ACK).window(502)
                        .options(nop(), nop(), timestamps(101, 200)), new byte[0]),
                f.c2s(f.c().seq(c0 + 1).ack(s0 + 1).flags(PSH | ACK).window(502)
                        .options(nop(), nop(), timestamps(102, 200)), data),
                // SACK: 1, 2, 3 (with timestamps: 40 bytes, the maximum) and 4 blocks (without).
                f.s2c(f.s().seq(s0 + 1).ack(c0 + 1).flags(ACK).window(128)
                        .options(nop(), nop(), timestamps(201, 102), nop(), nop(), sack(c0 + 51, c0 + 101)),
                        new byte[0]),
                f.s2c(f.s().seq(s0 + 1).ack(c0 + 1).flags(ACK).window(128)
                        .options(nop(), nop(), timestamps(202, 102), nop(), nop(),
                                sack(c0 + 81, c0 + 101, c0 + 41, c0 + 61)), new byte[0]),
                f.s2c(f.s().seq(s0 + 1).ack(c0 + 1).flags(ACK).window(128)
                        .options(nop(), nop(), timestamps(203, 102), nop(), nop(),
                                sack(c0 + 91, c0 + 101, c0 + 61, c0 + 71, c0 + 31, c0 + 41)), new byte[0]),
                f.s2c(f.s().seq(s0 + 1).ack(c0 + 1).flags(ACK).window(128)
                        .options(nop(), nop(), sack(c0 + 91, c0 + 101, c0 + 71, c0 + 81, c0 + 51, c0 + 61,
                                c0 + 31, c0 + 41)), new byte[0]),
                // Urgent data: URG with urgent pointer 1.
                f.c2s(f.c().seq(c0 + 101).ack(s0 + 1).flags(URG | PSH | ACK).window(502).urgent(1)
                        .options(nop(), nop(), timestamps(103, 203)), ascii("!")),
                // Options ended by End-of-Option-List and zero padding: MSS, WS, EOL.
                f.c2s(tcp(40131, 80).seq(131000).flags(SYN).window(8192).options(mss(536), wscale(2), eol()),
                        new byte[0]),
                f.s2cRst(tcp(80, 40131).seq(0).ack(131001).flags(RST | ACK).window(0)),
                // Active reset with timestamps.
                f.c2s(f.c().seq(c0 + 102).ack(s0 + 1).flags(RST | ACK).window(502)
                        .options(nop(), nop(), timestamps(104, 203)), new byte[0]));
        pcap("tcp-options-all.pcap", CaptureWriter.LINKTYPE_ETHERNET, Resolution.MICROS, ByteOrder.LITTLE_ENDIAN,
                262144, map(p, FixtureGenerator::eth));
    }

    private void snaplenTruncated() {
        ipId = 0xA000;
        Flow f = new Flow(false, 40140, 80);
        Flow g = new Flow(true, 40141, 80);
        byte[] data = new byte[200];
        Arrays.fill(data, (byte) 't');
        List<Pkt> p = List.of(
                // 74 bytes: TCP header 40 bytes, 30 captured → TRUNCATED.
                f.c2s(f.c().seq(140000).flags(SYN).window(64240)
                        .options(mss(1460), sackPermitted(), timestamps(1, 0), nop(), wscale(7)), new byte[0]),
                f.s2c(f.s().seq(145000).ack(140001).flags(SYN | ACK).window(65160)
                        .options(mss(1460), sackPermitted(), timestamps(2, 1), nop(), wscale(7)), new byte[0]),
                // 54 bytes: fits.
                f.c2s(f.c().seq(140001).ack(145001).flags(ACK).window(502), new byte[0]),
                // 254 bytes: header complete, only the payload is cut — not an issue.
                f.c2s(f.c().seq(140001).ack(145001).flags(PSH | ACK).window(502), data),
                // 66 bytes: 32-byte TCP header, 30 captured → TRUNCATED.
                f.s2c(f.s().seq(145001).ack(140201).flags(ACK).window(509)
                        .options(nop(), nop(), timestamps(3, 1)), new byte[0]),
                // IPv6 SYN, 94 bytes: 10 of 40 TCP header bytes, flags not captured → TRUNCATED.
                g.c2s(g.c().seq(141000).flags(SYN).window(64800)
                        .options(mss(1440), sackPermitted(), timestamps(1, 0), nop(), wscale(7)), new byte[0]),
                // Bare RST, 54 bytes: complete.
                f.s2cRst(f.s().seq(145001).flags(RST).window(0)),
                // IPv6 RST|ACK, 74 bytes: 10 bytes of TCP, the RST flag is not in the capture → TRUNCATED.
                g.s2cRst(g.s().seq(0).ack(141001).flags(RST | ACK).window(0)));
        pcap("snaplen-truncated-tcp.pcap", CaptureWriter.LINKTYPE_ETHERNET, Resolution.MICROS,
                ByteOrder.LITTLE_ENDIAN, 64, map(p, FixtureGenerator::eth));
        fact("snaplen-truncated-tcp.pcap", 5, 0);
    }

    private void invalidHeaders() {
        ipId = 0xB000;
        Flow f = new Flow(false, 40150, 80);
        Ipv4 c2s = ipv4(C4, S4);
        Tcp ack = f.c().seq(150001).ack(155001).flags(ACK).window(502);
        List<Pkt> p = List.of(
                f.c2s(f.c().seq(150000).flags(SYN).window(64240).options(mss(1460)), new byte[0]),
                f.s2c(f.s().seq(155000).ack(150001).flags(SYN | ACK).window(65160).options(mss(1460)),
                        new byte[0]),
                // IHL 4 (16 bytes) is below the 20-byte minimum (RFC 791 §3.1).
                new Pkt(c2s.id(0xB101).ihl(4).tcp(ack, new byte[0]), true),
                // Total length 16 is below the 20-byte header.
                new Pkt(c2s.id(0xB102).totalLength(16).tcp(ack, new byte[0]), true),
                // TCP data offset 4 (16 bytes) is below the 20-byte minimum (RFC 9293 §3.1).
                new Pkt(c2s.id(0xB103).tcp(ack.dataOffset(4), new byte[0]), true),
                // TCP data offset 15 (60 bytes) but the IP payload holds only 24 bytes.
                new Pkt(c2s.id(0xB104).tcp(ack.dataOffset(15), ascii("abcd")), true),
                // Version 7 in a frame whose EtherType says IPv4.
                new Pkt(c2s.id(0xB105).version(7).tcp(ack, new byte[0]), true),
                f.c2s(f.c().seq(150001).ack(155001).flags(PSH | ACK).window(502), GET),
                f.s2c(f.s().seq(155001).ack(150001 + GET.length).flags(ACK).window(509), new byte[0]),
                f.s2cRst(f.s().seq(155001).ack(150001 + GET.length).flags(RST | ACK).window(0)));
        pcap("invalid-headers.pcap", CaptureWriter.LINKTYPE_ETHERNET, Resolution.MICROS, ByteOrder.LITTLE_ENDIAN,
                262144, map(p, FixtureGenerator::eth));
        fact("invalid-headers.pcap", 0, 5);
    }

    private void icmpQuotingTcp() {
        ipId = 0xC000;
        Flow f4 = new Flow(false, 40160, 9999);
        Flow f6 = new Flow(true, 40161, 9999);
        Pkt syn4 = f4.c2s(f4.c().seq(160000).flags(SYN).window(64240).options(mss(1460)), new byte[0]);
        Pkt syn6 = f6.c2s(f6.c().seq(161000).flags(SYN).window(64800).options(mss(1440)), new byte[0]);
        // A firewall on the server's side answers: destination unreachable, administratively
        // prohibited (ICMP 3/13, ICMPv6 1/1), quoting the whole SYN.
        Pkt icmp4 = new Pkt(ipv4(S4, C4).id(0).packet(PROTO_ICMP, icmpv4(3, 13, 0, syn4.ip())), false);
        Pkt icmp6 = new Pkt(ipv6(S6, C6).packet(PROTO_ICMPV6, icmpv6(ip(S6), ip(C6), 1, 1, 0, syn6.ip())), false);
        List<Pkt> p = all(List.of(syn4, icmp4, syn6, icmp6), rejected(new Flow(false, 40162, 81), 162000));
        List<byte[]> frames = new ArrayList<>(map(p, FixtureGenerator::eth));
        // A UDP datagram to the discard port: neither TCP nor ICMP.
        frames.add(eth(new Pkt(ipv4(C4, S4).id(0xC0FF).udp(53000, 9, ascii("to the discard port")), true)));
        pcap("icmp-quoting-tcp.pcap", CaptureWriter.LINKTYPE_ETHERNET, Resolution.MICROS, ByteOrder.LITTLE_ENDIAN,
                262144, frames);
    }

    private void unsupportedLinkType() {
        ipId = 0xD000;
        List<Pkt> p = rejected(new Flow(false, 40170, 80), 170000);
        List<byte[]> frames = new ArrayList<>();
        for (Pkt x : p) {
            // 802.11 data frame: to the AP (ToDS) from the client, from the AP (FromDS) to it;
            // then LLC/SNAP with EtherType IPv4.
            ByteBuffer b = ByteBuffer.allocate(24 + 8 + x.ip().length);
            byte[] ap = mac("02:00:00:00:00:ff");
            b.put((byte) 0x08).put((byte) (x.fromClient() ? 0x01 : 0x02)).putShort((short) 0);
            if (x.fromClient()) {
                b.put(ap).put(CLIENT_MAC).put(SERVER_MAC);
            } else {
                b.put(CLIENT_MAC).put(ap).put(SERVER_MAC);
            }
            b.putShort((short) 0);
            b.put(new byte[] {(byte) 0xaa, (byte) 0xaa, 3, 0, 0, 0, 8, 0}).put(x.ip());
            frames.add(b.array());
        }
        pcap("unsupported-linktype.pcap", CaptureWriter.LINKTYPE_IEEE802_11, Resolution.MICROS,
                ByteOrder.LITTLE_ENDIAN, 262144, frames);
        facts.put("unsupported-linktype.pcap", "-\t-\t-\t-");
    }

    private void damagedFiles() {
        ipId = 0xE000;
        List<byte[]> conv = map(abortedConversation(new Flow(false, 40180, 80), 180000, 185000),
                FixtureGenerator::eth);

        // Bad magic: a pcap whose first four bytes are "RST?"; nothing is readable.
        byte[] bad = pcapBytes(CaptureWriter.LINKTYPE_ETHERNET, Resolution.MICROS, ByteOrder.LITTLE_ENDIAN, 262144,
                conv.subList(0, 2));
        System.arraycopy(ascii("RST?"), 0, bad, 0, 4);
        writeFile("damaged-bad-magic.pcap", bad);
        damaged("damaged-bad-magic.pcap", 0, 0);

        // 3 good packets, then a record header claiming 1000 bytes with only 40 left in the file.
        {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            long offset;
            try (CaptureWriter w = CaptureWriter.pcap(bos, CaptureWriter.LINKTYPE_ETHERNET)) {
                for (int i = 0; i < 3; i++) {
                    w.write(T0 + i * STEP, conv.get(i));
                }
                offset = w.position();
                w.writeRaw(pcapRecordHeader(ByteOrder.LITTLE_ENDIAN, T0 + 3 * STEP, 1000, 1000));
                w.writeRaw(Arrays.copyOf(conv.get(3), 40));
            }
            writeFile("damaged-record-length-past-eof.pcap", bos.toByteArray());
            damaged("damaged-record-length-past-eof.pcap", 3, offset);
        }

        // 3 good packets, then a record header claiming 16 MiB, far above the snap length. (Not 2:
        // tshark 4.0 checks the first 3 records to tell pcap variants apart, and with a bad
        // third record it picks another variant and shows garbage.)
        {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            long offset;
            try (CaptureWriter w = CaptureWriter.pcap(bos, CaptureWriter.LINKTYPE_ETHERNET)) {
                for (int i = 0; i < 3; i++) {
                    w.write(T0 + i * STEP, conv.get(i));
                }
                offset = w.position();
                w.writeRaw(pcapRecordHeader(ByteOrder.LITTLE_ENDIAN, T0 + 3 * STEP, 16 << 20, 16 << 20));
                w.writeRaw(conv.get(3));
            }
            writeFile("damaged-huge-record.pcap", bos.toByteArray());
            damaged("damaged-huge-record.pcap", 3, offset);
        }

        // pcapng: 3 good packets, then a 98-byte EPB: a total length that is not a multiple of 4.
        damagedPcapng("damaged-pcapng-bad-block-length.pcapng", conv, false, 98, 98);
        // pcapng: 3 good packets, then an EPB whose trailing length disagrees with the leading one.
        damagedPcapng("damaged-pcapng-trailer-mismatch.pcapng", conv, true, 100, 96);

        // The file ends in the middle of the 4th packet's data.
        {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            long offset;
            try (CaptureWriter w = CaptureWriter.pcap(bos, CaptureWriter.LINKTYPE_ETHERNET)) {
                for (int i = 0; i < 3; i++) {
                    w.write(T0 + i * STEP, conv.get(i));
                }
                offset = w.position();
                w.write(T0 + 3 * STEP, conv.get(3));
            }
            byte[] full = bos.toByteArray();
            writeFile("cut-mid-packet.pcap", Arrays.copyOf(full, (int) offset + 16 + conv.get(3).length / 2));
            damaged("cut-mid-packet.pcap", 3, offset);
        }
    }

    /**
     * 3 good packets, then an EPB for the 66-byte ACK (conv[2]) with its data left unpadded and
     * both length fields set to {@code total}: 100 for the real block (28 header + 68 padded data
     * + 4), 98 for a block whose length is not a multiple of 4 (§3.1).
     */
    private void damagedPcapng(String name, List<byte[]> conv, boolean padded, int leading, int trailing) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        long[] offset = new long[1];
        try (CaptureWriter w = CaptureWriter.pcapng(bos, ByteOrder.LITTLE_ENDIAN)) {
            int eth = w.addInterface(CaptureWriter.LINKTYPE_ETHERNET, 0, Resolution.MICROS);
            for (int i = 0; i < 3; i++) {
                byte[] f = conv.get(i);
                w.write(eth, T0 + i * STEP, f, f.length, f.length);
            }
            offset[0] = w.position();
            byte[] f = conv.get(2);
            int dataLen = padded ? (f.length + 3) & ~3 : f.length;
            long units = T0 / 1000 + 3 * STEP / 1000;
            ByteBuffer b = ByteBuffer.allocate(28 + dataLen + 4).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(6).putInt(leading).putInt(eth).putInt((int) (units >>> 32)).putInt((int) units)
                    .putInt(f.length).putInt(f.length).put(f);
            b.position(28 + dataLen);
            b.putInt(trailing);
            w.writeRaw(b.array());
            // A good block after the damage, which a reader must not reach.
            w.write(eth, T0 + 4 * STEP, conv.get(4), conv.get(4).length, conv.get(4).length);
        }
        writeFile(name, bos.toByteArray());
        damaged(name, 3, offset[0]);
    }

    private static byte[] pcapRecordHeader(ByteOrder order, long tsNanos, int inclLen, int origLen) {
        return ByteBuffer.allocate(16).order(order).putInt((int) (tsNanos / 1_000_000_000L))
                .putInt((int) (tsNanos % 1_000_000_000L / 1000)).putInt(inclLen).putInt(origLen).array();
    }
}
