package io.rstscope.capture;

/**
 * A sink that may pass over records before they are decoded: the second read of a capture whose first
 * read told which frames matter. A record it skips is not decoded, counted or handed on, so the
 * {@link CaptureData} of such a read describes the decoded records only; the first read's is the
 * capture's. It is used when it is a read's only sink.
 *
 * <pre>{@code
 * CaptureReader.read(file, ReadOptions.DEFAULT.withoutPackets(), new SkippingSink() {
 *     public boolean skips(long frame, long tsNanos) { return frame % 2 == 0; }
 *     public void accept(DecodedPacket p) { System.out.println(p.frame()); }   // the odd frames
 * });
 * }</pre>
 */
public interface SkippingSink extends PacketSink {

    /** Whether the record of {@code frame} (from 1), stamped {@code tsNanos}, is passed over undecoded. */
    boolean skips(long frame, long tsNanos);
}
