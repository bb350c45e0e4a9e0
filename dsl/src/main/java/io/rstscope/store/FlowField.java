package io.rstscope.store;

import static tech.tablesaw.api.ColumnType.BOOLEAN;
import static tech.tablesaw.api.ColumnType.DOUBLE;
import static tech.tablesaw.api.ColumnType.INTEGER;
import static tech.tablesaw.api.ColumnType.LONG;
import static tech.tablesaw.api.ColumnType.STRING;

import tech.tablesaw.api.ColumnType;

/**
 * The columns of the {@code flows} table: one row per TCP connection, in order of its first packet.
 * Zeek's conn.log names and meanings come first; rstscope's own measurements follow.
 */
public enum FlowField implements Field {
    TS("ts", LONG, false, "time of the connection's first packet, nanoseconds since the epoch"),
    UID("uid", STRING, false, "unique id of the connection, stable across runs on the same capture"),
    ORIG_H("orig_h", STRING, false, "originator's address (the client: sender of the first SYN, or by Zeek's rules)"),
    ORIG_P("orig_p", INTEGER, false, "originator's port"),
    RESP_H("resp_h", STRING, false, "responder's address"),
    RESP_P("resp_p", INTEGER, false, "responder's port"),
    DURATION("duration", DOUBLE, true, "seconds from the first packet to the last one before both sides closed (Zeek's; missing when 0)"),
    ORIG_BYTES("orig_bytes", LONG, true, "originator's payload bytes by sequence numbers (Zeek's; missing when duration is)"),
    RESP_BYTES("resp_bytes", LONG, true, "responder's payload bytes by sequence numbers (Zeek's; missing when duration is)"),
    CONN_STATE("conn_state", STRING, false, "Zeek's connection state: S0 S1 SF REJ S2 S3 RSTO RSTR RSTOS0 RSTRH SH SHR OTH"),
    MISSED_BYTES("missed_bytes", LONG, false, "bytes acknowledged but never seen (content gaps), both directions"),
    HISTORY("history", STRING, false, "Zeek's history letters: S H A D F R (upper case from the originator), C G T W logarithmic, ^ flipped"),
    ORIG_PKTS("orig_pkts", LONG, false, "packets from the originator"),
    ORIG_IP_BYTES("orig_ip_bytes", LONG, false, "IP bytes from the originator"),
    RESP_PKTS("resp_pkts", LONG, false, "packets from the responder"),
    RESP_IP_BYTES("resp_ip_bytes", LONG, false, "IP bytes from the responder"),
    IP_VERSION("ip_version", INTEGER, false, "4 or 6"),
    LAST_TS("last_ts", LONG, false, "time of the connection's last packet of any kind, nanoseconds since the epoch"),
    ORIG_STATE("orig_state", STRING, false, "Zeek's endpoint state of the originator at the end: INACTIVE SYN_SENT SYN_ACK_SENT PARTIAL ESTABLISHED CLOSED RESET"),
    RESP_STATE("resp_state", STRING, false, "Zeek's endpoint state of the responder at the end"),
    ORIG_PAYLOAD_BYTES("orig_payload_bytes", LONG, false, "TCP payload bytes sent by the originator, retransmissions included"),
    RESP_PAYLOAD_BYTES("resp_payload_bytes", LONG, false, "TCP payload bytes sent by the responder, retransmissions included"),
    ORIG_FIRST_TS("orig_first_ts", LONG, true, "originator's first packet, nanoseconds since the epoch"),
    ORIG_LAST_TS("orig_last_ts", LONG, true, "originator's last packet, nanoseconds since the epoch"),
    RESP_FIRST_TS("resp_first_ts", LONG, true, "responder's first packet, nanoseconds since the epoch"),
    RESP_LAST_TS("resp_last_ts", LONG, true, "responder's last packet, nanoseconds since the epoch"),
    ORIG_TTL("orig_ttl", INTEGER, true, "TTL / hop limit of the originator's first packet"),
    ORIG_TTL_MIN("orig_ttl_min", INTEGER, true, "lowest TTL / hop limit from the originator"),
    ORIG_TTL_MAX("orig_ttl_max", INTEGER, true, "highest TTL / hop limit from the originator"),
    RESP_TTL("resp_ttl", INTEGER, true, "TTL / hop limit of the responder's first packet"),
    RESP_TTL_MIN("resp_ttl_min", INTEGER, true, "lowest TTL / hop limit from the responder"),
    RESP_TTL_MAX("resp_ttl_max", INTEGER, true, "highest TTL / hop limit from the responder"),
    ORIG_IP_ID("orig_ip_id", STRING, true, "originator's IPv4 ID pattern: ZERO INCREMENTING CONSTANT RANDOM (missing: IPv6 or too few packets)"),
    RESP_IP_ID("resp_ip_id", STRING, true, "responder's IPv4 ID pattern"),
    ORIG_ISN("orig_isn", LONG, true, "sequence number of the originator's SYN"),
    RESP_ISN("resp_isn", LONG, true, "sequence number of the responder's SYN-ACK"),
    ORIG_NEXT_SEQ("orig_next_seq", LONG, true, "highest sequence number the originator reached (seq + length of its furthest segment)"),
    RESP_NEXT_SEQ("resp_next_seq", LONG, true, "highest sequence number the responder reached"),
    ORIG_MAX_ACK("orig_max_ack", LONG, true, "highest acknowledgment number the originator sent"),
    RESP_MAX_ACK("resp_max_ack", LONG, true, "highest acknowledgment number the responder sent"),
    ORIG_MSS("orig_mss", INTEGER, true, "MSS option of the originator's SYN"),
    RESP_MSS("resp_mss", INTEGER, true, "MSS option of the responder's SYN-ACK"),
    ORIG_WSCALE("orig_wscale", INTEGER, true, "window scale shift of the originator's SYN"),
    RESP_WSCALE("resp_wscale", INTEGER, true, "window scale shift of the responder's SYN-ACK"),
    TS_NEGOTIATED("ts_negotiated", BOOLEAN, false, "both the SYN and the SYN-ACK carried the timestamp option (RFC 7323)"),
    RTT_SYN_MS("rtt_syn_ms", DOUBLE, true, "milliseconds from the SYN (the last one sent before the answer) to the SYN-ACK"),
    RTT_ACK_MS("rtt_ack_ms", DOUBLE, true, "milliseconds from the SYN-ACK to the originator's ACK of it"),
    ORIG_RETRANSMITS("orig_retransmits", INTEGER, false, "originator's segments with payload that did not advance its sequence numbers"),
    RESP_RETRANSMITS("resp_retransmits", INTEGER, false, "responder's segments with payload that did not advance its sequence numbers"),
    ORIG_ZERO_WINDOWS("orig_zero_windows", INTEGER, false, "originator's packets advertising a zero window"),
    RESP_ZERO_WINDOWS("resp_zero_windows", INTEGER, false, "responder's packets advertising a zero window"),
    ORIG_KEEPALIVES("orig_keepalives", INTEGER, false, "originator's keep-alives (0 or 1 byte one below the next sequence number)"),
    RESP_KEEPALIVES("resp_keepalives", INTEGER, false, "responder's keep-alives"),
    MAX_IDLE_MS("max_idle_ms", DOUBLE, false, "longest silence between two packets of the connection, milliseconds"),
    RST_COUNT("rst_count", INTEGER, false, "RST packets from either side"),
    ORIG_RSTS("orig_rsts", INTEGER, false, "RST packets from the originator"),
    RESP_RSTS("resp_rsts", INTEGER, false, "RST packets from the responder"),
    RST_STAGE("rst_stage", STRING, true, "stage of the connection's first reset (see the resets table)"),
    RST_CAUSE("rst_cause", STRING, true, "cause of the connection's first reset"),
    RST_ORIGIN("rst_origin", STRING, true, "origin of the connection's first reset: ENDPOINT, MIDDLEBOX or UNKNOWN"),
    RST_VERDICT("rst_verdict", STRING, true, "verdict on the connection's first reset: GENUINE, SUSPICIOUS or FORGED"),
    MAX_FORGED_SCORE("max_forged_score", INTEGER, true, "highest forgery score among the connection's resets");

    private final Spec spec;

    FlowField(String column, ColumnType type, boolean nullable, String doc) {
        this.spec = new Spec(column, type, nullable, doc);
    }

    @Override
    public Spec spec() {
        return spec;
    }
}
