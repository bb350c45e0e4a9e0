package io.rstscope.store;

import static tech.tablesaw.api.ColumnType.BOOLEAN;
import static tech.tablesaw.api.ColumnType.INTEGER;
import static tech.tablesaw.api.ColumnType.LONG;
import static tech.tablesaw.api.ColumnType.STRING;

import tech.tablesaw.api.ColumnType;

/** The columns of the {@code packets} table: one row per TCP segment, in file order. */
public enum PacketField implements Field {
    FRAME("frame", INTEGER, false, "1-based packet number in the file, as Wireshark numbers frames"),
    TS("ts", LONG, false, "capture timestamp, nanoseconds since the epoch"),
    INTERFACE("interface", INTEGER, false, "pcapng interface id (0 for pcap)"),
    IP_VERSION("ip_version", INTEGER, false, "4 or 6"),
    SRC("src", STRING, false, "source address"),
    DST("dst", STRING, false, "destination address"),
    SPORT("sport", INTEGER, false, "source port"),
    DPORT("dport", INTEGER, false, "destination port"),
    FLAGS("flags", STRING, false, "TCP flags set, in Wireshark's order and names: FIN,SYN,RST,PSH,ACK,URG,ECE,CWR,AE"),
    SEQ("seq", LONG, false, "sequence number (absolute)"),
    ACK("ack", LONG, false, "acknowledgment number (absolute; meaningful with ACK)"),
    WIN("win", INTEGER, false, "window field as sent (not scaled)"),
    PAYLOAD_LEN("payload_len", INTEGER, false, "TCP payload bytes, from the IP length (not only those captured)"),
    IP_LEN("ip_len", INTEGER, false, "IP packet length from its header"),
    TTL("ttl", INTEGER, false, "IPv4 TTL or IPv6 hop limit"),
    IP_ID("ip_id", INTEGER, true, "IPv4 identification (IPv6: fragment id when fragmented)"),
    DF("df", BOOLEAN, false, "IPv4 Don't Fragment bit (false for IPv6)"),
    TOS("tos", INTEGER, false, "IPv4 TOS byte or IPv6 traffic class"),
    MSS("mss", INTEGER, true, "MSS option value"),
    WSCALE("wscale", INTEGER, true, "window scale option shift"),
    SACK_PERM("sack_perm", BOOLEAN, false, "SACK-permitted option present"),
    TSVAL("tsval", LONG, true, "timestamp option TSval"),
    TSECR("tsecr", LONG, true, "timestamp option TSecr"),
    UID("uid", STRING, true, "uid of the packet's connection in the flows table (missing when connections were not tracked)"),
    DIR("dir", STRING, true, "ORIG when the originator sent the packet, RESP when the responder did");

    private final Spec spec;

    PacketField(String column, ColumnType type, boolean nullable, String doc) {
        this.spec = new Spec(column, type, nullable, doc);
    }

    @Override
    public Spec spec() {
        return spec;
    }
}
