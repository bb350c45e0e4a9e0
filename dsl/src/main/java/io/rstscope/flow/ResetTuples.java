package io.rstscope.flow;

import io.rstscope.capture.DecodedPacket;
import io.rstscope.capture.PacketSink;
import io.rstscope.capture.SkippingSink;
import java.util.Arrays;
import java.util.function.LongConsumer;
import java.util.function.ObjIntConsumer;

/**
 * The tuples on which a read saw an RST, so that a second read of the same capture follows only their
 * connections: one bit per hashed tuple (both directions hash alike), set for every tuple an RST was
 * seen on. A tuple whose bit is set by another's hash is followed for nothing (a false positive costs
 * time, never an answer); a tuple with an RST is always followed.
 *
 * <p>Why this is enough for the reset analysis: every reset row is an RST of a connection on such a
 * tuple, and what its judging reads is that connection's packets, the earlier connections on the same
 * tuple, and, from the rest of the capture, only its clock (Zeek's timers) and what the first read
 * already took (the hosts' habits, each connection's place in the capture). The tuples left out still
 * move the trackers' clock, so every followed connection ends as in a read of every packet.
 *
 * <pre>{@code
 * ResetTuples tuples = ResetTuples.forCapture(Files.size(file));
 * FlowTracker first = FlowTracker.rowless(null);
 * CaptureReader.read(file, ReadOptions.DEFAULT.withoutPackets(), tuples.marking(first));
 * FlowTracker second = FlowTracker.rowless(listener);
 * CaptureReader.read(file, ReadOptions.DEFAULT.withoutPackets(), tuples.onlyMarked(second, second::advanceClock));
 * }</pre>
 */
public final class ResetTuples {

    /** The fewest bits (8 kB): small captures. */
    static final int MIN_BITS_LOG2 = 16;
    /**
     * The most bits (16 MB), whatever the capture's size: with a million tuples with RSTs, under 1 % of
     * the other tuples are followed for nothing.
     */
    static final int MAX_BITS_LOG2 = 27;

    private final long[] words;
    private final int mask;
    /**
     * Each frame's tuple bit as the marking read saw it, -1 for a record that is not TCP, for the first
     * {@link #framesKept} frames: the second read then passes over the frames of unmarked tuples before
     * decoding them. At most 4 Mi frames (16 MB), and a 256th of the heap.
     */
    private int[] frameBits = new int[1024];
    private int framesKept;
    private final int maxFramesKept = (int) Math.min(1 << 22, Runtime.getRuntime().maxMemory() / 1024);

    private ResetTuples(int bitsLog2) {
        this.words = new long[1 << (bitsLog2 - 6)];
        this.mask = (1 << bitsLog2) - 1;
    }

    /**
     * For a capture of {@code bytes} on disk: a bit for every 32 bytes (there are fewer packets than
     * that, and fewer tuples with RSTs still), within 8 kB and 16 MB, so that the bits of an ordinary
     * capture stay in the processor's cache.
     */
    public static ResetTuples forCapture(long bytes) {
        long wanted = Math.max(1, bytes / 32);
        int log2 = 64 - Long.numberOfLeadingZeros(wanted - 1);
        return new ResetTuples(Math.max(MIN_BITS_LOG2, Math.min(MAX_BITS_LOG2, log2)));
    }

    /**
     * Marks {@code p}'s tuple when it is a TCP RST; notes its frame's tuple (the frames come in order from
     * 1); answers the tuple's hash, which a tracker takes with the packet (0 when {@code p} is not TCP):
     * {@code int hash = tuples.mark(p);}.
     */
    public int mark(DecodedPacket p) {
        int h = p.tcp() ? FlowTracker.hash(p) : 0;
        int i = p.tcp() ? h & mask : -1;
        if (i >= 0 && (p.flags() & DecodedPacket.RST) != 0) {
            words[i >>> 6] |= 1L << i;
        }
        if (p.frame() == framesKept + 1 && framesKept < maxFramesKept) {
            if (framesKept == frameBits.length) {
                frameBits = Arrays.copyOf(frameBits, Math.min(maxFramesKept, framesKept * 2));
            }
            frameBits[framesKept++] = i;
        }
        return h;
    }

    /** Whether {@code p} is a TCP packet on a marked tuple (or on one that hashes alike). */
    public boolean marked(DecodedPacket p) {
        if (!p.tcp()) {
            return false;
        }
        int i = bit(p);
        return (words[i >>> 6] & 1L << i) != 0;
    }

    /**
     * A sink that marks each packet's tuple when it is an RST, then hands every packet to {@code next}; its
     * frames' tuples are sized once from the file's size ({@link PacketSink#expect}), as {@code next}'s are.
     */
    public PacketSink marking(PacketSink next) {
        // A tracker takes the tuple's hash with the packet: computed once for the mark and the tracker.
        ObjIntConsumer<DecodedPacket> hashed = next instanceof FlowTracker f ? f::accept
                : next instanceof PartitionedTracker t ? t::accept : null;
        return new PacketSink() {
            @Override
            public void accept(DecodedPacket p) {
                int h = mark(p);
                if (hashed != null && p.tcp()) {
                    hashed.accept(p, h);
                } else {
                    next.accept(p);
                }
            }

            @Override
            public void expect(double scale) {
                int want = Math.min(maxFramesKept, FlowTracker.expected(framesKept, scale, 1, Integer.BYTES));
                if (want > frameBits.length) {
                    frameBits = Arrays.copyOf(frameBits, want);
                }
                next.expect(scale);
            }
        };
    }

    /**
     * A sink that hands {@code next} the packets of marked tuples only; each other TCP packet only moves
     * the clock ({@code clock} gets its time: a tracker's {@code advanceClock}). The frames noted by the
     * marking read are passed over before they are decoded when they are not TCP or their tuple is not
     * marked ({@link SkippingSink}): the read's own counts then cover the decoded packets only.
     */
    public SkippingSink onlyMarked(PacketSink next, LongConsumer clock) {
        return new SkippingSink() {
            @Override
            public boolean skips(long frame, long tsNanos) {
                if (frame > framesKept) {
                    return false;
                }
                int i = frameBits[(int) frame - 1];
                if (i < 0) {
                    return true; // not TCP: nothing a tracker looks at
                }
                if ((words[i >>> 6] & 1L << i) != 0) {
                    return false;
                }
                clock.accept(tsNanos);
                return true;
            }

            @Override
            public void accept(DecodedPacket p) {
                if (marked(p)) {
                    next.accept(p);
                } else if (p.tcp()) {
                    clock.accept(p.tsNanos());
                }
            }

            @Override
            public void expect(double scale) {
                next.expect(scale);
            }
        };
    }

    /** How many bits it has: one per hashed tuple. */
    int bits() {
        return mask + 1;
    }

    private int bit(DecodedPacket p) {
        return FlowTracker.hash(p) & mask;
    }
}
