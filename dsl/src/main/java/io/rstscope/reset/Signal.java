package io.rstscope.reset;

/**
 * The forgery signals: each a named rule with the points it adds to a reset's {@code forged_score}, what it
 * means, and the published work, tool or recording it rests on. A reset is SUSPICIOUS from
 * {@value ResetAnalysis#SUSPICIOUS_FROM} points and FORGED from {@value ResetAnalysis#FORGED_FROM}; the
 * README's table of signals is checked against this enum.
 *
 * <pre>{@code
 * Evidence e = Signal.TTL_OFF_BASELINE.evidence("ttl 49, sender's baseline 52");
 * System.out.println(e);   // ttl_off_baseline +2 (ttl 49, sender's baseline 52)
 * cap.resets().where(EVIDENCE, contains(Signal.CENSOR_TYPE_2.id())).count();
 * }</pre>
 *
 * <p>Where a signal would fire on what a real stack does (checked on the recorded Linux captures and the
 * shared public ones), its rule says what it leaves out: the signals prefer a false negative to a false
 * alarm.
 */
public enum Signal {

    /**
     * The reset answers a segment (a SYN, or a segment whose ACK it echoes) with the TTL of something
     * closer than the claimed sender: a firewall's {@code REJECT --reject-with tcp-reset} builds the
     * endpoint's reply with its own TTL. Worth a forged verdict on its own: the reset is in the server's
     * name, not from it.
     */
    FIREWALL_TTL("ttl_closer_than_host", 4,
            "a reply to the peer's segment whose TTL is higher than the claimed sender's: a firewall on the path answered in its name",
            "Linux iptables REJECT (nf_send_reset) sends with the firewall's own TTL: recorded router-reject capture"),
    /** TTL higher than the claimed sender's usual TTL in this connection, else its host's across the capture. */
    TTL_CLOSER_THAN_SENDER("ttl_closer_than_sender", 3,
            "TTL higher than the claimed sender's other packets: sent by something closer",
            "Weaver, Sommer, Paxson, Detecting Forged TCP Reset Packets, NDSS 2009 (TTL); recorded idle-timeout and policy-injection captures"),
    /** TTL at least two lower than the claimed sender's usual TTL (one step is left to route changes). */
    TTL_OFF_BASELINE("ttl_off_baseline", 2,
            "TTL two or more below the claimed sender's other packets",
            "Weaver, Sommer, Paxson, NDSS 2009 (TTL); gfw-report, censors' random TTLs"),
    /** An IP ID far from the sequence of a sender that increments its IP ID per packet. */
    IP_ID_JUMP("ip_id_jump", 1,
            "IP ID off the claimed sender's incrementing sequence (not for bare replies: Linux sends those from a control socket with its own counter)",
            "Weaver, Sommer, Paxson, NDSS 2009 (IP ID); Linux tcp_v4_send_reset: nDPI ethereum capture"),
    /** The DF bit differs from that of every other packet of the claimed sender in the connection. */
    DF_DIFFERS("df_differs", 1,
            "the don't-fragment bit differs from all the claimed sender's other packets",
            "host consistency, Weaver, Sommer, Paxson, NDSS 2009; censors send without DF (gfw-report)"),
    /**
     * Across the capture: the DF bit differs from the claimed sender's habit over all its connections (at
     * least {@value io.rstscope.flow.HostProfile#MIN_PACKETS} IPv4 packets, all with DF set or all clear),
     * when the connection holds too few of its packets for {@link #DF_DIFFERS}.
     */
    HOST_DF_DIFFERS("host_df_differs", 1,
            "the don't-fragment bit differs from the claimed sender's habit across the capture (its connection holds too few of its packets to tell)",
            "host consistency, Weaver, Sommer, Paxson, NDSS 2009; censors send without DF (gfw-report): recorded censor-handshake capture"),
    /**
     * Across the capture: IP ID 0 on a datagram without DF from a claimed sender none of whose IPv4 packets
     * (at least {@value io.rstscope.flow.HostProfile#MIN_PACKETS}) across the capture is numbered so.
     */
    HOST_IP_ID_DIFFERS("host_ip_id_differs", 1,
            "IP ID 0 without DF, which none of the claimed sender's packets across the capture carries (its connection holds too few of its packets to tell)",
            "RFC 6864 §4 (only atomic datagrams may repeat an ID; Linux writes 0 only with DF); censor type 1 (IP ID 0, DF clear): recorded censor-handshake capture"),
    /** RST|ACK without the timestamp option on a connection that negotiated it. */
    TIMESTAMP_MISSING("timestamp_missing", 1,
            "RST|ACK without the timestamp option on a connection that negotiated it",
            "RFC 7323 §3.2 (SHOULD on a reset, MUST elsewhere); Linux's active resets carry it: recorded linger0-abort capture"),
    /** The sequence number is in the receiver's window but not exact. */
    SEQ_IN_WINDOW_INEXACT("seq_in_window_inexact", 1,
            "sequence number in the window but not RCV.NXT (a blind injector's guess; or data lost before the capture)",
            "RFC 5961 §3.2"),
    /** DATA SEQ RST: the claimed sender had already sent data at or beyond the reset's sequence number. */
    DATA_SEQ_RST("data_seq_rst", 2,
            "the claimed sender had already sent data at or beyond the reset's sequence number (a stack resets at SND.NXT)",
            "Weaver, Sommer, Paxson, NDSS 2009 (DATA SEQ RST); RFC 9293 §3.10.7.4"),
    /** The claimed sender sent packets after its own reset. */
    SENDER_KEEPS_SENDING("sender_keeps_sending", 3,
            "the claimed sender went on sending after its own reset",
            "Suricata stream-tcp suspected_rst_inject; Snort stream 'data sent on stream after TCP reset'"),
    /** RST SEQ DATA: data from the claimed sender after the reset, at or beyond its sequence number. */
    RST_SEQ_DATA("rst_seq_data", 1,
            "data from the claimed sender after the reset, at or beyond its sequence number: a stack that reset would not send it",
            "Weaver, Sommer, Paxson, NDSS 2009 (RST SEQ DATA)"),
    /** The racing reset: the genuine peer's data arrives within a round trip after a reset it never sent. */
    RACING_RESET("racing_reset", 1,
            "the claimed sender's data arrived right after the reset, already in flight when it was injected",
            "Weaver, Sommer, Paxson, NDSS 2009 (racing injected resets)"),
    /** RST SEQ CHANGE: resets in a row from the same claimed sender whose sequence numbers step past the highest seen. */
    RST_SEQ_CHANGE("rst_seq_change", 2,
            "a second reset from the same claimed sender with another sequence number, past the highest it had sent",
            "Weaver, Sommer, Paxson, NDSS 2009 (RST SEQ CHANGE)"),
    /** RST ACK CHANGE: resets in a row from the same claimed sender with differing acknowledgment numbers. */
    RST_ACK_CHANGE("rst_ack_change", 1,
            "a second RST|ACK from the same claimed sender with another acknowledgment number",
            "Weaver, Sommer, Paxson, NDSS 2009 (RST ACK CHANGE)"),
    /** Several resets within a second with differing seq or TTL, none of them a reply to the peer's segments. */
    RST_FLURRY("rst_flurry", 2,
            "several resets within a second with differing seq or ttl, not each answering a segment of the peer",
            "Clayton, Murdoch, Watson, Ignoring the Great Firewall of China, PET 2006; Weaver, Sommer, Paxson, NDSS 2009"),
    /** Censor type 1: one bare RST, IP ID 0, DF clear, a non-zero window. */
    CENSOR_TYPE_1("censor_type_1", 2,
            "a bare RST with IP ID 0, DF clear and a non-zero window (censor type 1)",
            "gfw-report, regional censorship; Wang et al., Your State is Not Mine, IMC 2017 (INTANG)"),
    /** Censor type 2: three RST|ACK at X, X+1460 and X+4380 with cycling TTL and IP ID. */
    CENSOR_TYPE_2("censor_type_2", 3,
            "one of three RST|ACK at seq X, X+1460 and X+4380 with differing TTL or IP ID (censor type 2)",
            "Wang et al., Your State is Not Mine, IMC 2017; gfw-report"),
    /** The same reset payload on resets of two or more connections, and not a stated reason. */
    FIXED_PAYLOAD("fixed_payload", 2,
            "the same payload on resets of several connections, not a diagnostic or vendor text",
            "censors' resets with a fixed payload (gfw-report); RFC 9293 §3.5.3 lets a stack's reset carry data, not the same data everywhere"),
    /** A bare RST with a non-zero window. */
    BARE_RST_WITH_WINDOW("bare_rst_with_window", 1,
            "window other than 0 on a bare RST (Linux, BSD and Windows send 0)",
            "recorded kernel captures; gfw-report (censors' random windows)"),
    /**
     * The reset answers the peer's packet far faster than the claimed sender answered in the handshake: its
     * SYN/ACK after the SYN (a server), its ACK after the SYN/ACK (a client), both seen from the capture
     * point. Near one end that end's answers are quick, whatever the whole round trip.
     */
    FASTER_THAN_RTT("faster_than_rtt", 2,
            "answered the peer's packet in under a quarter of the time the claimed sender took to answer in the handshake, as seen from the capture point",
            "Weaver, Sommer, Paxson, NDSS 2009 (timing of on-path injectors); the sender's own handshake leg, not the whole round trip: zeek gap-data-missing, captured beside the server"),
    /** The claimed sender signs every segment (TCP-MD5 or TCP-AO) and the reset is unsigned. */
    UNSIGNED_RESET("unsigned_reset", 3,
            "an unsigned reset from a claimed sender that signs its segments (TCP-MD5 or TCP-AO), its last one before the reset too",
            "RFC 2385 and RFC 5925: a signing stack signs its resets too, and a receiver drops an unsigned one");

    private final String id;
    private final int points;
    private final String meaning;
    private final String source;

    Signal(String id, int points, String meaning, String source) {
        this.id = id;
        this.points = points;
        this.meaning = meaning;
        this.source = source;
    }

    /** The name in the evidence: {@code ttl_off_baseline}. */
    public String id() {
        return id;
    }

    /** Forgery points it adds. */
    public int points() {
        return points;
    }

    /** What it means, one line. */
    public String meaning() {
        return meaning;
    }

    /** What it rests on: paper, tool, RFC or recorded capture. */
    public String source() {
        return source;
    }

    /** This signal as evidence, with the values that triggered it: {@code TTL_OFF_BASELINE.evidence("ttl 49, ...")}. */
    public Evidence evidence(String detail) {
        return new Evidence(id, points, detail);
    }

    /** The README's table of signals, one row per signal, as {@code | id | points | meaning | source |}. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder("| signal | points | meaning | source |\n|---|---|---|---|\n");
        for (Signal s : values()) {
            sb.append("| `").append(s.id).append("` | ").append(s.points).append(" | ").append(s.meaning)
                    .append(" | ").append(s.source).append(" |\n");
        }
        return sb.toString();
    }
}
