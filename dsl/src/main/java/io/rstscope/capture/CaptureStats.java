package io.rstscope.capture;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a read counted. Packet counts follow tshark: a TCP header quoted in an ICMP error is not TCP. */
public final class CaptureStats implements PacketSink {

    private long packets;
    private long tcpPackets;
    private long rstPackets;
    private long ipv4Packets;
    private long ipv6Packets;
    private long fragments;
    private long tunneled;
    private long firstTs = Long.MAX_VALUE;
    private long lastTs = Long.MIN_VALUE;
    private final Map<Integer, Long> perLinkType = new LinkedHashMap<>();
    private int lastLinkType = -1;
    private long lastLinkTypeCount;
    private long bytes;

    @Override
    public void accept(DecodedPacket p) {
        packets++;
        bytes += p.capLen;
        if (p.linkType != lastLinkType) {
            flushLinkType();
            lastLinkType = p.linkType;
        }
        lastLinkTypeCount++;
        if (p.tsNanos != 0) {
            firstTs = Math.min(firstTs, p.tsNanos);
            lastTs = Math.max(lastTs, p.tsNanos);
        }
        if (p.tcpSeen) {
            tcpPackets++;
            if (p.flagsSeen && (p.flags & DecodedPacket.RST) != 0) {
                rstPackets++;
            }
        }
        if (p.fragment) {
            fragments++;
        }
        if (p.tunnels > 0) {
            tunneled++;
        }
    }

    void countOuterIp(int version) {
        if (version == 4) {
            ipv4Packets++;
        } else if (version == 6) {
            ipv6Packets++;
        }
    }

    void finish() {
        flushLinkType();
        lastLinkType = -1;
    }

    private void flushLinkType() {
        if (lastLinkType >= 0 && lastLinkTypeCount > 0) {
            perLinkType.merge(lastLinkType, lastLinkTypeCount, Long::sum);
        }
        lastLinkTypeCount = 0;
    }

    /** Packet records read. */
    public long packets() { return packets; }
    /** Packets whose IP layer carries TCP (first fragments included, ICMP-quoted headers not). */
    public long tcpPackets() { return tcpPackets; }
    /** TCP packets with the RST flag. */
    public long rstPackets() { return rstPackets; }
    /** Packets whose outermost IP header is IPv4. */
    public long ipv4Packets() { return ipv4Packets; }
    /** Packets whose outermost IP header is IPv6. */
    public long ipv6Packets() { return ipv6Packets; }
    /** IP fragments (first and later ones). */
    public long fragments() { return fragments; }
    /** Packets whose TCP/IP was found inside an IP-in-IP tunnel. */
    public long tunneled() { return tunneled; }
    /** Captured bytes of all packets. */
    public long bytes() { return bytes; }
    /** Earliest timestamp seen (ns since the epoch), or -1 with no timestamped packet. */
    public long firstTs() { return firstTs == Long.MAX_VALUE ? -1 : firstTs; }
    /** Latest timestamp seen (ns since the epoch), or -1 with no timestamped packet. */
    public long lastTs() { return lastTs == Long.MIN_VALUE ? -1 : lastTs; }
    /** Packets per link-type number, in order of first appearance. */
    public Map<Integer, Long> perLinkType() { return Collections.unmodifiableMap(perLinkType); }
}
