package io.rstscope.reset;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.capture.DecodedPacket;
import org.junit.jupiter.api.Test;

/** The fingerprints' state followed packet by packet, as the streaming pass keeps it. */
class FingerprintsTest {

    private static final long T0 = 1_709_287_200_000_000_000L;

    private static Segment seg(int k, int side, int flags, int seq, int ack, int payloadLen) {
        return new Segment(T0 + k * 1_000_000L, k + 1, side, flags, seq, ack, 500, 64, k, payloadLen, false, -1, true);
    }

    /** The client acknowledges {@code n} different numbers, 1000 apart from 5000, one segment each. */
    private static Fingerprints acking(int n) {
        Fingerprints f = new Fingerprints();
        for (int k = 0; k < n; k++) {
            f.follow(seg(k, 0, DecodedPacket.ACK, 100, 5000 + 1000 * k, 0), true, false, new byte[0]);
        }
        return f;
    }

    @Test
    void should_take_a_reset_for_a_reply_when_its_seq_is_one_of_the_peers_latest_acknowledgment_numbers() {
        Fingerprints f = acking(Fingerprints.ACKS_KEPT + 10);

        Fingerprints.Rst rst = f.follow(seg(400, 1, DecodedPacket.RST, 5000 + 1000 * (Fingerprints.ACKS_KEPT + 9), 0, 0),
                true, false, new byte[0]);

        assertThat(Fingerprints.replyToPeer(rst)).isTrue();
    }

    @Test
    void should_forget_acknowledgment_numbers_older_than_the_latest_kept_when_a_long_transfer_goes_on() {
        Fingerprints f = acking(Fingerprints.ACKS_KEPT + 10);

        Fingerprints.Rst rst = f.follow(seg(400, 1, DecodedPacket.RST, 5000, 0, 0), true, false, new byte[0]);

        assertThat(Fingerprints.replyToPeer(rst)).isFalse();
    }

    @Test
    void should_take_a_reset_for_a_reply_when_the_peer_acknowledges_its_seq_after_it() {
        Fingerprints f = acking(3);
        Fingerprints.Rst rst = f.follow(seg(10, 1, DecodedPacket.RST, 77_000, 0, 0), true, false, new byte[0]);

        f.follow(seg(11, 0, DecodedPacket.ACK, 100, 77_000, 0), true, false, new byte[0]);

        assertThat(Fingerprints.replyToPeer(rst)).isTrue();
    }

    @Test
    void should_see_the_claimed_senders_later_data_when_it_comes_after_the_reset() {
        Fingerprints f = acking(3);
        Fingerprints.Rst rst = f.follow(seg(10, 0, DecodedPacket.RST, 100, 0, 0), true, false, new byte[0]);

        f.follow(seg(11, 0, DecodedPacket.ACK | DecodedPacket.PSH, 100, 8000, 200), true, false, new byte[0]);

        assertThat(f.signals(rst, 0)).extracting(Evidence::signal).contains("rst_seq_data", "racing_reset");
    }
}
