package io.rstscope.capture;

/**
 * How to read a capture.
 *
 * @param keepPackets build the packets columns (off for captures larger than memory: connections and
 *                    resets are still built)
 * @param progress    told how far the read has come, about every million packets; {@code null} for none
 */
public record ReadOptions(boolean keepPackets, Progress progress) {

    /** Keep the packets, report no progress. */
    public static final ReadOptions DEFAULT = new ReadOptions(true, null);

    /** Receives the progress of a long read. */
    @FunctionalInterface
    public interface Progress {
        /** Called with the packets read so far and the bytes consumed of the (possibly compressed) file. */
        void update(long packets, long fileBytesRead, long fileSize);
    }

    /** These options without the packets columns. */
    public ReadOptions withoutPackets() {
        return new ReadOptions(false, progress);
    }

    /** These options with a progress listener. */
    public ReadOptions withProgress(Progress listener) {
        return new ReadOptions(keepPackets, listener);
    }
}
