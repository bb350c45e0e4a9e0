package io.rstscope.teach;

import io.rstscope.reset.Cause;
import io.rstscope.reset.Form;
import io.rstscope.reset.Origin;
import io.rstscope.reset.Sender;
import io.rstscope.reset.SeqCheck;
import io.rstscope.reset.Stage;
import io.rstscope.reset.Verdict;

/**
 * The expected analysis of one RST in a {@link Scenario}: what the classifier must say about it, and
 * the wire facts ({@code form}, {@code seqCheck}) that make it so.
 *
 * <pre>{@code
 * for (Label l : Scenario.SYN_SCAN.labels()) {
 *     System.out.println(l.frame() + " " + l.cause() + ": " + l.note());
 * }
 * }</pre>
 *
 * @param frame    the RST's frame number, counted from 1 as Wireshark does
 * @param stage    where in the connection's life it came
 * @param sender   whose address it carries
 * @param origin   who really sent it
 * @param cause    why it was sent
 * @param runnerUp the cause it cannot be told apart from at this vantage point, or {@code null}
 * @param verdict  GENUINE for a real stack's reset, FORGED for one injected in another's name
 * @param form     its flags: bare RST or RST|ACK
 * @param seqCheck how its sequence number fits, as the capture shows it (RFC 9293 §3.10.7.4, RFC 5961):
 *                 a bare RST whose seq is the acknowledgment of the segment it answers is REPLY_TO_ACK;
 *                 otherwise EXACT means seq = the next sequence number the capture saw its sender use
 * @param note     what to look at in the packet, in a few words
 */
public record Label(long frame, Stage stage, Sender sender, Origin origin, Cause cause, Cause runnerUp,
                    Verdict verdict, Form form, SeqCheck seqCheck, String note) {

    /** The header of {@link #tsvRow()}. */
    public static final String TSV_HEADER =
            "frame\tstage\tsender\torigin\tcause\trunner_up\tverdict\tform\tseq_check\tnote";

    /** One tab-separated row; an empty {@code runner_up} when there is none. */
    public String tsvRow() {
        return frame + "\t" + stage + "\t" + sender + "\t" + origin + "\t" + cause + "\t"
                + (runnerUp == null ? "" : runnerUp.name()) + "\t" + verdict + "\t" + form + "\t" + seqCheck
                + "\t" + note;
    }
}
