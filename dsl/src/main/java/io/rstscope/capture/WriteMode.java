package io.rstscope.capture;

/**
 * Whether a write may replace a file that already exists. rstscope never replaces a file unless the
 * call says so:
 *
 * <pre>{@code
 * flows().withReset().toPcap("resets.pcap");            // fails if resets.pcap exists
 * flows().withReset().toPcap("resets.pcap", REPLACE);   // replaces it (import static io.rstscope.capture.WriteMode.*)
 * }</pre>
 *
 * <p>Either way, the file a capture open in this process reads is never written, and a write that
 * fails leaves no partial file: see {@link OutputFiles}.
 */
public enum WriteMode {
    /** Write a new file; fail if one of that name exists (the default). */
    CREATE,
    /** Write the file, replacing one of that name if it exists. */
    REPLACE
}
