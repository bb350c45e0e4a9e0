package io.rstscope.capture;

/**
 * Receives every decoded packet of a read, in file order. The packet object is reused: copy what
 * you keep. Connection tracking and the packets table are sinks.
 */
@FunctionalInterface
public interface PacketSink {

    /** Called once per packet record, whether or not it is TCP. */
    void accept(DecodedPacket p);
}
