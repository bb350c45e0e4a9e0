package io.rstscope.reset;

import java.util.List;

/**
 * One reset, explained: a row of the {@code resets} table.
 *
 * @param frame         packet number of the RST in the file
 * @param ts            its timestamp, ns since the epoch
 * @param flow          row of its connection in the flows table (-1 for none)
 * @param uid           its connection's uid
 * @param origH         the connection's originator address
 * @param origP         originator port
 * @param respH         responder address
 * @param respP         responder port
 * @param sender        whose address the RST carries
 * @param stage         where in the connection's life it came
 * @param cause         why it was sent
 * @param runnerUp      the next most likely cause where the capture cannot separate two, else {@code null}
 * @param origin        who most likely really sent it
 * @param form          RST or RST_ACK
 * @param seqCheck      how its sequence number fits the receiver's window
 * @param ttl           its TTL or hop limit
 * @param ttlBaseline   the claimed sender's usual TTL (-1 when unknown)
 * @param gapBeforeMs   milliseconds since the connection's previous packet (-1 for none)
 * @param forgedScore   sum of the forgery signals' points
 * @param verdict       GENUINE, SUSPICIOUS or FORGED
 * @param evidence      the signals and facts behind cause and verdict
 * @param seenAt        where it was seen when two captures were compared, else {@code null}
 * @param reasonText    the reason its payload states (an RST diagnostic payload, a vendor's text, see
 *                      {@link ResetPayload}), else {@code null}
 */
public record ResetRow(long frame, long ts, int flow, String uid, String origH, int origP, String respH, int respP,
                       Sender sender, Stage stage, Cause cause, Cause runnerUp, Origin origin, Form form,
                       SeqCheck seqCheck, int ttl, int ttlBaseline, double gapBeforeMs, int forgedScore,
                       Verdict verdict, List<Evidence> evidence, SeenAt seenAt, String reasonText) {

    /** A reset whose payload states no reason. */
    public ResetRow(long frame, long ts, int flow, String uid, String origH, int origP, String respH, int respP,
                    Sender sender, Stage stage, Cause cause, Cause runnerUp, Origin origin, Form form,
                    SeqCheck seqCheck, int ttl, int ttlBaseline, double gapBeforeMs, int forgedScore,
                    Verdict verdict, List<Evidence> evidence, SeenAt seenAt) {
        this(frame, ts, flow, uid, origH, origP, respH, respP, sender, stage, cause, runnerUp, origin, form, seqCheck,
                ttl, ttlBaseline, gapBeforeMs, forgedScore, verdict, evidence, seenAt, null);
    }

    /**
     * The same reset as two captures see it: where it was seen, and the origin and verdict decided with
     * both views, the reason added to the evidence.
     */
    public ResetRow withTwoViews(SeenAt where, Origin twoViewOrigin, Verdict twoViewVerdict, Evidence reason) {
        List<Evidence> ev = new java.util.ArrayList<>(evidence);
        ev.add(reason);
        return new ResetRow(frame, ts, flow, uid, origH, origP, respH, respP, sender, stage, cause, runnerUp,
                twoViewOrigin, form, seqCheck, ttl, ttlBaseline, gapBeforeMs, forgedScore, twoViewVerdict,
                List.copyOf(ev), where, reasonText);
    }

    /**
     * The same reset with its connection's row and uid in another numbering: a thread that followed a
     * share of the capture's connections numbered them from 0; merged, they take their place in the
     * whole capture: {@code row.withConnection(41, flows.uid(41))}.
     */
    public ResetRow withConnection(int flowRow, String flowUid) {
        return new ResetRow(frame, ts, flowRow, flowUid, origH, origP, respH, respP, sender, stage, cause, runnerUp,
                origin, form, seqCheck, ttl, ttlBaseline, gapBeforeMs, forgedScore, verdict, evidence, seenAt,
                reasonText);
    }

    /** One line: what happened and why, e.g. for a terminal listing. */
    public String summary() {
        return "frame " + frame + " " + sender + " " + stage + " " + cause
                + (runnerUp != null ? " (or " + runnerUp + ")" : "") + " " + origin + " " + verdict
                + " score " + forgedScore;
    }
}
