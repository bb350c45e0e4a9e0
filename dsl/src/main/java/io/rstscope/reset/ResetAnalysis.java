package io.rstscope.reset;

import io.rstscope.capture.ReadOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * Explains every RST of a capture: stage, sender, origin, cause (and a runner-up where one vantage
 * point cannot separate two), the RFC 9293 / RFC 5961 sequence check, and a forgery score with the
 * evidence behind it.
 *
 * <pre>{@code
 * for (ResetRow r : ResetAnalysis.analyze(Path.of("incident.pcap"))) {
 *     System.out.println(r.summary());
 * }
 * }</pre>
 *
 * <p>Each connection is followed packet by packet as the capture is read ({@link ResetStream}), keeping
 * for both sides what a stack would know at that moment (ISN, next sequence number, last
 * acknowledgment and window, FIN, retransmissions, keep-alive probes, TTLs and IP IDs); each RST is
 * judged against that state and against what the claimed sender did afterwards.
 *
 * <p>The rules follow what the wire shows (checked on Linux 6.x): a closed port answers a SYN with
 * RST|ACK, seq 0, ack = ISN+1; passive resets (replies to a segment with ACK) are bare with window 0;
 * active resets (linger 0, unread data) are RST|ACK with seq = SND.NXT and the timestamp option when it
 * was negotiated; Linux sends no RST when its retransmissions run out; with tcp_abort_on_overflow the
 * server sends a bare RST with seq = ISN+1 right after the third ACK; iptables REJECT answers with the
 * firewall's own TTL. Forgery signals prefer a false negative to a false positive.
 */
public final class ResetAnalysis {

    /** Score from which a reset is FORGED. */
    public static final int FORGED_FROM = 4;
    /** Score from which a reset is SUSPICIOUS. */
    public static final int SUSPICIOUS_FROM = 2;

    private ResetAnalysis() {
    }

    /** Reads {@code file} once, tracks its connections and explains every RST, in capture order. */
    public static List<ResetRow> analyze(Path file) {
        return analyze(file, ResetOptions.DEFAULT);
    }

    /** Reads {@code file} once and explains every RST with {@code options}: {@code analyze(path, ResetOptions.DEFAULT)}. */
    public static List<ResetRow> analyze(Path file, ResetOptions options) {
        return ResetStream.read(file, ReadOptions.DEFAULT.withoutPackets(), options).resets();
    }
}
