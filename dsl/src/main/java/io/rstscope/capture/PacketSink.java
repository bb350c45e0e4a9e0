package io.rstscope.capture;

/**
 * Receives every decoded packet of a read, in file order. The packet object is reused: copy what
 * you keep. Connection tracking and the packets table are sinks.
 */
@FunctionalInterface
public interface PacketSink {

    /** Called once per packet record, whether or not it is TCP. */
    void accept(DecodedPacket p);

    /**
     * Told once, early in the read of a file, how many times over the file holds what has been decoded so
     * far (its size over the decoder's offset, or over the bytes read of a compressed file): a sink that
     * grows arrays with the packets may size them once instead of many times. Ignored unless overridden; a
     * read of unknown size never calls it:
     * {@code public void expect(double scale) { rows.ensureCapacity((int) (rows.size() * scale)); }}.
     */
    default void expect(double scale) {
    }
}
