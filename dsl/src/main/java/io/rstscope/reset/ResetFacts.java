package io.rstscope.reset;

import java.util.List;

/**
 * What the whole connection and capture say about one reset, beyond the state before it: the published
 * fingerprints it shows ({@link Fingerprints}: some look ahead, at what the claimed sender did afterwards,
 * or across connections), whether its seq is an acknowledgment number the peer sent (a reply to one of the
 * peer's segments), and the reason its payload states.
 *
 * <pre>{@code
 * ResetFacts facts = new ResetFacts(fingerprints.signals(rstPrint, rttNanos), Fingerprints.replyToPeer(rstPrint),
 *         ResetPayload.decode(rstPrint.payload, rst.payloadLen()).orElse(null));
 * ResetRow row = ResetJudge.judge(rst, prev, state, ctx, sentAfter, onlyRsts, facts);
 * }</pre>
 *
 * @param fingerprints the fingerprint signals, as evidence with their points
 * @param replyToPeer  whether the reset's seq is an acknowledgment number the peer sent
 * @param payload      the reason its payload states, {@code null} for none
 */
public record ResetFacts(List<Evidence> fingerprints, boolean replyToPeer, ResetPayload payload) {

    /** Nothing known beyond the state: no fingerprints, not known as a reply, no payload. */
    public static final ResetFacts NONE = new ResetFacts(List.of(), false, null);
}
