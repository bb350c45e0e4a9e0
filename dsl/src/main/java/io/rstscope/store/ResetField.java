package io.rstscope.store;

import static tech.tablesaw.api.ColumnType.DOUBLE;
import static tech.tablesaw.api.ColumnType.INTEGER;
import static tech.tablesaw.api.ColumnType.LONG;
import static tech.tablesaw.api.ColumnType.STRING;

import tech.tablesaw.api.ColumnType;

/** The columns of the {@code resets} table: one row per RST packet, explained. */
public enum ResetField implements Field {
    FRAME("frame", INTEGER, false, "packet number of the RST in the file"),
    TS("ts", LONG, false, "timestamp of the RST, nanoseconds since the epoch"),
    UID("uid", STRING, false, "its connection's uid (see the flows table)"),
    ORIG_H("orig_h", STRING, false, "the connection's originator address"),
    ORIG_P("orig_p", INTEGER, false, "originator port"),
    RESP_H("resp_h", STRING, false, "responder address"),
    RESP_P("resp_p", INTEGER, false, "responder port"),
    SENDER("sender", STRING, false, "whose address the RST carries: CLIENT (originator) or SERVER"),
    STAGE("stage", STRING, false, "HANDSHAKE, POST_HANDSHAKE, DATA_TRANSFER, TEARDOWN, MIDSTREAM or STRAY"),
    CAUSE("cause", STRING, false, "why it was sent (PORT_CLOSED, FIREWALL_REJECT, ... UNKNOWN)"),
    RUNNER_UP_CAUSE("runner_up_cause", STRING, true, "the cause this vantage point cannot tell apart from the first, if any"),
    ORIGIN("origin", STRING, false, "who most likely really sent it: ENDPOINT, MIDDLEBOX or UNKNOWN; in a comparison, decided with both captures"),
    FORM("form", STRING, false, "RST (bare) or RST_ACK"),
    SEQ_CHECK("seq_check", STRING, false, "EXACT, IN_WINDOW, OUT_OF_WINDOW, REPLY_TO_SYN, REPLY_TO_ACK or UNCHECKABLE (RFC 9293, RFC 5961)"),
    TTL("ttl", INTEGER, false, "TTL or hop limit of the RST"),
    TTL_BASELINE("ttl_baseline", INTEGER, true, "the claimed sender's usual TTL in the connection, else its host's"),
    GAP_BEFORE_MS("gap_before_ms", DOUBLE, true, "milliseconds since the connection's previous packet"),
    FORGED_SCORE("forged_score", INTEGER, false, "sum of the forgery signals' points"),
    VERDICT("verdict", STRING, false, "GENUINE, SUSPICIOUS (score 2-3) or FORGED (score 4 and more); in a comparison, decided with both captures"),
    EVIDENCE("evidence", STRING, false, "each signal with its points and the values that triggered it, separated by '; '"),
    REASON_TEXT("reason_text", STRING, true, "the reason the RST's payload states: an RST diagnostic payload's code or text, or a vendor's text such as F5 BIG-IP's; missing when it carries none"),
    SEEN_AT("seen_at", STRING, true, "in a comparison of two captures: BOTH, CLIENT_SIDE_ONLY or SERVER_SIDE_ONLY; missing for one capture");

    private final Spec spec;

    ResetField(String column, ColumnType type, boolean nullable, String doc) {
        this.spec = new Spec(column, type, nullable, doc);
    }

    @Override
    public Spec spec() {
        return spec;
    }
}
