package io.rstscope.capture;

import io.rstscope.RstscopeException;
import java.nio.file.Path;

/**
 * A capture file that cannot be read on: not a capture at all, or damaged at some point.
 *
 * <p>The message names the file, the packet number (0 for the file's own header) and the byte offset
 * where the damage was found, for example:
 *
 * <pre>
 * fuzz.pcap: damaged at packet 3, byte offset 156: record header claims 16711424 captured bytes, more than the maximum of 262144
 * </pre>
 *
 * When it comes from {@link CaptureReader#read}, the packets before the damage are in
 * {@link CaptureData}; only what follows the damage is lost.
 */
public final class CaptureFormatException extends RstscopeException {

    private final Path file;
    private final long packet;
    private final long offset;
    private final String reason;

    /**
     * @param file   the capture file
     * @param packet the 1-based number of the packet being read, or 0 for the file header
     * @param offset the byte offset in the (decompressed) file where the damage starts
     * @param reason what is wrong, with the value seen and the one expected
     */
    public CaptureFormatException(Path file, long packet, long offset, String reason) {
        super(message(file, packet, offset, reason));
        this.file = file;
        this.packet = packet;
        this.offset = offset;
        this.reason = reason;
    }

    private static String message(Path file, long packet, long offset, String reason) {
        String where = packet == 0 ? "in the file header" : "at packet " + packet;
        return file + ": damaged " + where + ", byte offset " + offset + ": " + reason;
    }

    /** The capture file. */
    public Path file() {
        return file;
    }

    /** The 1-based number of the packet being read when the damage was found, 0 for the header. */
    public long packet() {
        return packet;
    }

    /** The byte offset of the damage in the file (in the decompressed stream for gzip files). */
    public long offset() {
        return offset;
    }

    /** What is wrong, without the file and position. */
    public String reason() {
        return reason;
    }
}
