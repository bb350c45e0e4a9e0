package io.rstscope.flow;

import io.rstscope.capture.DecodedPacket;

/**
 * Follows the connections of a {@link FlowTracker} as it builds them: every packet with the connection
 * it belongs to, then the connection once it has ended (closed and past Zeek's delays, expired, replaced
 * by a new connection on its tuple, or still open at the end of the read) and its row is final.
 *
 * <pre>{@code
 * FlowTracker tracker = new FlowTracker(false, new ConnectionListener() {
 *     public Object packet(Object state, int row, boolean fromA, DecodedPacket p) {
 *         return state == null ? 1 : (Integer) state + 1; // packets so far
 *     }
 *     public void ended(Object state, int row, FlowColumns flows) {
 *         System.out.println(flows.uid(row) + " " + state + " packets");
 *     }
 * });
 * }</pre>
 */
public interface ConnectionListener {

    /**
     * One packet of connection {@code row}, after the tracker has counted it.
     *
     * @param state what this method returned for the connection's previous packet, {@code null} for its first
     * @param row   the connection's row in the flows table
     * @param fromA whether the packet comes from the endpoint that sent the connection's first packet
     * @param p     the packet
     * @return what to hand back with the connection's next packet and when it ends
     */
    Object packet(Object state, int row, boolean fromA, DecodedPacket p);

    /** Connection {@code row} has ended: its row in {@code flows} is final and no packet of it follows. */
    void ended(Object state, int row, FlowColumns flows);
}
