package io.rstscope.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every column name of the {@code flows}, {@code resets}, {@code packets} and {@code issues} tables,
 * once: the one field vocabulary of the session, so that a name several tables share ({@code ts},
 * {@code uid}, {@code orig_h}, {@code frame}, {@code ttl}...) means "that column of whichever table the
 * query is on". A query resolves it to its own schema's field ({@link FlowField}, {@link ResetField},
 * {@link PacketField}), and a table without the column is an error naming the table and the tables
 * that have it.
 *
 * <p>The schema enums stay the single source of each column's type, missing-ness and doc; this enum
 * only names them (a test checks that it names every column and nothing else).
 *
 * <pre>{@code
 * import static io.rstscope.store.Col.*;
 * cap.resets().groupBy(UID).count();            // the resets table's uid
 * cap.flows().groupBy(ORIG_H).count();          // the flows table's orig_h
 * cap.packets().where(TTL, lt(10)).count();     // the packets table's ttl
 * cap.resets().groupBy(DURATION);               // fails: resets has no field duration; it is a field of flows ...
 * }</pre>
 */
public enum Col implements Field {
    TS, UID, ORIG_H, ORIG_P, RESP_H, RESP_P, DURATION, ORIG_BYTES, RESP_BYTES, CONN_STATE, MISSED_BYTES,
    HISTORY, ORIG_PKTS, ORIG_IP_BYTES, RESP_PKTS, RESP_IP_BYTES, IP_VERSION, LAST_TS, ORIG_STATE, RESP_STATE,
    ORIG_PAYLOAD_BYTES, RESP_PAYLOAD_BYTES, ORIG_FIRST_TS, ORIG_LAST_TS, RESP_FIRST_TS, RESP_LAST_TS,
    ORIG_TTL, ORIG_TTL_MIN, ORIG_TTL_MAX, RESP_TTL, RESP_TTL_MIN, RESP_TTL_MAX, ORIG_IP_ID, RESP_IP_ID,
    ORIG_ISN, RESP_ISN, ORIG_NEXT_SEQ, RESP_NEXT_SEQ, ORIG_MAX_ACK, RESP_MAX_ACK, ORIG_MSS, RESP_MSS,
    ORIG_WSCALE, RESP_WSCALE, TS_NEGOTIATED, RTT_SYN_MS, RTT_ACK_MS, ORIG_RETRANSMITS, RESP_RETRANSMITS,
    ORIG_ZERO_WINDOWS, RESP_ZERO_WINDOWS, ORIG_KEEPALIVES, RESP_KEEPALIVES, MAX_IDLE_MS, RST_COUNT, ORIG_RSTS,
    RESP_RSTS, RST_STAGE, RST_CAUSE, RST_ORIGIN, RST_VERDICT, MAX_FORGED_SCORE, FRAME, SENDER, STAGE, CAUSE,
    RUNNER_UP_CAUSE, ORIGIN, FORM, SEQ_CHECK, TTL, TTL_BASELINE, GAP_BEFORE_MS, FORGED_SCORE, VERDICT,
    EVIDENCE, REASON_TEXT, SEEN_AT, INTERFACE, SRC, DST, SPORT, DPORT, FLAGS, SEQ, ACK, WIN, PAYLOAD_LEN, IP_LEN, IP_ID,
    DF, TOS, MSS, WSCALE, SACK_PERM, TSVAL, TSECR, DIR, KIND, REASON, OFFSET;

    /** The schemas a column name is looked up in, in this order. */
    private static final List<Class<? extends Field>> SCHEMAS =
            List.of(FlowField.class, ResetField.class, PacketField.class, IssueField.class);

    /** The column's spec as the first table that has it defines it (every table gives it the same type). */
    @Override
    public Spec spec() {
        return holders().get(0).spec();
    }

    @Override
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The fields of the tables that have this column: {@code Col.UID.holders()} is flows', resets' and packets' uid. */
    public List<Field> holders() {
        List<Field> out = new ArrayList<>();
        for (Class<? extends Field> schema : SCHEMAS) {
            for (Field f : schema.getEnumConstants()) {
                if (f.column().equals(column())) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /** The names of the tables that have this column: {@code Col.DURATION.tables()} is {@code [flows]}. */
    public List<String> tables() {
        return holders().stream().map(Col::tableOf).toList();
    }

    /** The table a schema field belongs to: flows, resets, packets or issues. */
    public static String tableOf(Field field) {
        if (field instanceof FlowField) {
            return "flows";
        } else if (field instanceof ResetField) {
            return "resets";
        } else if (field instanceof PacketField) {
            return "packets";
        } else if (field instanceof IssueField) {
            return "issues";
        }
        return field.getClass().getSimpleName();
    }
}
