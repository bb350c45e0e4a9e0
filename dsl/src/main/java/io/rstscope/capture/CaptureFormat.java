package io.rstscope.capture;

/** The container format of a capture file, as told by its magic number (never by its name). */
public enum CaptureFormat {
    /** Classic libpcap format with microsecond timestamps. */
    PCAP("pcap"),
    /** Classic libpcap format with nanosecond timestamps (magic a1b23c4d). */
    PCAP_NSEC("nsecpcap"),
    /** pcapng (draft-ietf-opsawg-pcapng). */
    PCAPNG("pcapng"),
    /** Packets taken from a network interface by a live capture (saved as pcapng). */
    LIVE("live"),
    /**
     * Not a capture: the Parquet output of {@code rstscope spark} (its connections and resets), opened
     * with {@code Rst.open(dir)}; it holds no packets.
     */
    PARQUET("rstscope spark output (Parquet)");

    private final String label;

    CaptureFormat(String label) {
        this.label = label;
    }

    /** The name capinfos gives the format. */
    public String label() {
        return label;
    }
}
