package io.rstscope.capture;

/** One packet record as the container holds it; reused for every record, valid until the next. */
final class RawRecord {
    int iface;
    int linkType;
    long tsNanos;
    int capLen;
    int origLen;
    byte[] data;
    int off;
    /** Offset of the record (its header or block) in the stream. */
    long fileOffset;
    /** The packet's number when the reader knows it (a live capture's window), else 0: numbered in order. */
    long frame;
}
