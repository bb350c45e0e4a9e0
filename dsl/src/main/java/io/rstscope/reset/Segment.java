package io.rstscope.reset;

import io.rstscope.capture.DecodedPacket;

/**
 * The decoded fields of one TCP segment that the reset analysis reads, and which side of its
 * connection sent it.
 *
 * <pre>{@code
 * Segment rst = new Segment(1_700_000_000_000_000_000L, 7, 1, DecodedPacket.RST, 1001, 0, 0, 64, 0, 0, false, -1);
 * boolean bare = (rst.flags() & DecodedPacket.ACK) == 0; // true
 * }</pre>
 *
 * @param ts         timestamp, ns since the epoch
 * @param frame      packet number in the capture (from 1)
 * @param side       0 for the connection's originator (client), 1 for its responder (server)
 * @param flags      TCP flags, as {@link DecodedPacket}'s constants
 * @param seq        sequence number (32 bits, as on the wire)
 * @param ack        acknowledgment number (32 bits, as on the wire)
 * @param win        window field, unscaled
 * @param ttl        TTL or hop limit
 * @param ipId       IPv4 identification, -1 for IPv6
 * @param payloadLen TCP payload length
 * @param tsPresent  whether the timestamp option is present
 * @param wscale     window scale option's shift, -1 when absent
 * @param df         whether the IPv4 don't-fragment bit is set
 */
public record Segment(long ts, long frame, int side, int flags, int seq, int ack, int win, int ttl, int ipId,
                      int payloadLen, boolean tsPresent, int wscale, boolean df) {

    /** A segment whose DF bit is not known (read as clear). */
    public Segment(long ts, long frame, int side, int flags, int seq, int ack, int win, int ttl, int ipId,
                   int payloadLen, boolean tsPresent, int wscale) {
        this(ts, frame, side, flags, seq, ack, win, ttl, ipId, payloadLen, tsPresent, wscale, false);
    }

    /** The same segment seen with the roles the other way round. */
    public Segment mirrored() {
        return new Segment(ts, frame, 1 - side, flags, seq, ack, win, ttl, ipId, payloadLen, tsPresent, wscale, df);
    }

    /** The fields of a decoded TCP packet, sent by {@code side}. */
    public static Segment of(DecodedPacket p, int side) {
        return new Segment(p.tsNanos(), (int) p.frame(), side, (short) p.flags(), p.seq(), p.ack(), (char) p.win(),
                (short) p.ttl(), p.ipId(), p.payloadLen(), p.tsPresent(), (byte) p.wscale(), p.df());
    }

    /** Whether the RST flag is set. */
    public boolean rst() {
        return (flags & DecodedPacket.RST) != 0;
    }
}
