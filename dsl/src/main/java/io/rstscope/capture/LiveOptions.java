package io.rstscope.capture;

import java.time.Duration;

/**
 * How long a live capture runs and what it keeps.
 *
 * <pre>{@code
 * LiveOptions.UNTIL_STOPPED                        // runs until stop(); keeps every packet
 * LiveOptions.UNTIL_STOPPED.forDuration(Duration.ofSeconds(30))
 * LiveOptions.UNTIL_STOPPED.forPackets(10_000)
 * LiveOptions.UNTIL_STOPPED.windowed()             // a long watch: memory bounded by the connections
 * }</pre>
 *
 * @param duration   how long to capture, or {@code null} for no time limit
 * @param maxPackets how many packets to capture, or 0 for no count limit
 * @param window     keep only a window of recent TCP packets (see {@link LiveSource}) instead of all
 * @param snaplen    bytes kept of each packet
 */
public record LiveOptions(Duration duration, long maxPackets, boolean window, int snaplen) {

    /** Every packet whole (up to 262144 bytes, tcpdump's default), until stopped. */
    public static final LiveOptions UNTIL_STOPPED = new LiveOptions(null, 0, false, 262_144);

    /** Bytes a windowed capture keeps of each packet: the headers down to TCP's options. */
    public static final int HEADERS_SNAPLEN = 256;

    /** Checks the values. */
    public LiveOptions {
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("capture duration: expected more than 0, got " + duration);
        }
        if (maxPackets < 0) {
            throw new IllegalArgumentException("packet count: expected >= 0 (0 = no limit), got " + maxPackets);
        }
        if (snaplen < 64 || snaplen > 262_144) {
            throw new IllegalArgumentException("snap length: expected 64 to 262144 bytes, got " + snaplen);
        }
    }

    /** These options, ending after {@code d}. */
    public LiveOptions forDuration(Duration d) {
        return new LiveOptions(d, maxPackets, window, snaplen);
    }

    /** These options, ending after {@code count} packets. */
    public LiveOptions forPackets(long count) {
        if (count <= 0) {
            throw new IllegalArgumentException("packet count: expected more than 0, got " + count);
        }
        return new LiveOptions(duration, count, window, snaplen);
    }

    /** These options keeping a window of recent TCP headers only, so a long watch stays in bounded memory. */
    public LiveOptions windowed() {
        return new LiveOptions(duration, maxPackets, true, Math.min(snaplen, HEADERS_SNAPLEN));
    }

    /** These options keeping {@code bytes} of each packet. */
    public LiveOptions withSnaplen(int bytes) {
        return new LiveOptions(duration, maxPackets, window, bytes);
    }
}
