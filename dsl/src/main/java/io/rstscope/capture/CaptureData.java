package io.rstscope.capture;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything one read produced. When the file was damaged, {@link #error()} holds the exception and
 * everything else holds what was read before the damage.
 *
 * @param file       the file read
 * @param format     its container format
 * @param compressed whether it was gzip-compressed
 * @param linkTypes  the link-type numbers its interfaces declare, in order of appearance
 * @param stats      counts
 * @param packets    the TCP packets, or {@code null} when read without them
 * @param addresses  the addresses the packets (and later the connections) refer to
 * @param issues     packets that could not be fully decoded, in file order: the first
 *                   {@value IssueLog#LISTED}, then one row per kind and reason of those counted beyond
 * @param issueCount   every issue counted, listed or not
 * @param issuesListed how many of them are rows of their own in {@code issues}
 * @param damage     the damage that ended the read early, or {@code null}
 */
public record CaptureData(Path file, CaptureFormat format, boolean compressed, int[] linkTypes, CaptureStats stats,
                          PacketColumns packets, AddressTable addresses, List<Issue> issues, long issueCount,
                          long issuesListed, CaptureFormatException damage) {

    /**
     * The TCP packets, or {@code null} when read without them. A cluster job's output
     * ({@link CaptureFormat#PARQUET}) has none to give and says so, with what to do instead.
     */
    @Override
    public PacketColumns packets() {
        if (format == CaptureFormat.PARQUET) {
            throw new io.rstscope.RstscopeException(file.getFileName() + " is the output of rstscope spark: it holds"
                    + " the connections and resets, not the packets; open the capture files themselves"
                    + " (open(\"trace.pcap\")) for packets, ladders and packet lists");
        }
        return packets == null ? null : packets.filled();
    }

    /** The damage that ended the read early, if any. */
    public Optional<CaptureFormatException> error() {
        return Optional.ofNullable(damage);
    }

    /** The format as capinfos names it, with "(gzip compressed)" when it was. */
    public String formatLabel() {
        return format.label() + (compressed ? " (gzip compressed)" : "");
    }
}
