package io.rstscope.capture;

/**
 * Decodes one record from its link layer down to the TCP header, into a reused {@link DecodedPacket}.
 *
 * <p>Every read is checked against the captured length first, as tcpdump's {@code ND_TCHECK} does: a
 * header the snap length cut is TRUNCATED; a header that does not fit even in the bytes that were on
 * the wire, or a field that cannot be valid, is INVALID. Either way the packet is still counted and
 * decoding stops at that layer; only the first problem of a packet is reported.
 */
final class PacketDecoder {

    private static final int MAX_TUNNELS = 4;
    private static final int MAX_ETHERNET_NESTING = 4;
    private static final int MAX_MPLS_LABELS = 16;
    private static final int MAX_IPV6_EXTENSIONS = 16;

    private byte[] b;
    private int capEnd;
    private int wireEnd;
    /** Index in {@link #b} of the packet's first byte, for the positions issues give. */
    private int start;
    private DecodedPacket p;
    /** IP version of the outermost IP header, for the capture's counts. */
    int outerIpVersion;

    void decode(RawRecord r, DecodedPacket p) {
        p.reset();
        p.tsNanos = r.tsNanos;
        p.iface = r.iface;
        p.linkType = r.linkType;
        p.capLen = r.capLen;
        p.origLen = r.origLen;
        p.fileOffset = r.fileOffset;
        this.p = p;
        this.b = r.data;
        int o = r.off;
        start = o;
        capEnd = o + r.capLen;
        wireEnd = o + Math.min(r.origLen, 1 << 30);
        outerIpVersion = 0;
        switch (r.linkType) {
            case 1 -> ethernet(o);
            case 0 -> bsdLoopback(o, false);
            case 108 -> bsdLoopback(o, true);
            case 12, 14, 101 -> rawIp(o);
            case 228 -> ipv4(o, 0);
            case 229 -> ipv6(o, 0);
            case 113 -> {
                if (need(o, 16, wireEnd, "Linux cooked (SLL) header")) {
                    network(ByteSource.be16(b, o + 14), o + 16);
                }
            }
            case 276 -> {
                if (need(o, 20, wireEnd, "Linux cooked (SLL2) header")) {
                    network(ByteSource.be16(b, o), o + 20);
                }
            }
            default -> p.problem = IssueKind.UNSUPPORTED;
        }
        this.p = null;
        this.b = null;
    }

    private void ethernet(int o) {
        for (int nesting = 0; nesting < MAX_ETHERNET_NESTING; nesting++) {
            if (!need(o, 14, wireEnd, "Ethernet header")) {
                return;
            }
            int type = ByteSource.be16(b, o + 12);
            o += 14;
            while (true) {
                if (type == 0x8100 || type == 0x88a8 || type == 0x9100 || type == 0x9200) {
                    // 802.1Q, 802.1ad and the older QinQ tag types: 2 bytes of tag, then the next type.
                    if (!need(o, 4, wireEnd, "VLAN tag")) {
                        return;
                    }
                    type = ByteSource.be16(b, o + 2);
                    o += 4;
                } else if (type == 0x8926) {
                    // VN-Tag (802.1Qbh draft): 4 bytes of tag, then the next type.
                    if (!need(o, 6, wireEnd, "VN-Tag")) {
                        return;
                    }
                    type = ByteSource.be16(b, o + 4);
                    o += 6;
                } else {
                    break;
                }
            }
            if (type == 0x88e7) {
                // 802.1ah provider backbone bridging: a 4-byte I-TAG, then the customer's Ethernet header.
                if (!need(o, 4, wireEnd, "802.1ah I-TAG")) {
                    return;
                }
                o += 4;
            } else if (type == 0x8903) {
                // Cisco FabricPath: a 2-byte FTag/TTL, then the original Ethernet frame.
                if (!need(o, 2, wireEnd, "FabricPath header")) {
                    return;
                }
                o += 2;
            } else {
                network(type, o);
                return;
            }
        }
        tooDeep("more than %d nested Ethernet headers (802.1ah, FabricPath): not decoded past byte %d of the packet",
                MAX_ETHERNET_NESTING, o);
    }

    private void network(int etherType, int o) {
        switch (etherType) {
            case 0x0800 -> ipv4(o, 0);
            case 0x86dd -> ipv6(o, 0);
            case 0x8847, 0x8848 -> mpls(o);
            case 0x8864 -> {
                // PPPoE session stage: 6-byte PPPoE header, then the 2-byte PPP protocol (RFC 2516).
                if (need(o, 8, wireEnd, "PPPoE header")) {
                    int proto = ByteSource.be16(b, o + 6);
                    if (proto == 0x0021) {
                        ipv4(o + 8, 0);
                    } else if (proto == 0x0057) {
                        ipv6(o + 8, 0);
                    }
                }
            }
            default -> { }
        }
    }

    private void mpls(int o) {
        for (int labels = 0; labels < MAX_MPLS_LABELS; labels++) {
            if (!need(o, 4, wireEnd, "MPLS label")) {
                return;
            }
            boolean bottom = (b[o + 2] & 1) != 0;
            o += 4;
            if (bottom) {
                rawIp(o);
                return;
            }
        }
        tooDeep("more than %d MPLS labels: not decoded past byte %d of the packet", MAX_MPLS_LABELS, o);
    }

    private void bsdLoopback(int o, boolean networkOrder) {
        if (!need(o, 4, wireEnd, "loopback header")) {
            return;
        }
        int af = networkOrder ? ByteSource.be32(b, o) : ByteSource.i32(b, o, false);
        if (!networkOrder && (af & 0xffff0000) != 0) {
            // Written on a big-endian host: DLT_NULL keeps the capturing host's byte order.
            af = Integer.reverseBytes(af);
        }
        switch (af) {
            case 2 -> ipv4(o + 4, 0);
            // AF_INET6 differs by system: Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, macOS 30.
            case 10, 24, 28, 30 -> ipv6(o + 4, 0);
            default -> { }
        }
    }

    private void rawIp(int o) {
        if (!need(o, 1, wireEnd, "IP header")) {
            return;
        }
        int version = (b[o] & 0xff) >> 4;
        if (version == 4) {
            ipv4(o, 0);
        } else if (version == 6) {
            ipv6(o, 0);
        }
    }

    private void ipv4(int o, int depth) {
        if (!need(o, 1, wireEnd, "IPv4 header")) {
            return;
        }
        int version = (b[o] & 0xff) >> 4;
        if (version != 4) {
            invalid("IP version %d in an IPv4 header (expected %d)", version, 4);
            return;
        }
        if (depth == 0) {
            outerIpVersion = 4;
        }
        int ihl = (b[o] & 0x0f) * 4;
        if (ihl < 20) {
            invalid("IPv4 header length %d is less than the minimum of %d", ihl, 20);
            return;
        }
        if (!need(o, ihl, wireEnd, "IPv4 header")) {
            return;
        }
        int left = wireEnd - o;
        int total = ByteSource.be16(b, o + 2);
        if (total == 0 && left > ihl) {
            // Segmentation offload: the NIC fills in the length later, the capture shows 0.
            total = left;
        }
        if (total < ihl) {
            invalid("IPv4 total length %d is less than the header length %d", total, ihl);
            return;
        }
        if (total > left) {
            invalid("IPv4 total length %d exceeds the %d bytes left in the frame", total, left);
            total = left;
        }
        int fragField = ByteSource.be16(b, o + 6);
        int fragOffset = (fragField & 0x1fff) * 8;
        boolean moreFragments = (fragField & 0x2000) != 0;
        p.ipVersion = 4;
        p.tos = b[o + 1] & 0xff;
        p.ipLen = total;
        p.ipId = ByteSource.be16(b, o + 4);
        p.df = (fragField & 0x4000) != 0;
        p.ttl = b[o + 8] & 0xff;
        p.ipProto = b[o + 9] & 0xff;
        p.srcHi = 0;
        p.srcLo = 0x0000ffff00000000L | (ByteSource.be32(b, o + 12) & 0xffffffffL);
        p.dstHi = 0;
        p.dstLo = 0x0000ffff00000000L | (ByteSource.be32(b, o + 16) & 0xffffffffL);
        p.fragment = moreFragments || fragOffset != 0;
        if (fragOffset != 0) {
            // A later fragment carries no transport header: its first bytes are payload (RFC 791).
            return;
        }
        transport(p.ipProto, o + ihl, o + total, depth);
    }

    private void ipv6(int o, int depth) {
        if (!need(o, 1, wireEnd, "IPv6 header")) {
            return;
        }
        int version = (b[o] & 0xff) >> 4;
        if (version != 6) {
            invalid("IP version %d in an IPv6 header (expected %d)", version, 6);
            return;
        }
        if (depth == 0) {
            outerIpVersion = 6;
        }
        if (!need(o, 40, wireEnd, "IPv6 header")) {
            return;
        }
        int left = wireEnd - o - 40;
        int plen = ByteSource.be16(b, o + 4);
        if (plen == 0 && left > 0) {
            // A jumbogram (RFC 2675) or segmentation offload: the frame says how long it is.
            plen = left;
        }
        if (plen > left) {
            invalid("IPv6 payload length %d exceeds the %d bytes left in the frame", plen, left);
            plen = left;
        }
        int end = o + 40 + plen;
        p.ipVersion = 6;
        p.tos = (ByteSource.be16(b, o) >> 4) & 0xff;
        p.ipLen = 40 + plen;
        p.ipId = -1;
        p.df = false;
        p.fragment = false;
        p.ttl = b[o + 7] & 0xff;
        p.srcHi = ByteSource.be64(b, o + 8);
        p.srcLo = ByteSource.be64(b, o + 16);
        p.dstHi = ByteSource.be64(b, o + 24);
        p.dstLo = ByteSource.be64(b, o + 32);
        int next = b[o + 6] & 0xff;
        int x = o + 40;
        for (int hops = 0; hops < MAX_IPV6_EXTENSIONS; hops++) {
            int len;
            switch (next) {
                case 0, 43, 60, 135, 139, 140 -> {
                    if (!need(x, 2, end, "IPv6 extension header")) {
                        return;
                    }
                    len = ((b[x + 1] & 0xff) + 1) * 8;
                }
                case 51 -> {
                    if (!need(x, 2, end, "IPv6 authentication header")) {
                        return;
                    }
                    len = ((b[x + 1] & 0xff) + 2) * 4;
                }
                case 44 -> {
                    if (!need(x, 8, end, "IPv6 fragment header")) {
                        return;
                    }
                    int field = ByteSource.be16(b, x + 2);
                    p.fragment = true;
                    p.ipId = ByteSource.be32(b, x + 4);
                    if ((field & 0xfff8) != 0) {
                        return;
                    }
                    len = 8;
                }
                default -> {
                    p.ipProto = next;
                    transport(next, x, end, depth);
                    return;
                }
            }
            if (x + len > end) {
                invalid("IPv6 extension header of %d bytes runs past the %d bytes left in the packet", len, end - x);
                return;
            }
            next = b[x] & 0xff;
            x += len;
        }
        tooDeep("more than %d IPv6 extension headers: not decoded past byte %d of the packet", MAX_IPV6_EXTENSIONS, x);
    }

    private void transport(int proto, int o, int end, int depth) {
        switch (proto) {
            case 6 -> tcp(o, end);
            case 4, 41 -> {
                if (depth < MAX_TUNNELS) {
                    p.tunnels++;
                    int saved = wireEnd;
                    wireEnd = Math.min(wireEnd, end);
                    if (proto == 4) {
                        ipv4(o, depth + 1);
                    } else {
                        ipv6(o, depth + 1);
                    }
                    wireEnd = saved;
                } else {
                    tooDeep("more than %d nested IP-in-IP tunnels: not decoded past byte %d of the packet", MAX_TUNNELS, o);
                }
            }
            default -> { }
        }
    }

    private void tcp(int o, int end) {
        p.tcpSeen = true;
        int segment = end - o;
        if (capEnd - o >= 14 && segment >= 14) {
            p.flagsSeen = true;
            p.flags = ((b[o + 12] & 0x01) << 8) | (b[o + 13] & 0xff);
        }
        if (!need(o, 20, end, "TCP header")) {
            return;
        }
        int hl = ((b[o + 12] & 0xff) >> 4) * 4;
        if (hl < 20) {
            invalid("TCP data offset %d is less than the minimum of %d bytes", hl, 20);
            return;
        }
        if (hl > segment) {
            invalid("TCP header length %d exceeds the %d bytes of the segment", hl, segment);
            return;
        }
        p.sport = ByteSource.be16(b, o);
        p.dport = ByteSource.be16(b, o + 2);
        p.seq = ByteSource.be32(b, o + 4);
        p.ack = ByteSource.be32(b, o + 8);
        p.win = ByteSource.be16(b, o + 14);
        p.urgent = ByteSource.be16(b, o + 18);
        p.tcpHeaderLen = hl;
        p.payloadLen = segment - hl;
        p.capturedPayloadLen = Math.min(segment, capEnd - o) - hl;
        p.data = b;
        p.payloadOffset = o + hl;
        p.tcp = true;
        int optEnd = o + hl;
        if (optEnd > capEnd) {
            truncated("TCP options cut by the snap length: %d of %d bytes captured", capEnd - o, hl);
            optEnd = capEnd;
        }
        options(o + 20, optEnd, o + hl);
    }

    /** TCP options (RFC 9293 §3.2): EOL, NOP, then kind-length-value; a bad length ends the walk. */
    private void options(int x, int end, int headerEnd) {
        while (x < end) {
            int kind = b[x] & 0xff;
            if (kind == 0) {
                return;
            }
            if (kind == 1) {
                x++;
                continue;
            }
            if (x + 1 >= end) {
                return;
            }
            int len = b[x + 1] & 0xff;
            if (len < 2 || x + len > headerEnd) {
                invalid("TCP option %d has length %d, which does not fit the option space", kind, len);
                return;
            }
            if (x + len > end) {
                return;
            }
            switch (kind) {
                case 2 -> {
                    if (len == 4) {
                        p.mss = ByteSource.be16(b, x + 2);
                    }
                }
                case 3 -> {
                    if (len == 3) {
                        p.wscale = b[x + 2] & 0xff;
                    }
                }
                case 4 -> p.sackPerm = len == 2;
                case 5 -> p.sackBlocks = (len - 2) / 8;
                case 19, 29 -> p.authOption = true;
                case 8 -> {
                    if (len == 10) {
                        p.tsPresent = true;
                        p.tsval = ByteSource.be32(b, x + 2);
                        p.tsecr = ByteSource.be32(b, x + 6);
                    }
                }
                default -> { }
            }
            x += len;
        }
    }

    /**
     * True when {@code n} bytes from {@code o} were captured. Otherwise records the problem: TRUNCATED
     * when the missing bytes were on the wire (before {@code limit}) but the capture cut them,
     * INVALID when the packet itself is too short for the header.
     */
    private boolean need(int o, int n, int limit, String what) {
        if (o + n <= capEnd && o + n <= limit) {
            return true;
        }
        int have = Math.max(0, capEnd - o);
        if (o + n <= Math.min(limit, wireEnd)) {
            truncated(what + " cut by the snap length: %d of %d bytes captured", have, n);
        } else {
            invalid(what + " needs %d bytes, the packet has %d", n, Math.max(0, Math.min(limit, wireEnd) - o));
        }
        return false;
    }

    /** A limit on nesting was reached at {@code o}: the packet is not decoded further, and says so. */
    private void tooDeep(String format, int limit, int o) {
        problem(IssueKind.TOO_DEEP, format, limit, o - start);
    }

    private void truncated(String format, long a, long bb) {
        problem(IssueKind.TRUNCATED, format, a, bb);
    }

    private void invalid(String format, long a, long bb) {
        problem(IssueKind.INVALID, format, a, bb);
    }

    private void problem(IssueKind kind, String format, long a, long bb) {
        if (p.problem == null) {
            p.problem = kind;
            p.problemFormat = format;
            p.problemA = a;
            p.problemB = bb;
        }
    }
}
