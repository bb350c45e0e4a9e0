package io.rstscope.flow;

/**
 * One host's habits over every connection of a capture: the TTL (IPv6: hop limit) its packets arrive
 * with most often, how often it set the IPv4 don't-fragment bit, and whether it ever sent a non-atomic
 * datagram (DF clear) with IP ID 0. A reset in the host's name that breaks one of these habits was
 * probably written by something else on the path. Only packets other than RSTs count toward the DF and
 * IP-ID habits, so that the resets being judged do not make the habit they are judged against.
 *
 * <pre>{@code
 * TrackedCapture cap = FlowTracker.read(Path.of("incident.pcap"), ReadOptions.DEFAULT);
 * HostProfile h = cap.flows().hosts().profile("192.0.2.10").orElseThrow();
 * h.dfHabit();                                      // SET
 * int packed = h.packed();                          // what ResetStream's host function returns
 * HostProfile.dfHabitOf(packed);                    // SET
 * }</pre>
 *
 * @param address    the host's address as text
 * @param ttl        the TTL seen most often
 * @param dfSet      IPv4 packets (not RSTs) with DF set
 * @param dfClear    IPv4 packets (not RSTs) with DF clear
 * @param idZeroNoDf of those with DF clear, how many carried IP ID 0
 */
public record HostProfile(String address, int ttl, long dfSet, long dfClear, long idZeroNoDf) {

    /** The fewest IPv4 packets from which a host's DF and IP-ID habits are taken as known. */
    public static final int MIN_PACKETS = 4;

    /** Whether a host sets the don't-fragment bit. */
    public enum DfHabit {
        /** Too few IPv4 packets to tell. */
        UNKNOWN,
        /** On every IPv4 packet. */
        SET,
        /** On none. */
        CLEAR,
        /** On some. */
        MIXED
    }

    /** The host's DF habit: {@code SET} when all of at least {@link #MIN_PACKETS} IPv4 packets carried DF. */
    public DfHabit dfHabit() {
        if (dfSet + dfClear < MIN_PACKETS) {
            return DfHabit.UNKNOWN;
        }
        return dfClear == 0 ? DfHabit.SET : dfSet == 0 ? DfHabit.CLEAR : DfHabit.MIXED;
    }

    /**
     * Whether at least {@link #MIN_PACKETS} IPv4 packets show that the host never numbers a non-atomic
     * datagram 0: none of them had DF clear and IP ID 0 (RFC 6864 §4: only atomic datagrams, DF set, may
     * repeat an ID; Linux writes 0 only there).
     */
    public boolean neverIdZeroWithoutDf() {
        return dfSet + dfClear >= MIN_PACKETS && idZeroNoDf == 0;
    }

    /**
     * The profile as one int, as {@code ResetStream}'s host function returns it: bits 0-7 the TTL, bits
     * 8-9 the {@link DfHabit}, bit 10 {@link #neverIdZeroWithoutDf()}. A function that returns a bare TTL
     * (0-255) therefore still means "TTL known, habits unknown"; -1 means nothing is known.
     */
    public int packed() {
        return (ttl & 0xff) | dfHabit().ordinal() << 8 | (neverIdZeroWithoutDf() ? 1 << 10 : 0);
    }

    /** The TTL of a {@link #packed()} profile, -1 when unknown: {@code HostProfile.ttlOf(-1) == -1}. */
    public static int ttlOf(int packed) {
        return packed < 0 ? -1 : packed & 0xff;
    }

    /** The DF habit of a {@link #packed()} profile: {@code HostProfile.dfHabitOf(64) == DfHabit.UNKNOWN}. */
    public static DfHabit dfHabitOf(int packed) {
        return packed < 0 ? DfHabit.UNKNOWN : DfHabit.values()[packed >>> 8 & 3];
    }

    /** {@link #neverIdZeroWithoutDf()} of a {@link #packed()} profile, false when unknown. */
    public static boolean neverIdZeroWithoutDfOf(int packed) {
        return packed >= 0 && (packed & 1 << 10) != 0;
    }
}
