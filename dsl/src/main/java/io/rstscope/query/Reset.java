package io.rstscope.query;

import io.rstscope.Capture;
import io.rstscope.reset.Cause;
import io.rstscope.reset.Evidence;
import io.rstscope.reset.Origin;
import io.rstscope.reset.ResetRow;
import io.rstscope.reset.SeenAt;
import io.rstscope.reset.Sender;
import io.rstscope.reset.Stage;
import io.rstscope.reset.Verdict;
import io.rstscope.view.Explanation;
import io.rstscope.view.Ladder;
import java.util.List;

/**
 * One reset: a row of the {@code resets} table, with its connection, explanation and ladder.
 *
 * <pre>{@code
 * Reset r = cap.resets().spoofed().first();
 * r.cause();        // POLICY_INJECTION
 * r.explain();      // the narrative with its evidence
 * r.flow().ladder();
 * }</pre>
 *
 * @param capture the capture it belongs to
 * @param index   its row in the resets table
 */
public record Reset(Capture capture, int index) {

    /** Everything the analysis found: {@code reset.row().seqCheck()}. */
    public ResetRow row() {
        return capture.resetRows().get(index);
    }

    /** Packet number of the RST in the file: {@code reset.frame()}. */
    public long frame() {
        return row().frame();
    }

    /** Whose address it carries: {@code reset.sender()}. */
    public Sender sender() {
        return row().sender();
    }

    /** Where in the connection's life it came: {@code reset.stage()}. */
    public Stage stage() {
        return row().stage();
    }

    /** Why it was sent: {@code reset.cause()}. */
    public Cause cause() {
        return row().cause();
    }

    /** Who most likely really sent it: {@code reset.origin()}. */
    public Origin origin() {
        return row().origin();
    }

    /** GENUINE, SUSPICIOUS or FORGED: {@code reset.verdict()}. */
    public Verdict verdict() {
        return row().verdict();
    }

    /** Where it was seen when two captures were compared, else {@code null}: {@code reset.seenAt()}. */
    public SeenAt seenAt() {
        return row().seenAt();
    }

    /** The signals behind the verdict and the cause: {@code reset.evidence()}. */
    public List<Evidence> evidence() {
        return row().evidence();
    }

    /** Its connection: {@code reset.flow().ladder()}. */
    public Flow flow() {
        return new Flow(capture, row().flow());
    }

    /** The reset told in words with its evidence: {@code reset.explain().text()}. */
    public Explanation explain() {
        return Views.resets(capture, "frame " + frame(), List.of(row()));
    }

    /** Its connection as a sequence diagram, this reset among the highlighted: {@code reset.ladder()}. */
    public Ladder ladder() {
        return Views.ladder(capture, row().flow());
    }

    /** One line: frame, sender, stage, cause, origin, verdict and score. */
    @Override
    public String toString() {
        return row().summary();
    }
}
