package io.rstscope.capture;

/**
 * What a {@link LiveSource}'s capture thread feeds as the packets arrive: each decoded packet once,
 * in arrival order, the capture's time when no packet comes, and the end of the capture. Every call
 * comes from that one thread.
 *
 * <pre>{@code
 * LiveSource src = LiveSource.start("eth0", "tcp", LiveOptions.UNTIL_STOPPED, new LiveSink() {
 *     public void accept(DecodedPacket p) { System.out.println(p.frame()); }
 *     public void tick(long nanos) { }                 // no packet came: the capture's clock reached nanos
 *     public void end() { System.out.println("ended"); }
 * });
 * }</pre>
 */
public interface LiveSink extends PacketSink {

    /**
     * No packet came for a while, or packets came without this being called for a while: the
     * capture's time (the packets' clock) has reached {@code nanos}. Never earlier than the latest
     * packet handed to {@link #accept}.
     */
    void tick(long nanos);

    /** The capture has ended (by its bound, by {@code stop()} or by a failure): no packet follows. Called once. */
    void end();
}
