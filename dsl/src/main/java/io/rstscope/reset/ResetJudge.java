package io.rstscope.reset;

import io.rstscope.capture.DecodedPacket;
import io.rstscope.flow.HostProfile;
import io.rstscope.reset.ReplayState.Side;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges one RST: its stage, the RFC 9293 / RFC 5961 sequence check, the sender's TTL baseline, its
 * cause (and a runner-up), the forgery signals and score, the verdict, its origin and the evidence —
 * from the RST, the connection's segment before it, the connection's {@link ReplayState} and a
 * {@link JudgeContext}.
 *
 * <pre>{@code
 * ReplayState state = new ReplayState();
 * Segment prev = null;
 * for (Segment seg : segmentsOfOneConnection) {
 *     if (seg.rst()) {
 *         rows.add(ResetJudge.judge(seg, prev, state, ctx, sentAfter, onlyRsts));
 *     }
 *     state.update(seg);
 *     prev = seg;
 * }
 * }</pre>
 *
 * <p>The rules follow what the wire shows; see {@link ResetAnalysis}. Every forgery signal is a
 * {@link Signal} (its points, its meaning, the paper, tool or recording it rests on); the score is the sum
 * of their points. What needs the whole connection or capture (the published fingerprints of
 * {@link Fingerprints}, whether the reset answers one of the peer's segments, its stated reason) comes in a
 * {@link ResetFacts}. The semantics: the verdict says whether the host whose address the reset carries
 * sent it, so a reset whose origin is MIDDLEBOX is never GENUINE (a firewall's REJECT scores
 * {@link Signal#FIREWALL_TTL}); FAST_TEARDOWN needs the resetting side's own FIN.
 */
public final class ResetJudge {

    private static final int FORGED_FROM = ResetAnalysis.FORGED_FROM;
    private static final int SUSPICIOUS_FROM = ResetAnalysis.SUSPICIOUS_FROM;
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final int ODD_SYN_FLAGS = DecodedPacket.FIN | DecodedPacket.RST | DecodedPacket.URG | DecodedPacket.PSH;

    private ResetJudge() {
    }

    /**
     * Judges one RST against the state of its connection just before it.
     *
     * @param rst       the RST
     * @param prev      the connection's segment before it, {@code null} for none
     * @param state     the connection's state before the RST
     * @param ctx       the connection's identity, round trip and the capture's host baselines
     * @param sentAfter how many segments (neither SYN nor RST) the RST's sender sent afterwards in the connection
     * @param onlyRsts  whether the connection holds nothing but RSTs
     * @return the reset's row
     */
    public static ResetRow judge(Segment rst, Segment prev, ReplayState state, JudgeContext ctx, int sentAfter,
                                 boolean onlyRsts) {
        return judge(rst, prev, state, ctx, sentAfter, onlyRsts, ResetFacts.NONE);
    }

    /**
     * As {@link #judge(Segment, Segment, ReplayState, JudgeContext, int, boolean)}, with what the whole
     * connection and capture say about the RST: the fingerprints of {@link Fingerprints}, whether it is
     * a reply to one of the peer's segments, and the reason its payload states.
     */
    public static ResetRow judge(Segment rst, Segment prev, ReplayState state, JudgeContext ctx, int sentAfter,
                                 boolean onlyRsts, ResetFacts facts) {
        Side[] side = state.side;
        boolean handshakeDone = state.handshakeDone;
        List<Segment> earlierRsts = state.resets;
        int s = rst.side();
        int flow = ctx.flow();
        long rtt = ctx.rtt();
        long prevTs = prev == null ? Long.MIN_VALUE : prev.ts();
        Side me = side[s], peer = side[1 - s];
        int flags = rst.flags();
        long seq = Integer.toUnsignedLong(rst.seq());
        long ack = Integer.toUnsignedLong(rst.ack());
        long ts = rst.ts();
        boolean bare = (flags & DecodedPacket.ACK) == 0;
        Form form = bare ? Form.RST : Form.RST_ACK;
        Sender sender = s == 0 ? Sender.CLIENT : Sender.SERVER;
        List<Evidence> ev = new ArrayList<>();
        long gap = prevTs == Long.MIN_VALUE ? -1 : ts - prevTs;
        boolean prevFromPeer = prev != null && prev.side() != s;
        int prevFlags = prev != null ? prev.flags() : 0;

        // ---- stage ----
        Stage stage;
        boolean anySyn = side[0].syn || side[1].syn;
        if ((flags & DecodedPacket.SYN) != 0) {
            stage = Stage.HANDSHAKE; // SYN and RST together: an (odd) attempt to connect
        } else if (onlyRsts) {
            stage = Stage.STRAY;
        } else if (!anySyn) {
            stage = Stage.MIDSTREAM;
        } else if (!handshakeDone) {
            stage = Stage.HANDSHAKE;
        } else if (side[0].fin || side[1].fin) {
            stage = Stage.TEARDOWN;
        } else if (side[0].payload > 0 || side[1].payload > 0) {
            stage = Stage.DATA_TRANSFER;
        } else {
            stage = Stage.POST_HANDSHAKE;
        }

        // ---- sequence check (RFC 9293 §3.10.7, RFC 5961 §3.2) ----
        SeqCheck check;
        long rcvNxt = peer.lastAck >= 0 ? peer.lastAck : me.sndNxt;
        // The window of a SYN is never scaled (RFC 7323 §2.2).
        long window = peer.lastWin < 0 ? -1
                : (long) peer.lastWin << (side[0].wscale >= 0 && side[1].wscale >= 0 && !peer.winFromSyn ? peer.wscale : 0);
        boolean replyToSyn = prevFromPeer && (prevFlags & DecodedPacket.SYN) != 0 && (prevFlags & DecodedPacket.ACK) == 0
                && !bare && ack == peer.synSeq + 1 + ((prevFlags & DecodedPacket.FIN) != 0 ? 1 : 0);
        boolean replyToAck = prevFromPeer && bare && (prevFlags & DecodedPacket.ACK) != 0
                && seq == Integer.toUnsignedLong(prev.ack());
        if (replyToSyn) {
            check = SeqCheck.REPLY_TO_SYN;
        } else if (replyToAck) {
            check = SeqCheck.REPLY_TO_ACK;
        } else if (rcvNxt < 0) {
            check = SeqCheck.UNCHECKABLE;
        } else if (seq == rcvNxt || seq == me.sndNxt) {
            // The receiver's RCV.NXT lies between its last ACK and what the sender has sent: data the
            // capture saw leave may not be acknowledged yet. Either end is exact for a real stack.
            check = SeqCheck.EXACT;
        } else if (window > 0 && after(seq, rcvNxt) && !after(seq, (rcvNxt + window) & 0xffffffffL)) {
            check = SeqCheck.IN_WINDOW;
        } else {
            check = SeqCheck.OUT_OF_WINDOW;
        }

        // ---- TTL baseline: this side's usual TTL in the connection, else its host's ----
        int ttl = rst.ttl();
        int baseline = me.nonRstPackets > 0 ? me.ttlMode() : -1;
        // The host's habits across the capture (TTL, DF, IP ID), packed as HostProfile packs them.
        boolean fewOwn = me.nonRstPackets < 2;
        int host = fewOwn || baseline < 0 ? ctx.hostBaseline().applyAsInt(s) : -1;
        if (baseline < 0) {
            baseline = HostProfile.ttlOf(host);
        }
        boolean ttlCloser = baseline >= 0 && ttl > baseline;
        boolean ttlFarther = baseline >= 0 && ttl <= baseline - 2;

        // ---- cause ----
        Cause cause;
        Cause runnerUp = null;
        boolean firewallByTtl = false;
        boolean oddPeerSyn = (peer.synFlags & ODD_SYN_FLAGS) != 0;
        boolean oddOwnSyn = (me.synFlags & ODD_SYN_FLAGS) != 0;
        if ((flags & DecodedPacket.SYN) != 0) {
            cause = Cause.MALFORMED_SYN;
            ev.add(new Evidence("syn_with_rst", 0, "the segment carries SYN and RST together"));
        } else if (replyToSyn) {
            if (ttlCloser) {
                cause = Cause.FIREWALL_REJECT;
                runnerUp = Cause.PORT_CLOSED;
                firewallByTtl = true;
                ev.add(Signal.FIREWALL_TTL.evidence("ttl " + ttl + ", " + sender.name().toLowerCase()
                        + " baseline " + baseline + ": sent by something closer than the host"));
            } else if (oddPeerSyn) {
                cause = Cause.PORT_CLOSED;
                runnerUp = Cause.MALFORMED_SYN;
                ev.add(new Evidence("odd_flag_syn", 0, "the refused SYN carried " + flagNames(peer.synFlags)));
            } else {
                cause = Cause.PORT_CLOSED;
                runnerUp = Cause.FIREWALL_REJECT;
                ev.add(new Evidence("refused_syn", 0, "RST|ACK with ack = ISN+1 in reply to the SYN; a host's own "
                        + "REJECT rule sends the same"));
            }
        } else if (stage == Stage.HANDSHAKE && s == 0 && oddOwnSyn && prevFromPeer) {
            cause = Cause.MALFORMED_SYN;
            runnerUp = Cause.HALF_OPEN_SCAN;
            ev.add(new Evidence("odd_flag_syn", 0, "the client's SYN carried " + flagNames(me.synFlags)
                    + " and was answered; the client's kernel reset it"));
        } else if (stage == Stage.HANDSHAKE && s == 0 && replyToAck && (prevFlags & DecodedPacket.SYN) != 0) {
            cause = Cause.HALF_OPEN_SCAN;
            ev.add(new Evidence("reset_of_syn_ack", 0, "bare RST answering the SYN/ACK: the client's kernel knew no "
                    + "socket for it (a raw-socket SYN)"));
        } else if (s == 0 && replyToAck && me.syn && (prevFlags & (DecodedPacket.SYN)) == 0
                && Integer.toUnsignedLong(prev.ack()) != me.synSeq + 1 && me.lastTs == me.synTs) {
            // The SYN was answered by a plain ACK for another sequence space: the server still holds
            // the old connection (RFC 9293 §3.10.7.4 TIME_WAIT, or RFC 5961 §4 challenge ACK).
            boolean oldClosed = previousClosedCleanly(side, ctx);
            cause = oldClosed ? Cause.TIME_WAIT_REUSE : Cause.CHALLENGE_ACK;
            runnerUp = oldClosed ? Cause.CHALLENGE_ACK : Cause.TIME_WAIT_REUSE;
            ev.add(new Evidence("syn_answered_by_old_ack", 0, "the SYN got an ACK of " + prev.ack()
                    + " instead of a SYN/ACK; the previous connection on this tuple "
                    + (oldClosed ? "had closed (TIME_WAIT)" : "was still open")));
        } else if (s == 1 && bare && me.synAck && seq == me.synSeq + 1 && peer.payload == 0 && me.payload == 0
                && prevFromPeer && (prevFlags & DecodedPacket.ACK) != 0 && stage != Stage.TEARDOWN) {
            cause = Cause.BACKLOG_OVERFLOW;
            stage = Stage.HANDSHAKE;
            ev.add(new Evidence("reset_after_third_ack", 0, "bare RST with seq = ISN+1 right after the client's "
                    + "third ACK: the accept queue was full (tcp_abort_on_overflow)"));
        } else {
            cause = null;
        }

        // ---- forgery signals: each a named Signal, its points added to the score ----
        // A scanner crafts its SYN in user space (nmap -sS picks a random TTL); the kernel's reset that
        // follows says nothing about forgery by differing from it.
        boolean craftedSyn = cause == Cause.HALF_OPEN_SCAN || cause == Cause.MALFORMED_SYN;
        // A reply to the peer's segment with a closer TTL, built as netfilter's REJECT builds it (window 0,
        // IP ID 0 with DF): a firewall's REJECT mid-connection. An injector's crafted reply differs.
        boolean firewallReply = cause == null && replyToAck && ttlCloser && rst.win() == 0
                && (rst.ipId() < 0 || (rst.ipId() == 0 && rst.df()));
        if (craftedSyn && (ttlCloser || ttlFarther)) {
            ev.add(new Evidence("ttl_differs_from_crafted_syn", 0, "ttl " + ttl + ", the scanner's SYN had " + baseline));
        } else if (firewallReply) {
            firewallByTtl = true;
            ev.add(Signal.FIREWALL_TTL.evidence("ttl " + ttl + ", " + sender.name().toLowerCase() + " baseline "
                    + baseline + ": a reply to the peer's segment from something closer than the host"));
        } else if (ttlCloser && !firewallByTtl) {
            ev.add(Signal.TTL_CLOSER_THAN_SENDER.evidence("ttl " + ttl + ", sender's baseline " + baseline));
        } else if (ttlFarther) {
            ev.add(Signal.TTL_OFF_BASELINE.evidence("ttl " + ttl + ", sender's baseline " + baseline));
        }
        int id = rst.ipId();
        // Linux answers a segment from its control socket, whose IP ID is not the connection's.
        boolean reply = replyToAck || (bare && facts.replyToPeer());
        if (id > 0 && me.incrementsIpId() && me.lastIpId >= 0 && !(bare && reply)) {
            int step = (id - me.lastIpId) & 0xffff;
            if (step == 0 || step > 1000) {
                ev.add(Signal.IP_ID_JUMP.evidence("ip id " + id + " after " + me.lastIpId + " from a sender that increments"));
            }
        }
        // Host consistency across the capture, when the connection holds too few of the sender's packets
        // to judge the DF bit by (Fingerprints' df_differs). A scanner's crafted SYN sets no habit of the
        // kernel that resets afterwards, and a reply to the peer's segment is built without a socket, by
        // other code than the host's connections: to a SYN, to an ACK, or to a segment without ACK
        // (seq 0, RFC 9293 §3.10.7.1). The closed-port and null/Xmas-probe replies of markofu-pcaps
        // TCP_SYN_SCAN, TCP_CONNECT_SCAN, xscan and evidence04 clear DF where the same hosts' connections set it.
        boolean replyToNoAck = !bare && seq == 0 && prevFromPeer && (prevFlags & DecodedPacket.ACK) == 0;
        if (id >= 0 && fewOwn && !craftedSyn && !replyToSyn && !reply && !replyToNoAck) {
            HostProfile.DfHabit habit = HostProfile.dfHabitOf(host);
            if (habit == HostProfile.DfHabit.SET && !rst.df() || habit == HostProfile.DfHabit.CLEAR && rst.df()) {
                ev.add(Signal.HOST_DF_DIFFERS.evidence("DF " + (rst.df() ? "set" : "clear") + ", the claimed sender's "
                        + "packets across the capture all have it " + (rst.df() ? "clear" : "set")));
            }
            if (id == 0 && !rst.df() && HostProfile.neverIdZeroWithoutDfOf(host)) {
                ev.add(Signal.HOST_IP_ID_DIFFERS.evidence("IP ID 0 without DF; none of the claimed sender's packets "
                        + "across the capture is numbered so"));
            }
        }
        if (!bare && side[0].tsOnSyn && side[1].tsOnSyn && !rst.tsPresent() && !replyToSyn) {
            ev.add(Signal.TIMESTAMP_MISSING.evidence("RST|ACK without the timestamp option on a connection that negotiated it"));
        }
        if (check == SeqCheck.IN_WINDOW) {
            // One point only: a genuine abort whose last data was lost before the capture point
            // also lands inside the window, past what the receiver has seen.
            ev.add(Signal.SEQ_IN_WINDOW_INEXACT.evidence("seq " + seq + ", expected " + rcvNxt));
        }
        if (sentAfter > 0) {
            ev.add(Signal.SENDER_KEEPS_SENDING.evidence(sentAfter + " packets from the claimed sender after the RST"));
        }
        if (bare && rst.win() != 0 && !replyToSyn && (flags & DecodedPacket.SYN) == 0) {
            ev.add(Signal.BARE_RST_WITH_WINDOW.evidence("window " + rst.win() + " on a bare RST (stacks send 0)"));
        }
        // The sender's own answer time in the handshake, seen from the capture point: beside a server its
        // SYN/ACK follows the SYN within microseconds while the round trip is all on the client's leg.
        long ownLeg = rtt;
        if (me.synTs != Long.MIN_VALUE && peer.synTs != Long.MIN_VALUE && rtt > 0) {
            ownLeg = me.synAck ? me.synTs - peer.synTs : peer.synAck ? rtt - (peer.synTs - me.synTs) : rtt;
        }
        if (ownLeg >= 2 * MS && prevFromPeer && gap >= 0 && gap * 4 < ownLeg && !replyToSyn && !reply) {
            ev.add(Signal.FASTER_THAN_RTT.evidence("answered " + gap / 1000 + " µs after the peer's packet, the "
                    + "path's round trip is " + rtt / 1000 + " µs"));
        }
        if (facts == ResetFacts.NONE) {
            // Without the connection's fingerprints (a caller that keeps only the state), the flurry is
            // told from the resets seen so far, a reply to the peer's last segment left out.
            int flurry = 0;
            for (Segment j : earlierRsts) {
                flurry += j.side() == s && ts - j.ts() < SECOND && (j.seq() != rst.seq() || j.ttl() != ttl) ? 1 : 0;
            }
            if (flurry > 0 && !replyToAck) {
                ev.add(Signal.RST_FLURRY.evidence((flurry + 1) + " RSTs within a second with differing seq or ttl"));
            }
        }
        ev.addAll(facts.fingerprints());
        int score = 0;
        for (int j = 0, n = ev.size(); j < n; j++) { // a loop, not a stream: one-shot commands run on the first-tier compiler
            score += ev.get(j).points();
        }
        Verdict verdict = score >= FORGED_FROM ? Verdict.FORGED : score >= SUSPICIOUS_FROM ? Verdict.SUSPICIOUS : Verdict.GENUINE;
        Origin origin = verdict == Verdict.FORGED || firewallByTtl ? Origin.MIDDLEBOX
                : verdict == Verdict.SUSPICIOUS || stage == Stage.STRAY ? Origin.UNKNOWN : Origin.ENDPOINT;

        // ---- causes of resets that are not about the handshake ----
        if (cause == null) {
            long idle = ctx.idleNanos();
            // The silence before the peer's segment this reset answers (a firewall's lost or expired flow).
            long quietBefore = prev == null || me.lastTs == Long.MIN_VALUE ? -1 : prev.ts() - me.lastTs;
            if (firewallReply && idle > 0 && quietBefore >= idle) {
                cause = Cause.IDLE_TIMEOUT;
                runnerUp = Cause.FIREWALL_REJECT;
                ev.add(new Evidence("flow_forgotten", 0, "the peer's segment came after " + quietBefore / MS
                        + " ms of silence: a stateful device had expired the flow and rejected it"));
            } else if (firewallReply && quietBefore >= SECOND && quietBefore >= 10 * Math.max(rtt, MS)) {
                // A pause, shorter than the idle threshold: an expired flow or a rule that came meanwhile.
                cause = Cause.FIREWALL_REJECT;
                runnerUp = Cause.IDLE_TIMEOUT;
                ev.add(new Evidence("rejected_after_pause", 0, "a firewall's REJECT answered the peer's segment, which came after "
                        + quietBefore / MS + " ms of silence: the device may have expired the flow"));
            } else if (firewallReply) {
                cause = Cause.FIREWALL_REJECT;
                ev.add(new Evidence("rejected_segment", 0, "a firewall's REJECT --reject-with tcp-reset answered the peer's segment"));
            } else if (verdict == Verdict.FORGED) {
                if (gap >= SECOND && gap >= 10 * Math.max(rtt, MS)) {
                    cause = Cause.IDLE_TIMEOUT;
                    ev.add(new Evidence("idle_before_injection", 0, "silent for " + gap / MS + " ms, then reset by the path"));
                } else {
                    cause = Cause.POLICY_INJECTION;
                    ev.add(new Evidence("injected_after_traffic", 0, "reset by the path " + Math.max(gap, 0) / 1000
                            + " µs after the connection's previous packet"));
                }
            } else if (stage == Stage.STRAY) {
                cause = Cause.UNKNOWN;
                ev.add(new Evidence("stray", 0, "no other packet of this connection is in the capture"));
            } else if (!bare && me.unansweredKeepalives >= 2) {
                cause = Cause.KEEPALIVE_TIMEOUT;
                ev.add(new Evidence("keepalives_unanswered", 0, me.unansweredKeepalives + " keep-alive probes went unanswered"));
            } else if (me.unansweredRetransmits >= 2 || (bare && me.retransmits >= 2 && prevFromPeer && peer.lastTs - me.lastTs > 0
                    && me.unansweredRetransmits > 0)) {
                cause = Cause.RETRANSMISSION_TIMEOUT;
                if (bare) {
                    runnerUp = Cause.DATA_AFTER_CLOSE;
                }
                ev.add(new Evidence("retransmissions_unanswered", 0, me.retransmits + " retransmissions by the sender went unacknowledged"
                        + (bare ? "; it gave up and then answered the peer's next segment with a reset" : "")));
            } else if (gap >= idle && idle > 0) {
                cause = Cause.IDLE_TIMEOUT;
                runnerUp = s == 0 ? Cause.CLIENT_ABORT : Cause.APP_ABORT;
                ev.add(new Evidence("idle_gap", 0, "silent for " + gap / MS + " ms, more than the "
                        + idle / MS + " ms idle threshold"));
            } else if (bare) {
                if (me.fin) {
                    cause = Cause.DATA_AFTER_CLOSE;
                    ev.add(new Evidence("data_after_fin", 0, "the " + sender.name().toLowerCase() + " had sent its FIN; "
                            + "the peer's data reached a closed socket"));
                } else if (crossedOwnReset(earlierRsts, s, prev)) {
                    cause = Cause.DATA_AFTER_CLOSE;
                    ev.add(new Evidence("answers_segment_after_own_reset", 0, "the peer's segment crossed this side's own "
                            + "exact reset and found no socket"));
                } else if (gap >= SECOND && gap >= 10 * Math.max(rtt, MS)) {
                    cause = Cause.IDLE_TIMEOUT;
                    runnerUp = s == 0 ? Cause.CLIENT_ABORT : Cause.APP_ABORT;
                    ev.add(new Evidence("silent_then_reset", 0, gap / MS + " ms after the peer's last segment, too late "
                            + "to answer it: the " + sender.name().toLowerCase() + " closed a connection left idle"));
                } else if (stage == Stage.TEARDOWN && peer.fin) {
                    // Only the peer had closed: not a fast teardown, the socket was already gone.
                    cause = Cause.DATA_AFTER_CLOSE;
                    runnerUp = s == 0 ? Cause.CLIENT_ABORT : Cause.APP_ABORT;
                    ev.add(new Evidence("reset_after_peer_fin", 0, "a bare reset after only the peer's FIN: the socket was "
                            + "gone (closed with the connection still queued, or the reset answers a FIN retransmission)"));
                } else {
                    cause = Cause.DATA_AFTER_CLOSE;
                    runnerUp = Cause.RETRANSMISSION_TIMEOUT;
                    ev.add(new Evidence("reply_to_forgotten_connection", 0, "a passive reset: the peer's segment found "
                            + "no socket, which vanished without a FIN (it gave up retransmitting, or was aborted silently)"));
                }
            } else if (stage == Stage.TEARDOWN && me.fin) {
                cause = Cause.FAST_TEARDOWN;
                ev.add(new Evidence("reset_in_close", 0, "RST|ACK after its own FIN instead of finishing the close"));
            } else if (stage == Stage.TEARDOWN) {
                cause = s == 0 ? Cause.CLIENT_ABORT : Cause.APP_ABORT;
                ev.add(new Evidence("reset_after_peer_fin", 0, "RST|ACK after only the peer's FIN: an abort, not the "
                        + "end of its own close"));
            } else if (s == 0) {
                cause = Cause.CLIENT_ABORT;
                if (stage == Stage.POST_HANDSHAKE) {
                    runnerUp = Cause.HALF_OPEN_SCAN;
                }
                ev.add(new Evidence("active_reset", 0, "RST|ACK with seq = SND.NXT from the client: an abortive close"));
            } else {
                cause = Cause.APP_ABORT;
                ev.add(new Evidence("active_reset", 0, "RST|ACK with seq = SND.NXT from the server: the application "
                        + "closed with linger 0 or with unread data"));
            }
        }
        // An in-window reset answered by a challenge ACK, and the exact reset that followed it.
        if (check == SeqCheck.REPLY_TO_ACK && prevFromPeer && (prevFlags & (DecodedPacket.SYN | DecodedPacket.FIN)) == 0
                && prev.payloadLen() == 0 && !earlierRsts.isEmpty()
                && earlierRsts.get(earlierRsts.size() - 1).side() == s && cause != Cause.TIME_WAIT_REUSE
                && !crossedOwnReset(earlierRsts, s, prev)) {
            cause = Cause.CHALLENGE_ACK;
            runnerUp = null;
            ev.add(new Evidence("answers_challenge_ack", 0, "the peer answered the previous reset with an ACK "
                    + "(RFC 5961 §3.2) and this reset repeats it at exactly that ACK"));
        }

        ResetPayload stated = facts.payload();
        if (stated != null) {
            ev.add(new Evidence("stated_reason", 0, stated.text() + (stated.relayed()
                    ? ": a proxy relays the far side's reset" : "")));
            Cause named = stated.impliedCause().orElse(null);
            if (named != null && named != cause && cause != Cause.MALFORMED_SYN) {
                runnerUp = cause;
                cause = named;
            }
        }
        return new ResetRow(rst.frame(), ts, flow, ctx.uid(),
                ctx.origH(), ctx.origP(),
                ctx.respH(), ctx.respP(),
                sender, stage, cause, runnerUp == cause ? null : runnerUp, origin, form, check, ttl, baseline,
                gap < 0 ? -1 : gap / 1e6, score, verdict, List.copyOf(ev), null, stated == null ? null : stated.text());
    }

    /**
     * Whether the peer's segment {@code prev} acknowledges exactly the sequence number of this side's last
     * reset: it crossed that reset, which the peer accepted, so it is no RFC 5961 challenge ACK.
     */
    static boolean crossedOwnReset(List<Segment> earlierRsts, int s, Segment prev) {
        if (earlierRsts.isEmpty() || prev == null || prev.side() == s || (prev.flags() & DecodedPacket.ACK) == 0) {
            return false;
        }
        Segment last = earlierRsts.get(earlierRsts.size() - 1);
        return last.side() == s && last.seq() == prev.ack() && last.ts() < prev.ts();
    }

    /**
     * When {@code row} answers a challenge ACK, the in-window reset that drew the challenge from the
     * same side (the last row of {@code out}) becomes a CHALLENGE_ACK too, its own cause the runner-up.
     */
    public static void challenged(List<ResetRow> out, ResetRow row) {
        if (row.cause() != Cause.CHALLENGE_ACK || out.isEmpty()) {
            return;
        }
        int last = out.size() - 1;
        ResetRow prev = out.get(last);
        if (prev.flow() == row.flow() && prev.sender() == row.sender() && prev.seqCheck() == SeqCheck.IN_WINDOW
                && prev.cause() != Cause.CHALLENGE_ACK) {
            List<Evidence> ev = new ArrayList<>(prev.evidence());
            ev.add(new Evidence("challenged", 0, "the peer answered this in-window reset with a challenge ACK "
                    + "(RFC 5961 §3.2) instead of closing"));
            out.set(last, new ResetRow(prev.frame(), prev.ts(), prev.flow(), prev.uid(), prev.origH(), prev.origP(),
                    prev.respH(), prev.respP(), prev.sender(), prev.stage(), Cause.CHALLENGE_ACK, prev.cause(),
                    prev.origin(), prev.form(), prev.seqCheck(), prev.ttl(), prev.ttlBaseline(), prev.gapBeforeMs(),
                    prev.forgedScore(), prev.verdict(), List.copyOf(ev), prev.seenAt(), prev.reasonText()));
        }
    }

    static boolean previousClosedCleanly(Side[] side, JudgeContext ctx) {
        if (side[1].fin && side[0].fin) {
            return true;
        }
        return ctx.previousEndedSf();
    }

    /** True when unsigned 32-bit sequence {@code a} comes after {@code b} (RFC 1982 serial arithmetic). */
    static boolean after(long a, long b) {
        return (int) (a - b) > 0;
    }

    private static String flagNames(int flags) {
        StringBuilder sb = new StringBuilder();
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE"};
        for (int b = 0; b < names.length; b++) {
            if ((flags & (1 << b)) != 0) {
                sb.append(sb.length() > 0 ? "+" : "").append(names[b]);
            }
        }
        return sb.toString();
    }
}
