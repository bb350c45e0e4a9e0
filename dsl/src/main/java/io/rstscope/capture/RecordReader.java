package io.rstscope.capture;

import java.io.IOException;

/** Reads the packet records of one container format, in file order. */
interface RecordReader {

    /**
     * Fills {@code r} with the next packet record.
     *
     * @return false at the clean end of the file
     * @throws CaptureFormatException when the file is damaged at this point
     */
    boolean next(RawRecord r) throws IOException;

    /** The container format. */
    CaptureFormat format();

    /** Every link type declared so far (pcap: one; pcapng: one per interface), in order of appearance. */
    int[] linkTypes();
}
