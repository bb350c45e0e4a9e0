package io.rstscope.reset;

import java.util.function.IntUnaryOperator;

/**
 * What judging a reset needs to know beyond its connection's packets: the connection's identity and
 * round trip, the host TTL baselines, how the tuple's previous connection ended, and the idle threshold.
 *
 * <pre>{@code
 * JudgeContext ctx = new JudgeContext(0, "C1", "10.0.0.1", 40000, "10.0.0.2", 443, 2_000_000L,
 *         ResetOptions.DEFAULT.idleThreshold().toNanos(), false, side -> -1);
 * }</pre>
 *
 * @param flow             row of the connection in the flows table
 * @param uid              the connection's uid
 * @param origH            originator address
 * @param origP            originator port
 * @param respH            responder address
 * @param respP            responder port
 * @param rtt              the handshake's round trip (SYN to SYN/ACK plus SYN/ACK to ACK), ns; 0 when unknown
 * @param idleNanos        the idle threshold, ns
 * @param previousEndedSf  whether the connection that used the same tuple before ended normally (SF)
 * @param hostBaseline     for a side (0 originator, 1 responder), its host's habits across the capture,
 *                         packed as {@link io.rstscope.flow.HostProfile#packed()} (a bare TTL 0-255: habits
 *                         unknown), -1 when unknown
 */
public record JudgeContext(int flow, String uid, String origH, int origP, String respH, int respP, long rtt,
                           long idleNanos, boolean previousEndedSf, IntUnaryOperator hostBaseline) {
}
