package io.rstscope.capture;

/**
 * How to read a capture.
 *
 * <pre>{@code
 * Capture cap = Rst.open(Path.of("big.pcap"), ReadOptions.DEFAULT.withoutPackets().withThreads(2));
 * }</pre>
 *
 * @param keepPackets build the packets columns (off for captures larger than memory: connections and
 *                    resets are still built)
 * @param progress    told how far the read has come, about every million packets; {@code null} for none
 * @param threads     how many threads track the connections and explain the resets, each taking its
 *                    share of the connections (by their addresses and ports); the results are the same
 *                    whatever the number. One reads and decodes the file in the calling thread as well.
 */
public record ReadOptions(boolean keepPackets, Progress progress, int threads) {

    /** The most threads a read uses. */
    public static final int MAX_THREADS = 127;

    /** Keep the packets, report no progress, one thread per available processor. */
    public static final ReadOptions DEFAULT = new ReadOptions(true, null);

    /** Validates the thread count. */
    public ReadOptions {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be from 1 to " + MAX_THREADS + ", got " + threads);
        }
    }

    /**
     * Options with one thread per available processor:
     * {@code new ReadOptions(false, null)}.
     */
    public ReadOptions(boolean keepPackets, Progress progress) {
        this(keepPackets, progress, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
    }

    /** Receives the progress of a long read. */
    @FunctionalInterface
    public interface Progress {
        /** Called with the packets read so far and the bytes consumed of the (possibly compressed) file. */
        void update(long packets, long fileBytesRead, long fileSize);
    }

    /** These options without the packets columns. */
    public ReadOptions withoutPackets() {
        return new ReadOptions(false, progress, threads);
    }

    /** These options with a progress listener. */
    public ReadOptions withProgress(Progress listener) {
        return new ReadOptions(keepPackets, listener, threads);
    }

    /**
     * These options with {@code n} threads (1 to {@link #MAX_THREADS}) tracking connections and explaining resets:
     * {@code ReadOptions.DEFAULT.withThreads(1)} does all of it in the calling thread.
     */
    public ReadOptions withThreads(int n) {
        return new ReadOptions(keepPackets, progress, n);
    }
}
