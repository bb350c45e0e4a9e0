package io.rstscope.capture;

import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the bytes of synthetic frames, layer by layer: link headers (Ethernet II with 802.1Q /
 * 802.1ad tags, Linux SLL and SLL2, BSD NULL/LOOP), IPv4 and IPv6 (with extension headers), TCP
 * (with options), UDP and ICMP — every checksum computed as the wire requires.
 *
 * <p>Each layer takes the bytes of the layer above as its payload, so frames compose inside out.
 * Header descriptions ({@link Ipv4}, {@link Ipv6}, {@link Tcp}) are immutable values: every
 * {@code withX}-style step returns a new value, so one description can be reused for a whole
 * conversation. Written for {@code import static io.rstscope.capture.Frames.*}:
 *
 * <pre>{@code
 * Ipv4 c2s = ipv4("192.0.2.10", "198.51.100.20").ttl(64).id(4711);
 * Tcp syn = tcp(40000, 80).seq(1000).flags(SYN).window(64240)
 *         .options(mss(1460), sackPermitted(), timestamps(1, 0), nop(), wscale(7));
 * byte[] frame = ethernet(mac("02:00:00:00:00:01"), mac("02:00:00:00:00:02"),
 *         ETHERTYPE_IPV4, c2s.tcp(syn, new byte[0]));
 * writer.write(tsNanos, frame);            // a CaptureWriter
 * }</pre>
 *
 * <p>Malformed headers for tests and teaching are made with the raw overrides
 * ({@link Ipv4#version(int)}, {@link Ipv4#ihl(int)}, {@link Ipv4#totalLength(int)},
 * {@link Tcp#dataOffset(int)}): the bad field is written as given and the checksums are still
 * computed over the bytes as written, so the one bad field is the only fault in the packet.
 */
public final class Frames {

    /** EtherType of IPv4 (IEEE 802 numbers). */
    public static final int ETHERTYPE_IPV4 = 0x0800;
    /** EtherType of IPv6. */
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    /** EtherType / TPID of an IEEE 802.1Q customer VLAN tag. */
    public static final int ETHERTYPE_8021Q = 0x8100;
    /** EtherType / TPID of an IEEE 802.1ad service (outer, "QinQ") tag. */
    public static final int ETHERTYPE_8021AD = 0x88A8;

    /** IP protocol number of an IPv6 hop-by-hop options header (RFC 8200 §4.3). */
    public static final int PROTO_HOPOPTS = 0;
    /** IP protocol number of ICMP. */
    public static final int PROTO_ICMP = 1;
    /** IP protocol number of TCP. */
    public static final int PROTO_TCP = 6;
    /** IP protocol number of UDP. */
    public static final int PROTO_UDP = 17;
    /** IP protocol number of an IPv6 routing header (RFC 8200 §4.4). */
    public static final int PROTO_ROUTING = 43;
    /** IP protocol number of an IPv6 fragment header (RFC 8200 §4.5). */
    public static final int PROTO_FRAGMENT = 44;
    /** IP protocol number of ICMPv6. */
    public static final int PROTO_ICMPV6 = 58;
    /** IP protocol number of an IPv6 destination options header (RFC 8200 §4.6). */
    public static final int PROTO_DSTOPTS = 60;

    /** BSD address family of IPv4 in a NULL/LOOP header; the same on every BSD. */
    public static final int AF_INET = 2;
    /** BSD AF_INET6 on NetBSD and OpenBSD (and the value libpcap documents as "BSD"). */
    public static final int AF_INET6_BSD = 24;
    /** BSD AF_INET6 on FreeBSD and DragonFly. */
    public static final int AF_INET6_FREEBSD = 28;
    /** BSD AF_INET6 on macOS (Darwin). */
    public static final int AF_INET6_DARWIN = 30;

    /** TCP flag FIN (RFC 9293 §3.1). */
    public static final int FIN = 0x01;
    /** TCP flag SYN. */
    public static final int SYN = 0x02;
    /** TCP flag RST. */
    public static final int RST = 0x04;
    /** TCP flag PSH. */
    public static final int PSH = 0x08;
    /** TCP flag ACK. */
    public static final int ACK = 0x10;
    /** TCP flag URG. */
    public static final int URG = 0x20;
    /** TCP flag ECE (RFC 3168). */
    public static final int ECE = 0x40;
    /** TCP flag CWR (RFC 3168). */
    public static final int CWR = 0x80;

    private static final byte[] EMPTY = new byte[0];

    private Frames() {
    }

    // ---------------------------------------------------------------- small values

    /** The 4 or 16 bytes of a literal IPv4 or IPv6 address; never resolves a host name. */
    public static byte[] ip(String literal) {
        if (literal.indexOf(':') >= 0) {
            try {
                // With a ':' the JDK parses an IPv6 literal and never asks DNS.
                InetAddress a = InetAddress.getByName(literal);
                if (!(a instanceof Inet6Address)) {
                    // "::ffff:1.2.3.4" is folded to IPv4 by the JDK; keep the 16 bytes the user wrote.
                    byte[] v4 = a.getAddress();
                    byte[] v6 = new byte[16];
                    v6[10] = (byte) 0xff;
                    v6[11] = (byte) 0xff;
                    System.arraycopy(v4, 0, v6, 12, 4);
                    return v6;
                }
                return a.getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("IPv6 address: expected a literal, got '" + literal + "'", e);
            }
        }
        String[] parts = literal.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("IPv4 address: expected 4 dotted numbers, got '" + literal + "'");
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v;
            try {
                v = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                v = -1;
            }
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("IPv4 address: part " + (i + 1) + " of '" + literal
                        + "' must be 0..255, got '" + parts[i] + "'");
            }
            b[i] = (byte) v;
        }
        return b;
    }

    /** The 6 bytes of a MAC address written as {@code 02:00:00:00:00:01} (or with '-'). */
    public static byte[] mac(String text) {
        String[] parts = text.split("[:-]", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("MAC address: expected 6 hex pairs, got '" + text + "'");
        }
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }

    /** The US-ASCII bytes of a text, for payloads. */
    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The byte arrays one after the other. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /**
     * The Internet checksum (RFC 1071) of the concatenated parts: the one's complement of the
     * one's-complement sum of 16-bit big-endian words, an odd last byte padded with zero.
     */
    public static int internetChecksum(byte[]... parts) {
        byte[] all = parts.length == 1 ? parts[0] : concat(parts);
        long sum = 0;
        for (int i = 0; i + 1 < all.length; i += 2) {
            sum += ((all[i] & 0xff) << 8) | (all[i + 1] & 0xff);
        }
        if ((all.length & 1) != 0) {
            sum += (all[all.length - 1] & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    // ---------------------------------------------------------------- link layer

    /** One 802.1Q / 802.1ad tag: TPID, priority (PCP), drop-eligible bit and VLAN id. */
    public record VlanTag(int tpid, int pcp, boolean dei, int vid) {
        /** Checks each field's range. */
        public VlanTag {
            checkRange("VLAN TPID", tpid, 0, 0xffff);
            checkRange("VLAN PCP", pcp, 0, 7);
            checkRange("VLAN id", vid, 0, 4095);
        }

        int tci() {
            return (pcp << 13) | (dei ? 0x1000 : 0) | vid;
        }
    }

    /** An 802.1Q (customer) tag with TPID 0x8100 and priority 0. */
    public static VlanTag dot1q(int vid) {
        return new VlanTag(ETHERTYPE_8021Q, 0, false, vid);
    }

    /** An 802.1ad (service, outer QinQ) tag with TPID 0x88A8 and priority 0. */
    public static VlanTag dot1ad(int vid) {
        return new VlanTag(ETHERTYPE_8021AD, 0, false, vid);
    }

    /**
     * An Ethernet II frame without FCS (as captures hold it): destination, source, then the tags
     * outermost first (so QinQ is {@code dot1ad(..), dot1q(..)}), then the EtherType and payload.
     * Short frames are not padded to 60 bytes, so the IP length is exact; pad the payload if a
     * scenario needs the trailer a real NIC adds.
     */
    public static byte[] ethernet(byte[] dst, byte[] src, int etherType, byte[] payload, VlanTag... tags) {
        checkLength("Ethernet destination", dst, 6);
        checkLength("Ethernet source", src, 6);
        checkRange("EtherType", etherType, 0, 0xffff);
        ByteBuffer b = ByteBuffer.allocate(14 + 4 * tags.length + payload.length);
        b.put(dst).put(src);
        for (VlanTag t : tags) {
            b.putShort((short) t.tpid()).putShort((short) t.tci());
        }
        b.putShort((short) etherType).put(payload);
        return b.array();
    }

    /**
     * A Linux "cooked" v1 frame (LINKTYPE_LINUX_SLL 113): packet type (0 to us, 4 sent by us...),
     * ARPHRD type (1 = Ethernet), link-layer address (up to 8 bytes, zero-padded), protocol
     * (an EtherType), payload. All fields big-endian.
     */
    public static byte[] sll(int packetType, int arphrdType, byte[] linkAddr, int protocol, byte[] payload) {
        if (linkAddr.length > 8) {
            throw new IllegalArgumentException("SLL link-layer address: at most 8 bytes, got " + linkAddr.length);
        }
        ByteBuffer b = ByteBuffer.allocate(16 + payload.length);
        b.putShort((short) packetType).putShort((short) arphrdType).putShort((short) linkAddr.length);
        b.put(Arrays.copyOf(linkAddr, 8));
        b.putShort((short) protocol).put(payload);
        return b.array();
    }

    /**
     * A Linux "cooked" v2 frame (LINKTYPE_LINUX_SLL2 276): protocol (an EtherType), reserved,
     * interface index, ARPHRD type, packet type, address length, address (8 bytes, zero-padded),
     * payload. Note the order differs from SLL v1: the protocol comes first.
     */
    public static byte[] sll2(int protocol, int ifIndex, int arphrdType, int packetType, byte[] linkAddr,
            byte[] payload) {
        if (linkAddr.length > 8) {
            throw new IllegalArgumentException("SLL2 link-layer address: at most 8 bytes, got " + linkAddr.length);
        }
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.putShort((short) protocol).putShort((short) 0).putInt(ifIndex).putShort((short) arphrdType);
        b.put((byte) packetType).put((byte) linkAddr.length).put(Arrays.copyOf(linkAddr, 8));
        b.put(payload);
        return b.array();
    }

    /**
     * A BSD loopback frame: a 4-byte address family then the IP packet. For LINKTYPE_NULL (0) the
     * family is in the byte order of the capturing host; for LINKTYPE_LOOP (108) it is always
     * big-endian — pass the order accordingly.
     */
    public static byte[] loopback(int addressFamily, ByteOrder order, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + payload.length).order(order);
        b.putInt(addressFamily);
        b.put(payload);
        return b.array();
    }

    // ---------------------------------------------------------------- IPv4

    /** An IPv4 header from {@code src} to {@code dst}: TTL 64, TOS 0, ID 0, DF set, no options. */
    public static Ipv4 ipv4(String src, String dst) {
        return new Ipv4(ip4(src), ip4(dst), 0, 0, true, false, 0, 64, EMPTY, 4, 0, 0);
    }

    /**
     * An IPv4 header description (RFC 791). {@code fragmentOffset} is in bytes (a multiple of 8);
     * {@code version}, {@code ihl} and {@code totalLength} are raw overrides: 4, 0 and 0 mean
     * "the right value".
     */
    public record Ipv4(byte[] src, byte[] dst, int tos, int id, boolean df, boolean mf, int fragmentOffset,
            int ttl, byte[] options, int version, int ihl, int totalLength) {

        /** Checks each field's range and copies the arrays. */
        public Ipv4 {
            checkLength("IPv4 source", src, 4);
            checkLength("IPv4 destination", dst, 4);
            checkRange("IPv4 TOS", tos, 0, 255);
            checkRange("IPv4 ID", id, 0, 0xffff);
            checkRange("IPv4 TTL", ttl, 0, 255);
            checkRange("IPv4 version", version, 0, 15);
            checkRange("IPv4 IHL", ihl, 0, 15);
            checkRange("IPv4 total length", totalLength, 0, 0xffff);
            if (fragmentOffset < 0 || fragmentOffset % 8 != 0 || fragmentOffset / 8 > 0x1fff) {
                throw new IllegalArgumentException("IPv4 fragment offset: expected a multiple of 8 in 0.."
                        + 0x1fff * 8 + ", got " + fragmentOffset);
            }
            if (options.length > 40) {
                throw new IllegalArgumentException("IPv4 options: at most 40 bytes, got " + options.length);
            }
            src = src.clone();
            dst = dst.clone();
            options = options.clone();
        }

        @Override
        public byte[] src() {
            return src.clone();
        }

        @Override
        public byte[] dst() {
            return dst.clone();
        }

        @Override
        public byte[] options() {
            return options.clone();
        }

        /** The same header with another TTL. */
        public Ipv4 ttl(int v) {
            return new Ipv4(src, dst, tos, id, df, mf, fragmentOffset, v, options, version, ihl, totalLength);
        }

        /** The same header with another identification. */
        public Ipv4 id(int v) {
            return new Ipv4(src, dst, tos, v, df, mf, fragmentOffset, ttl, options, version, ihl, totalLength);
        }

        /** The same header with another type-of-service / DSCP+ECN byte. */
        public Ipv4 tos(int v) {
            return new Ipv4(src, dst, v, id, df, mf, fragmentOffset, ttl, options, version, ihl, totalLength);
        }

        /** The same header with the don't-fragment bit set or cleared. */
        public Ipv4 df(boolean v) {
            return new Ipv4(src, dst, tos, id, v, mf, fragmentOffset, ttl, options, version, ihl, totalLength);
        }

        /** The same header as a fragment at {@code offsetBytes} (multiple of 8), with more-fragments. */
        public Ipv4 fragment(int offsetBytes, boolean moreFragments) {
            return new Ipv4(src, dst, tos, id, df, moreFragments, offsetBytes, ttl, options, version, ihl,
                    totalLength);
        }

        /**
         * The same header with options, padded with End-of-Option-List (0) bytes to a multiple of
         * 4 since IHL counts 32-bit words (RFC 791 §3.1).
         */
        public Ipv4 options(byte[]... opts) {
            return new Ipv4(src, dst, tos, id, df, mf, fragmentOffset, ttl, padTo4(concat(opts)), version, ihl,
                    totalLength);
        }

        /** The same header with the source and destination swapped: the reply direction. */
        public Ipv4 reversed() {
            return new Ipv4(dst, src, tos, id, df, mf, fragmentOffset, ttl, options, version, ihl, totalLength);
        }

        /** Raw override of the version nibble (malformed headers only). */
        public Ipv4 version(int v) {
            return new Ipv4(src, dst, tos, id, df, mf, fragmentOffset, ttl, options, v, ihl, totalLength);
        }

        /** Raw override of the IHL nibble (malformed headers only; 0 = computed). */
        public Ipv4 ihl(int v) {
            return new Ipv4(src, dst, tos, id, df, mf, fragmentOffset, ttl, options, version, v, totalLength);
        }

        /** Raw override of the total-length field (malformed headers only; 0 = computed). */
        public Ipv4 totalLength(int v) {
            return new Ipv4(src, dst, tos, id, df, mf, fragmentOffset, ttl, options, version, ihl, v);
        }

        /** The IPv4 packet: this header (checksum computed) followed by {@code payload}. */
        public byte[] packet(int protocol, byte[] payload) {
            checkRange("IP protocol", protocol, 0, 255);
            int hlen = 20 + options.length;
            int total = totalLength != 0 ? totalLength : hlen + payload.length;
            if (totalLength == 0 && total > 0xffff) {
                throw new IllegalArgumentException("IPv4 total length: at most 65535, got " + total);
            }
            int flagsOffset = (df ? 0x4000 : 0) | (mf ? 0x2000 : 0) | (fragmentOffset / 8);
            ByteBuffer b = ByteBuffer.allocate(hlen + payload.length);
            b.put((byte) ((version << 4) | (ihl != 0 ? ihl : hlen / 4))).put((byte) tos);
            b.putShort((short) total).putShort((short) id).putShort((short) flagsOffset);
            b.put((byte) ttl).put((byte) protocol).putShort((short) 0).put(src).put(dst).put(options);
            byte[] out = b.array();
            int sum = internetChecksum(Arrays.copyOf(out, hlen));
            out[10] = (byte) (sum >>> 8);
            out[11] = (byte) sum;
            System.arraycopy(payload, 0, out, hlen, payload.length);
            return out;
        }

        /** The IPv4 packet carrying {@code segment}'s bytes, its checksum over this pseudo-header. */
        public byte[] tcp(Tcp segment, byte[] payload) {
            return packet(PROTO_TCP, segment.bytes(src, dst, payload));
        }

        /** The IPv4 packet carrying a UDP datagram, its checksum over this pseudo-header. */
        public byte[] udp(int srcPort, int dstPort, byte[] payload) {
            return packet(PROTO_UDP, Frames.udp(srcPort, dstPort, src, dst, payload));
        }
    }

    /** An IPv4 Router Alert option (RFC 2113): copied, class 0, number 20, value 0. */
    public static byte[] ipv4RouterAlert() {
        return new byte[] {(byte) 0x94, 4, 0, 0};
    }

    /** An IPv4 No-Operation option (type 1), used to align the next option. */
    public static byte[] ipv4Nop() {
        return new byte[] {1};
    }

    /**
     * An IPv4 Record Route option (RFC 791, type 7) with {@code slots} address slots, the first
     * {@code recorded.length} filled in; the pointer points at the first empty slot.
     */
    public static byte[] ipv4RecordRoute(int slots, String... recorded) {
        if (slots < 1 || slots > 9 || recorded.length > slots) {
            throw new IllegalArgumentException("IPv4 record route: 1..9 slots holding at most that many addresses, got "
                    + slots + " slots and " + recorded.length + " addresses");
        }
        ByteBuffer b = ByteBuffer.allocate(3 + 4 * slots);
        b.put((byte) 7).put((byte) (3 + 4 * slots)).put((byte) (4 + 4 * recorded.length));
        for (String r : recorded) {
            b.put(ip4(r));
        }
        return b.array();
    }

    // ---------------------------------------------------------------- IPv6

    /** An IPv6 header from {@code src} to {@code dst}: hop limit 64, class 0, no flow label. */
    public static Ipv6 ipv6(String src, String dst) {
        return new Ipv6(ip6(src), ip6(dst), 0, 0, 64, List.of());
    }

    /**
     * One IPv6 extension header: its protocol number and its bytes after the Next Header byte
     * (which the packet builder fills in as the chain requires).
     */
    public record Extension(int type, byte[] body) {
        /** Copies the body and checks the whole header is a multiple of 8 bytes (RFC 8200 §4). */
        public Extension {
            if ((body.length + 1) % 8 != 0) {
                throw new IllegalArgumentException("IPv6 extension header " + type
                        + ": length must be a multiple of 8, got " + (body.length + 1));
            }
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    /**
     * A hop-by-hop options header (RFC 8200 §4.3) holding {@code options} (type-length-value
     * bytes), padded with Pad1/PadN to a multiple of 8.
     */
    public static Extension hopByHop(byte[]... options) {
        return new Extension(PROTO_HOPOPTS, optionsHeaderBody(concat(options)));
    }

    /** A destination options header (RFC 8200 §4.6), padded like {@link #hopByHop}. */
    public static Extension destinationOptions(byte[]... options) {
        return new Extension(PROTO_DSTOPTS, optionsHeaderBody(concat(options)));
    }

    /** The IPv6 Router Alert option (RFC 2711) for a hop-by-hop header: type 5, value 0 (MLD). */
    public static byte[] ipv6RouterAlert() {
        return new byte[] {5, 2, 0, 0};
    }

    /**
     * A routing header of type 0 (RFC 2460 §4.4; deprecated by RFC 5095 but still parsed) with
     * the given addresses and segments-left count. With segments left 0 the packet has reached
     * its final destination, which is then the IPv6 destination address.
     */
    public static Extension routingType0(int segmentsLeft, String... addresses) {
        checkRange("routing header segments left", segmentsLeft, 0, addresses.length);
        ByteBuffer b = ByteBuffer.allocate(7 + 16 * addresses.length);
        b.put((byte) (2 * addresses.length)).put((byte) 0).put((byte) segmentsLeft).putInt(0);
        for (String a : addresses) {
            b.put(ip6(a));
        }
        return new Extension(PROTO_ROUTING, b.array());
    }

    /**
     * A fragment header (RFC 8200 §4.5): offset in bytes (a multiple of 8), more-fragments flag
     * and the 32-bit identification shared by all fragments of one packet.
     */
    public static Extension fragmentHeader(int offsetBytes, boolean moreFragments, long identification) {
        if (offsetBytes < 0 || offsetBytes % 8 != 0 || offsetBytes / 8 > 0x1fff) {
            throw new IllegalArgumentException("IPv6 fragment offset: expected a multiple of 8 in 0.."
                    + 0x1fff * 8 + ", got " + offsetBytes);
        }
        ByteBuffer b = ByteBuffer.allocate(7);
        b.put((byte) 0).putShort((short) ((offsetBytes / 8) << 3 | (moreFragments ? 1 : 0)));
        b.putInt((int) identification);
        return new Extension(PROTO_FRAGMENT, b.array());
    }

    /** An IPv6 header description (RFC 8200 §3) with its chain of extension headers. */
    public record Ipv6(byte[] src, byte[] dst, int trafficClass, int flowLabel, int hopLimit,
            List<Extension> extensions) {

        /** Checks each field's range and copies the arrays. */
        public Ipv6 {
            checkLength("IPv6 source", src, 16);
            checkLength("IPv6 destination", dst, 16);
            checkRange("IPv6 traffic class", trafficClass, 0, 255);
            checkRange("IPv6 flow label", flowLabel, 0, 0xfffff);
            checkRange("IPv6 hop limit", hopLimit, 0, 255);
            src = src.clone();
            dst = dst.clone();
            extensions = List.copyOf(extensions);
        }

        @Override
        public byte[] src() {
            return src.clone();
        }

        @Override
        public byte[] dst() {
            return dst.clone();
        }

        /** The same header with another hop limit. */
        public Ipv6 hopLimit(int v) {
            return new Ipv6(src, dst, trafficClass, flowLabel, v, extensions);
        }

        /** The same header with another traffic class. */
        public Ipv6 trafficClass(int v) {
            return new Ipv6(src, dst, v, flowLabel, hopLimit, extensions);
        }

        /** The same header with another flow label. */
        public Ipv6 flowLabel(int v) {
            return new Ipv6(src, dst, trafficClass, v, hopLimit, extensions);
        }

        /** The same header followed by these extension headers, in wire order. */
        public Ipv6 extensions(Extension... ext) {
            return new Ipv6(src, dst, trafficClass, flowLabel, hopLimit, List.of(ext));
        }

        /** The same header with the source and destination swapped and no extension headers. */
        public Ipv6 reversed() {
            return new Ipv6(dst, src, trafficClass, flowLabel, hopLimit, List.of());
        }

        /**
         * The IPv6 packet: header, extension headers (their Next Header fields chained), then
         * {@code payload} of upper-layer protocol {@code protocol}.
         */
        public byte[] packet(int protocol, byte[] payload) {
            int extLen = 0;
            for (Extension e : extensions) {
                extLen += 1 + e.body.length;
            }
            int plen = extLen + payload.length;
            if (plen > 0xffff) {
                throw new IllegalArgumentException("IPv6 payload length: at most 65535 (no jumbograms), got " + plen);
            }
            ByteBuffer b = ByteBuffer.allocate(40 + plen);
            b.putInt((6 << 28) | (trafficClass << 20) | flowLabel).putShort((short) plen);
            b.put((byte) (extensions.isEmpty() ? protocol : extensions.get(0).type())).put((byte) hopLimit);
            b.put(src).put(dst);
            for (int i = 0; i < extensions.size(); i++) {
                int next = i + 1 < extensions.size() ? extensions.get(i + 1).type() : protocol;
                b.put((byte) next).put(extensions.get(i).body);
            }
            b.put(payload);
            return b.array();
        }

        /**
         * The IPv6 packet carrying {@code segment}'s bytes. The checksum's pseudo-header uses the
         * final destination (RFC 8200 §8.1): the last address of a type 0 routing header that
         * still has segments left, else the destination address.
         */
        public byte[] tcp(Tcp segment, byte[] payload) {
            return packet(PROTO_TCP, segment.bytes(src, finalDestination(), payload));
        }

        /** The IPv6 packet carrying a UDP datagram (checksum as for {@link #tcp}). */
        public byte[] udp(int srcPort, int dstPort, byte[] payload) {
            return packet(PROTO_UDP, Frames.udp(srcPort, dstPort, src, finalDestination(), payload));
        }

        /** The destination the upper-layer checksum is computed for (RFC 8200 §8.1). */
        public byte[] finalDestination() {
            for (Extension e : extensions) {
                byte[] body = e.body;
                if (e.type() == PROTO_ROUTING && body[1] == 0 && body[2] != 0) {
                    return Arrays.copyOfRange(body, body.length - 16, body.length);
                }
            }
            return dst.clone();
        }
    }

    // ---------------------------------------------------------------- TCP

    /** A TCP header from {@code srcPort} to {@code dstPort}: seq 0, ack 0, no flags, window 65535. */
    public static Tcp tcp(int srcPort, int dstPort) {
        return new Tcp(srcPort, dstPort, 0, 0, 0, 65535, 0, EMPTY, 0);
    }

    /**
     * A TCP header description (RFC 9293 §3.1). Sequence and acknowledgment numbers are unsigned
     * 32-bit values held in a long; {@code dataOffset} is a raw override in 32-bit words
     * (0 = computed from the options).
     */
    public record Tcp(int srcPort, int dstPort, long seq, long ack, int flags, int window, int urgent,
            byte[] options, int dataOffset) {

        /** Checks each field's range and copies the options. */
        public Tcp {
            checkRange("TCP source port", srcPort, 0, 0xffff);
            checkRange("TCP destination port", dstPort, 0, 0xffff);
            checkRange("TCP flags", flags, 0, 0xfff);
            checkRange("TCP window", window, 0, 0xffff);
            checkRange("TCP urgent pointer", urgent, 0, 0xffff);
            checkRange("TCP data offset", dataOffset, 0, 15);
            if (options.length > 40 || options.length % 4 != 0) {
                throw new IllegalArgumentException("TCP options: expected a multiple of 4 up to 40 bytes, got "
                        + options.length);
            }
            seq &= 0xffffffffL;
            ack &= 0xffffffffL;
            options = options.clone();
        }

        @Override
        public byte[] options() {
            return options.clone();
        }

        /** The same header with another sequence number (taken modulo 2^32). */
        public Tcp seq(long v) {
            return new Tcp(srcPort, dstPort, v, ack, flags, window, urgent, options, dataOffset);
        }

        /** The same header with another acknowledgment number (the ACK flag is set separately). */
        public Tcp ack(long v) {
            return new Tcp(srcPort, dstPort, seq, v, flags, window, urgent, options, dataOffset);
        }

        /** The same header with these flags ({@code SYN | ACK}...), replacing the previous ones. */
        public Tcp flags(int v) {
            return new Tcp(srcPort, dstPort, seq, ack, v, window, urgent, options, dataOffset);
        }

        /** The same header with another window (unscaled, as on the wire). */
        public Tcp window(int v) {
            return new Tcp(srcPort, dstPort, seq, ack, flags, v, urgent, options, dataOffset);
        }

        /** The same header with another urgent pointer. */
        public Tcp urgent(int v) {
            return new Tcp(srcPort, dstPort, seq, ack, flags, window, v, options, dataOffset);
        }

        /**
         * The same header with these options in order, padded with End-of-Option-List (0) bytes
         * to a multiple of 4 since the data offset counts 32-bit words (RFC 9293 §3.1).
         */
        public Tcp options(byte[]... opts) {
            return new Tcp(srcPort, dstPort, seq, ack, flags, window, urgent, padTo4(concat(opts)), dataOffset);
        }

        /** Raw override of the data offset in 32-bit words (malformed headers only; 0 = computed). */
        public Tcp dataOffset(int words) {
            return new Tcp(srcPort, dstPort, seq, ack, flags, window, urgent, options, words);
        }

        /** The same header in the reverse direction (ports swapped; numbers and flags kept). */
        public Tcp reversed() {
            return new Tcp(dstPort, srcPort, seq, ack, flags, window, urgent, options, dataOffset);
        }

        /**
         * The TCP segment: this header then {@code payload}, the checksum computed over the
         * pseudo-header for {@code srcAddr} → {@code dstAddr} (4 bytes each: RFC 9293 §3.1;
         * 16 bytes each: RFC 8200 §8.1).
         */
        public byte[] bytes(byte[] srcAddr, byte[] dstAddr, byte[] payload) {
            int hlen = 20 + options.length;
            ByteBuffer b = ByteBuffer.allocate(hlen + payload.length);
            b.putShort((short) srcPort).putShort((short) dstPort).putInt((int) seq).putInt((int) ack);
            int off = dataOffset != 0 ? dataOffset : hlen / 4;
            b.putShort((short) ((off << 12) | flags)).putShort((short) window).putShort((short) 0);
            b.putShort((short) urgent).put(options).put(payload);
            byte[] out = b.array();
            int sum = internetChecksum(pseudoHeader(srcAddr, dstAddr, PROTO_TCP, out.length), out);
            out[16] = (byte) (sum >>> 8);
            out[17] = (byte) sum;
            return out;
        }
    }

    /** TCP option End of Option List (kind 0, RFC 9293 §3.2). */
    public static byte[] eol() {
        return new byte[] {0};
    }

    /** TCP option No-Operation (kind 1), used to align the next option. */
    public static byte[] nop() {
        return new byte[] {1};
    }

    /** TCP option Maximum Segment Size (kind 2, RFC 9293 §3.7.1). */
    public static byte[] mss(int mss) {
        checkRange("TCP MSS", mss, 0, 0xffff);
        return new byte[] {2, 4, (byte) (mss >>> 8), (byte) mss};
    }

    /** TCP option Window Scale (kind 3, RFC 7323 §2); shifts above 14 are sent as given. */
    public static byte[] wscale(int shift) {
        checkRange("TCP window scale shift", shift, 0, 255);
        return new byte[] {3, 3, (byte) shift};
    }

    /** TCP option SACK-Permitted (kind 4, RFC 2018 §2). */
    public static byte[] sackPermitted() {
        return new byte[] {4, 2};
    }

    /** TCP option SACK (kind 5, RFC 2018 §3): pairs of left and right edges, 1 to 4 blocks. */
    public static byte[] sack(long... edges) {
        if (edges.length == 0 || edges.length % 2 != 0 || edges.length > 8) {
            throw new IllegalArgumentException("TCP SACK: expected 1 to 4 (left, right) pairs, got "
                    + edges.length + " edges");
        }
        ByteBuffer b = ByteBuffer.allocate(2 + 4 * edges.length);
        b.put((byte) 5).put((byte) (2 + 4 * edges.length));
        for (long e : edges) {
            b.putInt((int) e);
        }
        return b.array();
    }

    /** TCP option Timestamps (kind 8, RFC 7323 §3): TSval and TSecr. */
    public static byte[] timestamps(long tsval, long tsecr) {
        return ByteBuffer.allocate(10).put((byte) 8).put((byte) 10).putInt((int) tsval).putInt((int) tsecr).array();
    }

    // ---------------------------------------------------------------- UDP and ICMP

    /** A UDP datagram (RFC 768), its checksum over the pseudo-header for the two addresses. */
    public static byte[] udp(int srcPort, int dstPort, byte[] srcAddr, byte[] dstAddr, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + payload.length));
        b.putShort((short) 0).put(payload);
        byte[] out = b.array();
        int sum = internetChecksum(pseudoHeader(srcAddr, dstAddr, PROTO_UDP, out.length), out);
        if (sum == 0) {
            sum = 0xffff; // RFC 768: a computed zero is sent as all ones; zero means "no checksum".
        }
        out[6] = (byte) (sum >>> 8);
        out[7] = (byte) sum;
        return out;
    }

    /**
     * An ICMP message (RFC 792): type, code, the 32-bit rest of header (0 for destination
     * unreachable) and the body — for errors the offending IP header plus at least 8 bytes.
     */
    public static byte[] icmpv4(int type, int code, int restOfHeader, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(8 + body.length);
        b.put((byte) type).put((byte) code).putShort((short) 0).putInt(restOfHeader).put(body);
        byte[] out = b.array();
        int sum = internetChecksum(out);
        out[2] = (byte) (sum >>> 8);
        out[3] = (byte) sum;
        return out;
    }

    /** An ICMPv6 message (RFC 4443), its checksum over the IPv6 pseudo-header (RFC 8200 §8.1). */
    public static byte[] icmpv6(byte[] srcAddr, byte[] dstAddr, int type, int code, int restOfHeader,
            byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(8 + body.length);
        b.put((byte) type).put((byte) code).putShort((short) 0).putInt(restOfHeader).put(body);
        byte[] out = b.array();
        int sum = internetChecksum(pseudoHeader(srcAddr, dstAddr, PROTO_ICMPV6, out.length), out);
        out[2] = (byte) (sum >>> 8);
        out[3] = (byte) sum;
        return out;
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] pseudoHeader(byte[] src, byte[] dst, int protocol, int length) {
        if (src.length == 4 && dst.length == 4) {
            // RFC 9293 §3.1: source, destination, zero, protocol, TCP length (16 bits).
            return ByteBuffer.allocate(12).put(src).put(dst).put((byte) 0).put((byte) protocol)
                    .putShort((short) length).array();
        }
        if (src.length == 16 && dst.length == 16) {
            // RFC 8200 §8.1: source, destination, upper-layer length (32 bits), 3 zeros, next header.
            return ByteBuffer.allocate(40).put(src).put(dst).putInt(length).putShort((short) 0).put((byte) 0)
                    .put((byte) protocol).array();
        }
        throw new IllegalArgumentException("pseudo-header addresses: expected 4+4 or 16+16 bytes, got "
                + src.length + "+" + dst.length);
    }

    private static byte[] optionsHeaderBody(byte[] options) {
        // Next Header (1, filled by the builder) + Hdr Ext Len (1) + options, padded to 8n
        // with Pad1 (a single 0) or PadN (1, n-2, zeros) as RFC 8200 §4.2 requires.
        int used = 2 + options.length;
        int pad = (8 - used % 8) % 8;
        ByteBuffer b = ByteBuffer.allocate(1 + options.length + pad);
        b.put((byte) ((used + pad) / 8 - 1)).put(options);
        if (pad == 1) {
            b.put((byte) 0);
        } else if (pad > 1) {
            b.put((byte) 1).put((byte) (pad - 2)).put(new byte[pad - 2]);
        }
        return b.array();
    }

    private static byte[] padTo4(byte[] b) {
        return b.length % 4 == 0 ? b : Arrays.copyOf(b, b.length + 4 - b.length % 4);
    }

    private static byte[] ip4(String s) {
        byte[] b = ip(s);
        checkLength("IPv4 address '" + s + "'", b, 4);
        return b;
    }

    private static byte[] ip6(String s) {
        byte[] b = ip(s);
        checkLength("IPv6 address '" + s + "'", b, 16);
        return b;
    }

    private static void checkRange(String what, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + ": expected " + min + ".." + max + ", got " + v);
        }
    }

    private static void checkLength(String what, byte[] b, int len) {
        if (b == null || b.length != len) {
            throw new IllegalArgumentException(what + ": expected " + len + " bytes, got "
                    + (b == null ? "null" : b.length));
        }
    }
}
