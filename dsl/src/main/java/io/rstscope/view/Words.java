package io.rstscope.view;

import io.rstscope.flow.ConnState;
import io.rstscope.reset.Origin;
import io.rstscope.reset.ResetRow;
import io.rstscope.reset.SeqCheck;
import io.rstscope.reset.Verdict;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The phrases the views share: times, endpoints, states, sequence checks, verdicts. */
final class Words {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private Words() {
    }

    static String time(long tsNanos) {
        return TIME.format(Instant.ofEpochSecond(Math.floorDiv(tsNanos, 1_000_000_000L),
                Math.floorMod(tsNanos, 1_000_000_000L)));
    }

    static String endpoint(String address, int port) {
        return address.contains(":") ? "[" + address + "]:" + port : address + ":" + port;
    }

    /** Zeek's meaning of each conn_state (base/protocols/conn/main.zeek). */
    static String state(ConnState s) {
        return switch (s) {
            case S0 -> "connection attempt seen, no reply";
            case S1 -> "established, not terminated";
            case SF -> "normal establishment and termination";
            case REJ -> "connection attempt rejected";
            case S2 -> "established, close attempt by the originator seen (no reply)";
            case S3 -> "established, close attempt by the responder seen (no reply)";
            case RSTO -> "established, the originator aborted (sent a RST)";
            case RSTR -> "the responder sent a RST";
            case RSTOS0 -> "the originator sent a SYN followed by a RST, no SYN-ACK";
            case RSTRH -> "the responder sent a SYN-ACK followed by a RST, no SYN";
            case SH -> "the originator sent a SYN followed by a FIN, no SYN-ACK";
            case SHR -> "the responder sent a SYN-ACK followed by a FIN, no SYN";
            case OTH -> "no SYN seen, midstream traffic";
        };
    }

    static String seqCheck(SeqCheck c) {
        return switch (c) {
            case EXACT -> "seq is exactly the receiver's next expected sequence number, so it resets at once";
            case IN_WINDOW -> "seq is inside the receive window but not exact: RFC 5961 answers it with a challenge ACK";
            case OUT_OF_WINDOW -> "seq is outside the receive window: a conforming stack ignores it";
            case REPLY_TO_SYN -> "seq 0 with the SYN's sequence + 1 acknowledged: the refusal of a SYN (RFC 9293 §3.10.7.1)";
            case REPLY_TO_ACK -> "seq is the acknowledgment number of the segment it answers: a reply to a segment with ACK";
            case UNCHECKABLE -> "not enough of the connection was seen to check it";
        };
    }

    static String side(ResetRow r) {
        return r.sender().name().toLowerCase(Locale.ROOT);
    }

    static String origin(ResetRow r) {
        String claimed = side(r);
        return switch (r.origin()) {
            case ENDPOINT -> "the " + claimed + " itself (origin ENDPOINT)";
            case MIDDLEBOX -> "a device on the path, not the " + claimed + " whose address it carries (origin MIDDLEBOX)";
            case UNKNOWN -> "the capture cannot tell who really sent it (origin UNKNOWN)";
        };
    }

    static String verdict(ResetRow r) {
        String claimed = side(r);
        String why = switch (r.verdict()) {
            case GENUINE -> "nothing points away from the " + claimed;
            case SUSPICIOUS -> "some signals point away from the " + claimed + ", not enough to say it was injected";
            case FORGED -> "the signals add up: something other than the " + claimed + " sent it";
        };
        return r.verdict() + ", forgery score " + r.forgedScore() + " — " + why;
    }

    /** A short note for diagrams: {@code RST PORT_CLOSED (or FIREWALL_REJECT), GENUINE, ENDPOINT}. */
    static String note(ResetRow r) {
        return r.cause() + (r.runnerUp() != null ? " (or " + r.runnerUp() + ")" : "") + ", " + r.verdict()
                + (r.origin() == Origin.ENDPOINT ? "" : ", " + r.origin())
                + (r.origin() == Origin.MIDDLEBOX || r.verdict() == Verdict.FORGED ? ", claims to be the " + side(r) : "");
    }

    static String color(Verdict v) {
        return switch (v) {
            case GENUINE -> "#2f6db5";
            case SUSPICIOUS -> "#d98200";
            case FORGED -> "#d62728";
        };
    }

    static String escape(String s) {
        return Html.escape(s);
    }
}
