package io.rstscope.teach;

import static io.rstscope.reset.Cause.APP_ABORT;
import static io.rstscope.reset.Cause.BACKLOG_OVERFLOW;
import static io.rstscope.reset.Cause.CHALLENGE_ACK;
import static io.rstscope.reset.Cause.CLIENT_ABORT;
import static io.rstscope.reset.Cause.DATA_AFTER_CLOSE;
import static io.rstscope.reset.Cause.FAST_TEARDOWN;
import static io.rstscope.reset.Cause.FIREWALL_REJECT;
import static io.rstscope.reset.Cause.HALF_OPEN_SCAN;
import static io.rstscope.reset.Cause.IDLE_TIMEOUT;
import static io.rstscope.reset.Cause.KEEPALIVE_TIMEOUT;
import static io.rstscope.reset.Cause.MALFORMED_SYN;
import static io.rstscope.reset.Cause.POLICY_INJECTION;
import static io.rstscope.reset.Cause.PORT_CLOSED;
import static io.rstscope.reset.Cause.RETRANSMISSION_TIMEOUT;
import static io.rstscope.reset.Cause.TIME_WAIT_REUSE;
import static io.rstscope.reset.Form.RST;
import static io.rstscope.reset.Form.RST_ACK;
import static io.rstscope.reset.Origin.ENDPOINT;
import static io.rstscope.reset.Origin.MIDDLEBOX;
import static io.rstscope.reset.SeqCheck.EXACT;
import static io.rstscope.reset.SeqCheck.IN_WINDOW;
import static io.rstscope.reset.SeqCheck.REPLY_TO_ACK;
import static io.rstscope.reset.SeqCheck.REPLY_TO_SYN;
import static io.rstscope.reset.SeqCheck.UNCHECKABLE;
import static io.rstscope.reset.Stage.DATA_TRANSFER;
import static io.rstscope.reset.Stage.HANDSHAKE;
import static io.rstscope.reset.Stage.POST_HANDSHAKE;
import static io.rstscope.reset.Stage.STRAY;
import static io.rstscope.reset.Stage.TEARDOWN;
import static io.rstscope.reset.Verdict.FORGED;
import static io.rstscope.reset.Verdict.GENUINE;
import static io.rstscope.teach.Conversation.Side.CLIENT;
import static io.rstscope.teach.Conversation.Side.SERVER;
import static io.rstscope.teach.Script.MS;
import static io.rstscope.teach.Script.T0;
import static io.rstscope.teach.Script.US;

import io.rstscope.capture.Frames;
import io.rstscope.reset.Cause;
import io.rstscope.reset.Origin;
import io.rstscope.reset.Sender;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import io.rstscope.capture.OutputFiles;
import io.rstscope.capture.WriteMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The teaching scenarios: one small, deterministic capture per reset cause, played by
 * {@link Conversation} as real stacks and middleboxes send the packets, with a plain-language
 * explanation and the expected {@link Label} of every RST in it.
 *
 * <pre>{@code
 * Scenario s = Scenario.of(Cause.BACKLOG_OVERFLOW);
 * System.out.println(s.title() + "\n" + s.explanation());
 * s.write(Path.of("accept-queue-overflow.pcap"));      // open it in Wireshark
 * s.labels().forEach(l -> System.out.println(l.frame() + " " + l.cause()));
 * }</pre>
 *
 * <p>The same scenario writes the same bytes on every run: fixed addresses (documentation ranges,
 * RFC 5737 and RFC 3849), ports, initial sequence numbers and clock. Each Linux behaviour a scenario
 * shows was checked against the real-kernel recordings in the test resources
 * ({@code captures/kernel/}); where Linux does not produce the situation (Windows retransmission
 * give-up, middlebox injection) the scenario says so.
 */
public enum Scenario {

    /** PORT_CLOSED: a SYN to a port nobody listens on. */
    CLOSED_PORT(PORT_CLOSED, "A SYN to a closed port",
            "The client first fetches a page from the server's port 443, which shows how the server's packets"
            + " look at the client (TTL 52), then connects to port 8080, where nothing listens. The server's"
            + " kernel refuses the SYN at once with RST|ACK, seq 0 and ack = the SYN's sequence number + 1, window"
            + " 0 and IP ID 0 (RFC 9293 §3.10.7.1): this is the answer to every SYN for a closed port, and"
            + " connect() fails with ECONNREFUSED without retrying. Its TTL equals the server's own baseline and it"
            + " arrives one full round trip after the SYN, so it came from the server host. From here it cannot be"
            + " told apart from the server's own firewall (iptables REJECT --reject-with tcp-reset builds the very"
            + " same packet on the same host), hence the runner-up FIREWALL_REJECT; a reject from a router in"
            + " front of the server looks different (see ROUTER_REJECT). Folklore that 'an RST means the"
            + " application crashed' is wrong here: no application was involved at all.") {
        @Override
        void play(Script s) {
            Conversation web = s.ipv4(CLIENT_IP, 50110, SERVER_IP, 443, T0);
            web.ttl(64, 52);
            web.rtt(24 * MS);
            web.isn(0x3b9a1c02L, 0x8c61e4f3L);
            web.handshake();
            web.send(CLIENT, 320);
            web.send(SERVER, 2400);
            web.close(CLIENT);

            Conversation closed = s.ipv4(CLIENT_IP, 50112, SERVER_IP, 8080, web.now() + 200 * MS);
            closed.ttl(64, 52);
            closed.isn(0x3c0f5a17L, 0);
            closed.syn();
            closed.advance(24 * MS);
            closed.refuse();
            s.rst(HANDSHAKE, Sender.SERVER, ENDPOINT, PORT_CLOSED, FIREWALL_REJECT, GENUINE, RST_ACK, REPLY_TO_SYN,
                    "seq 0, ack = SYN+1, window 0, IP ID 0, TTL 52 as the server's own packets");
        }
    },

    /** FIREWALL_REJECT: a router's iptables REJECT answers in the server's name. */
    ROUTER_REJECT(FIREWALL_REJECT, "A router rejects the SYN in the server's name",
            "As in CLOSED_PORT, the client first talks to the server's port 443 (the server's packets arrive with"
            + " TTL 52), then sends a SYN to port 8443. A router one hop in front of the server has an iptables"
            + " FORWARD rule with REJECT --reject-with tcp-reset: it answers the SYN itself, with the server's"
            + " address, field for field the reply of a closed port (RST|ACK, seq 0, ack = SYN+1, window 0, IP ID"
            + " 0) — except the TTL, which is that of the router's own route: 53, one hop closer than the server,"
            + " and it comes back sooner than the server's round trip. The SYN never reached the server. Only a"
            + " TTL baseline for the server tells this from a closed port, so look for other packets from the same"
            + " host; without one the two are indistinguishable. The reset is legitimate policy, not an attack,"
            + " yet the server never sent it: the origin is the middlebox and the verdict FORGED, in the sense that"
            + " it carries an address not its sender's; the cause FIREWALL_REJECT says what kind of device it was.") {
        @Override
        void play(Script s) {
            Conversation web = s.ipv4(CLIENT_IP, 50120, SERVER_IP, 443, T0);
            web.ttl(64, 52);
            web.rtt(24 * MS);
            web.isn(0x51e2a7c4L, 0x0d4b91a6L);
            web.handshake();
            web.send(CLIENT, 320);
            web.send(SERVER, 2400);
            web.close(CLIENT);

            Conversation rejected = s.ipv4(CLIENT_IP, 50122, SERVER_IP, 8443, web.now() + 200 * MS);
            rejected.ttl(64, 52);
            rejected.isn(0x52337e90L, 0);
            rejected.syn();
            rejected.advance(22 * MS);
            rejected.ttl(SERVER, 53); // the router's own route: one hop closer than the server
            rejected.refuse();
            s.rst(HANDSHAKE, Sender.SERVER, MIDDLEBOX, FIREWALL_REJECT, null, FORGED, RST_ACK, REPLY_TO_SYN,
                    "a closed port's reply but TTL 53 against the server's 52: sent by the router");
        }
    },

    /** BACKLOG_OVERFLOW: the accept queue is full and tcp_abort_on_overflow is set. */
    ACCEPT_QUEUE_OVERFLOW(BACKLOG_OVERFLOW, "The accept queue overflows (tcp_abort_on_overflow=1)",
            "Captured at the server. The application listens with backlog 2 and has stopped calling accept();"
            + " net.ipv4.tcp_abort_on_overflow is 1. Two connections complete and wait in the accept queue,"
            + " then two handshakes start at once. The third connection's ACK fills the queue; when the fourth"
            + " connection's ACK arrives there is no room, and the server's kernel answers that ACK with a bare"
            + " RST whose seq is the server's ISN+1 — exactly the ACK's acknowledgment number, window 0, IP ID 0,"
            + " no timestamp option — right after it. The client already counted the connection as established,"
            + " so its application sees ECONNRESET on its first read, not a refusal. With the default"
            + " tcp_abort_on_overflow=0 Linux drops the ACK silently and the client retransmits instead, and a SYN"
            + " that finds the accept queue already full is dropped, never reset: an RST right after a completed"
            + " handshake, with no data, is the sign of this setting, not of a closed port.") {
        @Override
        void play(Script s) {
            long[] serverIsn = {0x7a3e0c11L, 0x2b9f4d62L, 0xe05c3a97L, 0x91d2b6e8L};
            List<Conversation> c = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                long start = i < 2 ? T0 + i * 300 * MS : T0 + 600 * MS + i * 150 * US;
                Conversation k = s.ipv4(CLIENT_IP, 50130 + i, SERVER_IP, 8080, start);
                k.ttl(57, 64);
                k.rtt(24 * MS);
                k.isn(0x10a4c3e0L + i * 0x01000000L, serverIsn[i]);
                c.add(k);
            }
            c.get(0).handshake();
            c.get(1).handshake();
            // The last two handshakes overlap: both SYNs are answered before either ACK comes back.
            Conversation third = c.get(2);
            Conversation fourth = c.get(3);
            third.syn();
            third.advance(20 * US);
            third.synAck();
            fourth.syn();
            fourth.advance(20 * US);
            fourth.synAck();
            third.advance(24 * MS);
            third.ack(CLIENT);
            fourth.advance(24 * MS);
            fourth.ack(CLIENT);
            fourth.advance(30 * US);
            fourth.replyReset(SERVER, fourth.rcvNext(CLIENT));
            s.rst(HANDSHAKE, Sender.SERVER, ENDPOINT, BACKLOG_OVERFLOW, null, GENUINE, RST, REPLY_TO_ACK,
                    "bare RST, seq = server ISN+1, 30 µs after the client's third ACK");
        }
    },

    /** TIME_WAIT_REUSE: a new SYN hits the server's TIME_WAIT socket of the same tuple. */
    TIME_WAIT_REUSE_SYN(TIME_WAIT_REUSE, "A new SYN hits the server's TIME_WAIT",
            "Timestamps are off on both hosts. The client uploads 24 KB; the server answers and closes first,"
            + " so the server keeps the tuple in TIME_WAIT. The client at once connects again from the same port"
            + " with an initial sequence number below what the TIME_WAIT socket already received. Without"
            + " timestamps (PAWS) the server cannot tell the SYN is new, so it answers with an ACK of the old"
            + " connection (RFC 9293 §3.10.7.4). The client's kernel has no connection that ACK fits and resets"
            + " it: a bare RST, seq = the ACK's acknowledgment number, window 0, IP ID 0. The RST ends the"
            + " TIME_WAIT (Linux does not apply RFC 1337 by default), and the client's retried SYN 10 ms later"
            + " opens the new connection. The pattern SYN -> ACK -> RST is the same as a challenge ACK to a SYN"
            + " on a connection the server still thinks is open (RFC 5961 §4), hence the runner-up"
            + " CHALLENGE_ACK; here the old connection had closed with FINs.") {
        @Override
        void play(Script s) {
            Conversation old = s.ipv4(CLIENT_IP, 50140, SERVER_IP, 8080, T0);
            old.ttl(64, 52);
            old.rtt(24 * MS);
            old.timestamps(false);
            old.isn(0x6a1c0000L, 0x1c3d5e00L);
            old.handshake();
            old.send(CLIENT, 24_000);
            old.send(SERVER, 120);
            old.close(SERVER);
            old.advance(30 * MS);

            Conversation again = s.ipv4(CLIENT_IP, 50140, SERVER_IP, 8080, old.now());
            again.ttl(64, 52);
            again.rtt(24 * MS);
            again.timestamps(false);
            again.isn(0x6a0f0000L, 0x2e4f6a00L); // below the old connection's sequence space
            again.syn();
            old.advance(24 * MS);
            old.ack(SERVER); // the TIME_WAIT socket's ACK: seq and ack of the old connection
            old.advance(40 * US);
            old.replyReset(CLIENT, old.rcvNext(SERVER));
            s.rst(HANDSHAKE, Sender.CLIENT, ENDPOINT, TIME_WAIT_REUSE, CHALLENGE_ACK, GENUINE, RST, REPLY_TO_ACK,
                    "answers the old connection's ACK to the new SYN; seq = that ACK's ack");
            again.advance(old.now() - again.now() + 10 * MS);
            again.handshake();
            again.send(CLIENT, 200);
            again.send(SERVER, 600);
            again.close(CLIENT);
        }
    },

    /** MALFORMED_SYN: SYNs with FIN, RST or URG beside SYN. */
    ODD_FLAG_SYNS(MALFORMED_SYN, "SYNs with odd flags",
            "A crafted-packet tool on the client sends a SYN+FIN, a SYN+RST and a SYN+URG to a Linux listener"
            + " on port 7070, and a SYN+FIN to the closed port 7071. The listener drops SYN+FIN and SYN+RST"
            + " silently — no RST comes back, whatever scanners' folklore says — and answers SYN+URG like a plain"
            + " SYN. The client's own kernel has no socket for the crafted SYN, so it resets the SYN/ACK with a"
            + " bare RST whose seq is the SYN/ACK's acknowledgment number (the probe's ISN+1): the same packet"
            + " as a half-open scan's, hence the runner-up"
            + " HALF_OPEN_SCAN. The SYN+RST probe is itself an RST-flagged packet. The closed port does answer the"
            + " SYN+FIN, with the usual RST|ACK — its ack counts both the SYN and the FIN (ISN+2), the one trace"
            + " of the odd flags, hence the runner-up MALFORMED_SYN there. Seen on Linux 6.x.") {
        @Override
        void play(Script s) {
            long t = T0;
            int[] flags = {Frames.FIN, Frames.RST, Frames.URG, Frames.FIN};
            int[] ports = {7070, 7070, 7070, 7071};
            for (int i = 0; i < 4; i++) {
                Conversation probe = s.ipv4(CLIENT_IP, 41071 + i, SERVER_IP, ports[i], t + i * 200 * MS);
                probe.ttl(64, 52);
                probe.offer(CLIENT, false, false, false); // a raw-socket SYN carries MSS only
                probe.zeroIpId(SERVER);
                probe.isn(0x10000000L * (i + 1), 0x1ca6e5b1L);
                probe.syn(flags[i]);
                switch (i) {
                    case 1 -> s.rst(HANDSHAKE, Sender.CLIENT, ENDPOINT, MALFORMED_SYN, null, GENUINE, RST,
                            UNCHECKABLE, "the probe itself: SYN+RST, dropped silently by the listener");
                    case 2 -> {
                        probe.advance(24 * MS);
                        probe.synAck();
                        probe.advance(60 * US);
                        probe.replyReset(CLIENT, probe.rcvNext(SERVER));
                        s.rst(HANDSHAKE, Sender.CLIENT, ENDPOINT, MALFORMED_SYN, HALF_OPEN_SCAN, GENUINE, RST,
                                REPLY_TO_ACK, "the client's kernel resets the SYN/ACK to its crafted SYN+URG");
                    }
                    case 3 -> {
                        probe.advance(24 * MS);
                        probe.refuse();
                        s.rst(HANDSHAKE, Sender.SERVER, ENDPOINT, PORT_CLOSED, MALFORMED_SYN, GENUINE, RST_ACK,
                                REPLY_TO_SYN, "a closed port answers SYN+FIN: ack = ISN+2 counts SYN and FIN");
                    }
                    default -> {
                    }
                }
            }
        }
    },

    /** HALF_OPEN_SCAN: nmap -sS against three ports. */
    SYN_SCAN(HALF_OPEN_SCAN, "A half-open (SYN) scan",
            "Captured at the server. A scanner runs nmap -sS against ports 22, 23 and 80: one SYN per port from"
            + " one source port, window 1024, only an MSS option, and a TTL nmap picks at random per probe (49,"
            + " 41 and 45 here). The open ports 22 and 80 answer with SYN/ACKs; the scanner's kernel, which knows"
            + " nothing of nmap's raw SYNs, resets each SYN/ACK with a bare RST, seq = the SYN/ACK's acknowledgment"
            + " number (nmap's ISN+1), window 0, IP ID 0 and"
            + " the kernel's TTL (57 here): that RST is the scan's signature, not nmap's doing. The closed port 23"
            + " answers with the usual RST|ACK (PORT_CLOSED, runner-up FIREWALL_REJECT). The scanner's TTL"
            + " differs from its own SYNs', which is normal here and no sign of forgery: nmap's SYNs set no usable"
            + " baseline. A connect scan (nmap -sT) looks different: it completes the handshake and closes with"
            + " RST|ACK, like HEALTH_CHECK_ABORT.") {
        @Override
        void play(Script s) {
            int[] ports = {22, 23, 80};
            int[] ttls = {49, 41, 45};
            int[] ids = {0x4351, 0x6d0e, 0x1fa2};
            long[] serverIsn = {0x9e3779b9L, 0, 0x7f4a7c15L};
            for (int i = 0; i < 3; i++) {
                Conversation probe = s.ipv4(SCANNER_IP, 41080, SERVER_IP, ports[i], T0 + i * 90 * US);
                probe.ttl(57, 64);
                probe.rtt(30 * MS);
                probe.offer(CLIENT, false, false, false);
                probe.zeroIpId(SERVER);
                probe.isn(0x8e0f2b52L, serverIsn[i]);
                // nmap builds its SYNs on a raw socket: its own TTL and IP ID, no DF, window 1024, MSS only.
                probe.emitRaw(CLIENT, Frames.SYN, 0x8e0f2b52L, 0, 0, 1024, Frames.mss(1460), ttls[i], ids[i], false);
                probe.advance(40 * US);
                if (ports[i] == 23) {
                    probe.emitRaw(SERVER, Frames.RST | Frames.ACK, 0, 0x8e0f2b53L, 0, 0, null, 64, 0, true);
                    s.rst(HANDSHAKE, Sender.SERVER, ENDPOINT, PORT_CLOSED, FIREWALL_REJECT, GENUINE, RST_ACK,
                            REPLY_TO_SYN, "the closed port's refusal of the probe");
                } else {
                    probe.synAck();
                    probe.advance(30 * MS);
                    probe.replyReset(CLIENT, probe.rcvNext(SERVER));
                    s.rst(HANDSHAKE, Sender.CLIENT, ENDPOINT, HALF_OPEN_SCAN, null, GENUINE, RST, REPLY_TO_ACK,
                            "the scanner's kernel resets the SYN/ACK: bare RST, seq = its ISN+1, TTL 57");
                }
            }
        }
    },

    /** CLIENT_ABORT: TCP health checks that close with SO_LINGER 0. */
    HEALTH_CHECK_ABORT(CLIENT_ABORT, "TCP health checks that close with a reset",
            "Captured at the server, over IPv6. A load balancer checks the server's port 8080 every two seconds"
            + " with a plain TCP check: it connects and, as soon as the handshake completes, closes the socket"
            + " with SO_LINGER 0 so that no TIME_WAIT is left behind. Its kernel sends an active reset: RST|ACK"
            + " with seq = SND.NXT, its current window and the timestamp option, one per check. The server's log"
            + " fills with 'connection reset by peer' although nothing is wrong. Told from a half-open scan by the"
            + " completed handshake (a SYN scan never sends the third ACK), from BACKLOG_OVERFLOW by who sends it"
            + " (the client here), and from an injected reset by the timestamp option and the hop limit, both the"
            + " client's own.") {
        @Override
        void play(Script s) {
            for (int i = 0; i < 2; i++) {
                Conversation check = s.ipv6(LB_IP6, 41002 + 2 * i, SERVER_IP6, 8080, T0 + i * 2000 * MS);
                check.ttl(63, 64);
                check.rtt(400 * US);
                check.isn(0x2f6e1d3cL + i * 0x11111111L, 0xa1b2c3d4L - i * 0x01010101L);
                check.handshake();
                check.advance(150 * US);
                check.abort(CLIENT);
                s.rst(POST_HANDSHAKE, Sender.CLIENT, ENDPOINT, CLIENT_ABORT, null, GENUINE, RST_ACK, EXACT,
                        "active reset right after the handshake: seq = SND.NXT, window and timestamps kept");
            }
        }
    },

    /** APP_ABORT: the server closes with unread request data. */
    UNREAD_UPLOAD_CLOSE(APP_ABORT, "The server closes with an unread upload",
            "Captured at the client. The client uploads a 3 KB request body; the server reads only the headers,"
            + " writes a short '413 Payload Too Large' response and closes its socket with the body still unread"
            + " in its receive queue. Closing with unread data aborts the connection (RFC 2525 §2.17, RFC 9293"
            + " §3.10.4): the server's kernel sends RST|ACK with seq = SND.NXT (right after the response), a"
            + " non-zero window, the timestamp option and the socket's own IP ID — an active reset, unlike the"
            + " bare passive ones. The response and the RST leave together; a client that has not read the"
            + " response yet may lose it when the RST arrives, which is why HTTP servers drain or linger before"
            + " closing (RFC 9112 §9.6). Folklore blames the network; the fix is in the server.") {
        @Override
        void play(Script s) {
            Conversation c = s.ipv4(CLIENT_IP, 50150, SERVER_IP, 80, T0);
            c.ttl(64, 52);
            c.rtt(24 * MS);
            c.isn(0x4d1f8a03L, 0xb3e62c75L);
            c.handshake();
            c.send(CLIENT, 3200);
            c.advance(2 * MS);
            c.sendUnacked(SERVER, 180);
            c.advance(40 * US);
            c.abort(SERVER);
            s.rst(DATA_TRANSFER, Sender.SERVER, ENDPOINT, APP_ABORT, null, GENUINE, RST_ACK, EXACT,
                    "active reset right after the response: seq = SND.NXT, timestamps, the socket's IP ID");
        }
    },

    /** DATA_AFTER_CLOSE: the client writes after the server has closed. */
    WRITE_AFTER_PEER_CLOSE(DATA_AFTER_CLOSE, "The client writes after the server closed",
            "Captured at the client. A busy server greets the client with a one-line refusal ('421 too many"
            + " connections') and closes its socket at once: FIN. The client acknowledges the line and the FIN"
            + " but, without reading, still writes its first command. That data reaches a socket that is closed"
            + " for reading, and the server's kernel answers it with a bare RST (RFC 1122 §4.2.2.13): seq = the"
            + " data segment's acknowledgment number, window 0, IP ID 0 and no timestamp option, although the"
            + " connection uses timestamps and the socket still exists — a passive reset, not an active one. The"
            + " client's next read then fails with ECONNRESET instead of returning the 421 line. The FIN before"
            + " it is what tells this from an application abort.") {
        @Override
        void play(Script s) {
            Conversation c = s.ipv4(CLIENT_IP, 50160, SERVER_IP, 2525, T0);
            c.ttl(64, 52);
            c.rtt(24 * MS);
            c.isn(0x0badcafeL, 0x5eed1e55L);
            c.handshake();
            c.advance(3 * MS);
            c.sendUnacked(SERVER, 36);
            c.advance(20 * US);
            c.fin(SERVER);
            c.advance(40 * US);
            c.ack(CLIENT);
            c.advance(4 * MS);
            c.sendUnacked(CLIENT, 24);
            c.advance(24 * MS);
            c.replyReset(SERVER, c.rcvNext(CLIENT));
            s.rst(TEARDOWN, Sender.SERVER, ENDPOINT, DATA_AFTER_CLOSE, null, GENUINE, RST, REPLY_TO_ACK,
                    "passive reset of data after the server's FIN: seq = the data's ack, window 0, IP ID 0");
        }
    },

    /** RETRANSMISSION_TIMEOUT: Windows gives up after five retransmissions and resets. */
    WINDOWS_RETRANSMISSION_GIVEUP(RETRANSMISSION_TIMEOUT, "Windows gives up retransmitting and resets",
            "Captured at a Windows client (TTL 128, no TCP timestamps). After one request and response the path"
            + " to the server breaks. The client sends 230 more bytes, then retransmits them five times with"
            + " doubling timeouts (0.3, 0.6, 1.2, 2.4 and 4.8 s, TcpMaxDataRetransmissions = 5) and, when the"
            + " last one goes unanswered, gives up with RST|ACK, seq = SND.NXT: in the server's window but past"
            + " what the server last acknowledged, because the data never arrived. Linux does not do this: when"
            + " its retransmissions run out it drops the connection silently (the kernel recordings show it), so"
            + " on Linux this cause shows only later, as the reply to the peer's next segment. Told from a"
            + " keep-alive timeout by the unacknowledged data before it, and from an injected reset by the"
            + " client's own TTL and its IP ID continuing the connection's sequence.") {
        @Override
        void play(Script s) {
            Conversation c = s.ipv4(WINDOWS_IP, 50170, SERVER_IP, 443, T0);
            c.ttl(128, 52);
            c.rtt(24 * MS);
            c.offer(CLIENT, true, false, true);
            c.window(CLIENT, 65535, 8);
            c.isn(0x1e2d3c4bL, 0x69f0e1d2L);
            c.handshake();
            c.send(CLIENT, 517);
            c.send(SERVER, 3200);
            c.advance(2000 * MS);
            long seq = c.nextSeq(CLIENT);
            c.sendUnacked(CLIENT, 230);
            long rto = 300 * MS;
            for (int i = 0; i < 5; i++) {
                c.advance(rto);
                c.retransmit(CLIENT, seq, 230);
                rto *= 2;
            }
            c.advance(rto);
            c.abort(CLIENT);
            s.rst(DATA_TRANSFER, Sender.CLIENT, ENDPOINT, RETRANSMISSION_TIMEOUT, null, GENUINE, RST_ACK, EXACT,
                    "RST|ACK after five unanswered retransmissions; seq = SND.NXT, past the server's last ack");
        }
    },

    /** KEEPALIVE_TIMEOUT: keep-alive probes to a vanished server go unanswered. */
    KEEPALIVE_UNANSWERED(KEEPALIVE_TIMEOUT, "Keep-alive probes go unanswered",
            "Captured at the client, a Linux host whose database driver enables keep-alive with 60 s idle, 10 s"
            + " interval and 3 probes. After one query and its answer the server loses power. After 60 s of"
            + " silence the client sends a keep-alive probe — an ACK with no data and seq = SND.NXT − 1, which a"
            + " live peer must acknowledge (RFC 1122 §4.2.3.6) — then two more, 10 s apart. None is answered, and"
            + " one interval after the last the client's kernel resets: RST|ACK, seq = SND.NXT, timestamps kept."
            + " Unlike the retransmission timer, Linux's keep-alive timer does send this RST (the kernel"
            + " recordings show both). Told from an idle timeout by the probes before it and by who sends it:"
            + " the endpoint that probed, with its own TTL and timestamps, not a middlebox.") {
        @Override
        void play(Script s) {
            Conversation c = s.ipv4(CLIENT_IP, 50180, SERVER_IP, 5432, T0);
            c.ttl(64, 52);
            c.rtt(24 * MS);
            c.isn(0x33c0ffeeL, 0x77d15ea5L);
            c.handshake();
            c.send(CLIENT, 90);
            c.send(SERVER, 310);
            c.advance(60_000 * MS);
            c.keepAlive(CLIENT);
            for (int i = 0; i < 2; i++) {
                c.advance(10_000 * MS);
                c.keepAlive(CLIENT);
            }
            c.advance(10_000 * MS);
            c.abort(CLIENT);
            s.rst(DATA_TRANSFER, Sender.CLIENT, ENDPOINT, KEEPALIVE_TIMEOUT, null, GENUINE, RST_ACK, EXACT,
                    "one interval after the third unanswered probe: RST|ACK at SND.NXT with timestamps");
        }
    },

    /** IDLE_TIMEOUT: a stateful firewall resets an idle connection. */
    FIREWALL_IDLE_TIMEOUT(IDLE_TIMEOUT, "A firewall resets an idle connection",
            "Captured at the client. After one request and response the connection stays idle. A stateful"
            + " firewall two hops away has a 300 s idle timeout and is set to reset both ends when it drops an"
            + " idle session: exactly 300 s after the last packet an RST|ACK arrives in the server's name. It is"
            + " the firewall's: TTL 62 where the server's packets arrive with 52, no timestamp option on a"
            + " connection that uses timestamps on every segment, an IP ID that is neither 0 nor the server's,"
            + " and no DF. Its sequence number is exact, because the firewall tracks the connection. Told from"
            + " an application closing an idle connection (an APP_ABORT from the server's own stack, with its"
            + " TTL and timestamps) and from a keep-alive timeout (probes first, sent by an endpoint). The"
            + " server got the same reset in the client's name, which this capture point cannot see.") {
        @Override
        void play(Script s) {
            Conversation c = s.ipv4(CLIENT_IP, 50190, SERVER_IP, 443, T0);
            c.ttl(64, 52);
            c.rtt(24 * MS);
            c.isn(0x5a5a0001L, 0xc3c3f00dL);
            c.handshake();
            c.send(CLIENT, 420);
            c.send(SERVER, 5200);
            c.advance(300_000 * MS);
            c.emitRaw(SERVER, Frames.RST | Frames.ACK, c.nextSeq(SERVER), c.rcvNext(SERVER), 0, 0, null, 62,
                    0x5a01, false);
            s.rst(DATA_TRANSFER, Sender.SERVER, MIDDLEBOX, IDLE_TIMEOUT, null, FORGED, RST_ACK, EXACT,
                    "300 s of silence, then TTL 62 against 52, no timestamps on a timestamped flow, no DF");
        }
    },

    /** IDLE_TIMEOUT from a firewall that forgot the flow: conntrack expiry answered with REJECT. */
    CONNTRACK_EXPIRY(IDLE_TIMEOUT, "A firewall forgot an idle connection and rejects its next segment",
            "Captured at the client. After a request and a response the connection is left idle for ten minutes,"
            + " longer than the stateful firewall one hop in front of the server keeps an established flow"
            + " (a conntrack timeout, a cloud load balancer's idle timeout: AWS NLB 350 s). The client then sends"
            + " its next request. The firewall has no state for it any more; a segment that is not a SYN and"
            + " matches no flow is INVALID, and its rule rejects it with tcp-reset: a bare RST in the server's"
            + " name, seq = the segment's ack, as a closed socket would send — but with TTL 53, one hop closer"
            + " than the server's 52, and 11 ms after the request, faster than the server's round trip. The"
            + " server still holds the connection and never sees the request. The cause is the idle timeout, the"
            + " origin the middlebox, the verdict FORGED (it is in the server's name); a REJECT of a live flow"
            + " (FIREWALL_REJECT) looks the same on the wire but for the silence before it, hence the runner-up.") {
        @Override
        void play(Script s) {
            Conversation c = s.ipv4(CLIENT_IP, 50175, SERVER_IP, 443, T0);
            c.ttl(64, 52);
            c.rtt(24 * MS);
            c.isn(0x2c0ffee5L, 0x9d8c7b6aL);
            c.handshake();
            c.send(CLIENT, 380);
            c.send(SERVER, 2600);
            c.advance(600_000 * MS);
            c.sendUnacked(CLIENT, 380);
            c.advance(11 * MS);
            c.emitRaw(SERVER, Frames.RST, c.nextSeq(SERVER), 0, 0, 0, false, 53, 0);
            s.rst(DATA_TRANSFER, Sender.SERVER, MIDDLEBOX, IDLE_TIMEOUT, FIREWALL_REJECT, FORGED, RST, REPLY_TO_ACK,
                    "a reply to the request after 600 s of silence, TTL 53 against the server's 52");
        }
    },

    /** POLICY_INJECTION: a censoring middlebox sends a flurry of resets toward both ends. */
    CENSOR_RST_FLURRY(POLICY_INJECTION, "A censor's flurry of resets",
            "Captured on a link between the two ends, where a censoring middlebox also listens, as the Great"
            + " Firewall does. The client's request carries a forbidden keyword. Within a millisecond the"
            + " middlebox injects three resets toward each end, each in the other end's name: a bare RST, then"
            + " RST|ACKs with the sequence number stepped 1460 and 4380 bytes further — so that one lands in the"
            + " window even if data is in flight — each with a different TTL (none matching the claimed sender's),"
            + " no timestamp option on a connection that uses them, and window values no stack would put on a"
            + " bare RST. The server never answers: its resets arrived first. One injected RST can pass for a"
            + " genuine one; a flurry with stepped seq and differing TTLs cannot. The cause is policy: the same"
            + " request without the keyword goes through.") {
        @Override
        void play(Script s) {
            Conversation c = s.ipv4(CLIENT_IP, 50200, SERVER_IP, 80, T0);
            c.ttl(58, 50);
            c.rtt(180 * MS);
            c.isn(0x4f1e2d3cL, 0x8a7b6c5dL);
            c.handshake();
            c.advance(1 * MS);
            c.sendUnacked(CLIENT, 160);
            long toClient = c.nextSeq(SERVER);
            long toServer = c.nextSeq(CLIENT);
            long[] step = {0, 1460, 4380};
            int[] window = {8192, 2460, 5840};
            int[][] ttl = {{113, 111}, {47, 45}, {102, 100}};
            int[] id = {0x3a41, 0x9c17, 0x0e6b};
            for (int i = 0; i < 3; i++) {
                boolean bare = i == 0;
                int flags = bare ? Frames.RST : Frames.RST | Frames.ACK;
                c.advance(i == 0 ? 400 * US : 110 * US);
                c.emitRaw(SERVER, flags, toClient + step[i], bare ? 0 : toServer, 0, window[i], null, ttl[i][0],
                        id[i], false);
                // The first, bare, looks like the server's passive reply to the request: seq = its ack.
                s.rst(DATA_TRANSFER, Sender.SERVER, MIDDLEBOX, POLICY_INJECTION, null, FORGED, bare ? RST : RST_ACK,
                        bare ? REPLY_TO_ACK : IN_WINDOW, "toward the client, seq +" + step[i] + ", TTL " + ttl[i][0]
                                + " against the server's 50, no timestamps");
                c.advance(10 * US);
                c.emitRaw(CLIENT, flags, toServer + step[i], bare ? 0 : toClient, 0, window[i], null, ttl[i][1],
                        id[i] + 1, false);
                s.rst(DATA_TRANSFER, Sender.CLIENT, MIDDLEBOX, POLICY_INJECTION, null, FORGED, bare ? RST : RST_ACK,
                        bare ? EXACT : IN_WINDOW, "toward the server, seq +" + step[i] + ", TTL " + ttl[i][1]
                                + " against the client's 58, no timestamps");
            }
        }
    },

    /** FAST_TEARDOWN: a FIN, then a reset instead of waiting for the peer's FIN. */
    FIN_THEN_RST(FAST_TEARDOWN, "A FIN, then a reset",
            "Captured at the client. After the response the client shuts down its sending side (FIN), the server"
            + " acknowledges it, and 100 ms later — without waiting for the server's FIN — the client closes"
            + " with SO_LINGER 0, as some client libraries do to leave no TIME_WAIT behind. Its kernel sends"
            + " RST|ACK with seq = SND.NXT, which counts the FIN, and the timestamp option: an active reset from"
            + " the client's own stack. The FIN before it is what makes this a fast teardown rather than an"
            + " abort in the middle of the exchange; nothing was lost, since both sides had sent all their data.") {
        @Override
        void play(Script s) {
            Conversation c = s.ipv4(CLIENT_IP, 50210, SERVER_IP, 8080, T0);
            c.ttl(64, 52);
            c.rtt(24 * MS);
            c.isn(0x6b8b4567L, 0x327b23c6L);
            c.handshake();
            c.send(CLIENT, 180);
            c.send(SERVER, 900);
            c.advance(2 * MS);
            c.fin(CLIENT);
            c.advance(24 * MS);
            c.ack(SERVER);
            c.advance(76 * MS);
            c.abort(CLIENT);
            s.rst(TEARDOWN, Sender.CLIENT, ENDPOINT, FAST_TEARDOWN, null, GENUINE, RST_ACK, EXACT,
                    "RST|ACK 100 ms after the client's own FIN; seq = SND.NXT counts the FIN");
        }
    },

    /** APP_ABORT, not FAST_TEARDOWN: the server resets after only the client's FIN. */
    PEER_FIN_THEN_ABORT(APP_ABORT, "The server aborts after the client's FIN",
            "Captured at the client. The client sends its whole request and shuts down its sending side (FIN), as"
            + " a client does that has nothing more to say; the server acknowledges the FIN. 30 ms later the"
            + " server's application, which had not read the request, closes its socket: with unread data in the"
            + " receive queue the kernel aborts (RFC 2525 §2.17) and sends RST|ACK with seq = SND.NXT, the window"
            + " and the timestamp option. The reset comes during the close, after a FIN, but not after the"
            + " server's own FIN: it replaces nothing of an orderly close, so it is an abort (APP_ABORT), not a"
            + " fast teardown. Compare FIN_THEN_RST, where the side that resets had sent its FIN first.") {
        @Override
        void play(Script s) {
            Conversation c = s.ipv4(CLIENT_IP, 50170, SERVER_IP, 8080, T0);
            c.ttl(64, 52);
            c.rtt(24 * MS);
            c.isn(0x7a31c0deL, 0x1f2e3d4cL);
            c.handshake();
            c.sendUnacked(CLIENT, 420);
            c.advance(30 * US);
            c.fin(CLIENT);
            c.advance(12 * MS);
            c.ack(SERVER);
            c.advance(30 * MS);
            c.abort(SERVER);
            s.rst(TEARDOWN, Sender.SERVER, ENDPOINT, APP_ABORT, null, GENUINE, RST_ACK, EXACT,
                    "RST|ACK after only the client's FIN: the server never sent its own, so an abort");
        }
    },

    /** CHALLENGE_ACK: an in-window reset draws an RFC 5961 challenge ACK, answered by an exact reset. */
    IN_WINDOW_RST_CHALLENGED(CHALLENGE_ACK, "An in-window reset draws a challenge ACK",
            "Captured at the server. After a request and a response, the client writes 600 more bytes, which are"
            + " lost on the way, and its application then aborts the connection (SO_LINGER 0): RST|ACK with seq ="
            + " the client's SND.NXT — 600 bytes past what the server has received, inside its window but not"
            + " exact. Since RFC 5961 §3.2 (Linux 3.6 and later) a receiver does not accept such a reset, which a"
            + " blind attacker could have guessed; the server answers with a challenge ACK carrying its real"
            + " RCV.NXT. The client, whose socket is gone, answers that ACK with a bare RST whose seq is the ACK's"
            + " acknowledgment number — now exact — and the server resets. Both resets are genuine: TTL and"
            + " timestamps are the client's own. A forged in-window reset would draw the same challenge ACK, but"
            + " a live client answers it with nothing (it is a duplicate ACK to it), so the second, exact RST is"
            + " what shows the first was real.") {
        @Override
        void play(Script s) {
            Conversation c = s.ipv4(CLIENT_IP, 50220, SERVER_IP, 8080, T0);
            c.ttl(57, 64);
            c.rtt(24 * MS);
            c.isn(0x2545f491L, 0x4e6afb66L);
            c.handshake();
            c.send(CLIENT, 210);
            c.send(SERVER, 1400);
            c.advance(3 * MS);
            c.lose(CLIENT, 600);
            c.advance(2 * MS);
            c.abort(CLIENT);
            s.rst(DATA_TRANSFER, Sender.CLIENT, ENDPOINT, CHALLENGE_ACK, CLIENT_ABORT, GENUINE, RST_ACK, IN_WINDOW,
                    "the client's abort, 600 bytes past the server's RCV.NXT: in window, not exact");
            c.advance(30 * US);
            c.ack(SERVER);
            c.advance(24 * MS);
            c.replyReset(CLIENT, c.rcvNext(SERVER));
            s.rst(DATA_TRANSFER, Sender.CLIENT, ENDPOINT, CHALLENGE_ACK, null, GENUINE, RST, REPLY_TO_ACK,
                    "answers the challenge ACK: seq = its ack, the server's RCV.NXT, so exact");
        }
    },

    /** UNKNOWN: a lone RST with nothing else of its addresses and ports. */
    STRAY_RST(Cause.UNKNOWN, "A stray reset",
            "Captured at the client. Beside a clean connection to one server, a single bare RST arrives from"
            + " port 443 of another host, 198.51.100.7, to the client's port 50999 — and nothing else of that"
            + " tuple is in the capture: no SYN, no data, no earlier packet from that host. It may answer a"
            + " segment sent before the capture started, or be backscatter from someone spoofing the client's"
            + " address, or a forgery: one packet cannot say. Its seq cannot be checked against any window, there"
            + " is no TTL baseline for its sender, and 'client' and 'server' are only guessed from the ports. The"
            + " honest answer is UNKNOWN; a longer capture, or one from the other end, is what would tell.") {
        @Override
        void play(Script s) {
            Conversation c = s.ipv4(CLIENT_IP, 50230, SERVER_IP, 443, T0);
            c.ttl(64, 52);
            c.rtt(24 * MS);
            c.isn(0x19a2b3c4L, 0xd5e6f708L);
            c.handshake();
            c.send(CLIENT, 350);
            c.send(SERVER, 2900);
            c.advance(500 * MS);
            Conversation stray = s.ipv4(CLIENT_IP, 50999, STRAY_IP, 443, c.now());
            stray.emitRaw(SERVER, Frames.RST, 0x5f3a9c10L, 0, 0, 0, false, 49, 0);
            s.rst(STRAY, Sender.SERVER, Origin.UNKNOWN, Cause.UNKNOWN, null, GENUINE, RST, UNCHECKABLE,
                    "the only packet of its tuple; sender guessed from port 443");
            c.advance(300 * MS);
            c.close(CLIENT);
        }
    };

    private static final String CLIENT_IP = "192.0.2.10";
    private static final String WINDOWS_IP = "192.0.2.30";
    private static final String SCANNER_IP = "198.51.100.66";
    private static final String SERVER_IP = "203.0.113.80";
    private static final String STRAY_IP = "198.51.100.7";
    private static final String LB_IP6 = "2001:db8:1::5";
    private static final String SERVER_IP6 = "2001:db8:2::80";

    private final Cause cause;
    private final String title;
    private final String explanation;

    Scenario(Cause cause, String title, String explanation) {
        this.cause = cause;
        this.title = title;
        this.explanation = explanation;
    }

    /** Plays the scenario's conversations into {@code s}, labelling each RST as it is written. */
    abstract void play(Script s);

    /** The scenario that shows {@code cause} (the first, where several do). */
    public static Scenario of(Cause cause) {
        for (Scenario s : values()) {
            if (s.cause == cause) {
                return s;
            }
        }
        throw new IllegalArgumentException("no scenario shows cause " + cause);
    }

    /** The cause this scenario shows. */
    public Cause cause() {
        return cause;
    }

    /** A short title: "A SYN to a closed port". */
    public String title() {
        return title;
    }

    /** One paragraph: what happens, how to tell it from its look-alikes, what folklore gets wrong. */
    public String explanation() {
        return explanation;
    }

    /** The file name {@link #writeAll} gives it: {@code closed-port.pcap}. */
    public String fileName() {
        return name().toLowerCase().replace('_', '-') + ".pcap";
    }

    /** The expected label of every RST in the capture, in frame order. */
    public List<Label> labels() {
        return played().labels();
    }

    /** The capture as pcap bytes (Ethernet, microseconds, little-endian): the same on every call. */
    public byte[] bytes() {
        return played().pcap();
    }

    /** Writes the capture as pcap to {@code out} (left open). */
    public void write(OutputStream out) {
        try {
            out.write(bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the capture as a new pcap file, as every export is written (see {@link OutputFiles}): never
     * over an existing file or an open capture, whole or not at all: {@code s.write(Path.of("lesson.pcap"))}.
     */
    public void write(Path file) {
        write(file, WriteMode.CREATE);
    }

    /** As {@link #write(Path)}, replacing an existing file with {@code REPLACE}: {@code s.write(path, WriteMode.REPLACE)}. */
    public void write(Path file, WriteMode mode) {
        byte[] bytes = bytes();
        OutputFiles.write(file, mode, "write", out -> out.write(bytes));
    }

    private Script.Played played() {
        Script s = new Script();
        play(s);
        return s.finish();
    }

    /**
     * Writes every scenario into {@code dir} (created if missing) as {@code <name>.pcap}, with
     * {@code labels.tsv} (one row per RST) and a {@code README.md} listing them; returns the files written.
     * When one of those files exists already nothing is written (see {@link #writeAll(Path, WriteMode)}):
     * {@code Scenario.writeAll(Path.of("lessons"))}.
     */
    public static List<Path> writeAll(Path dir) {
        return writeAll(dir, WriteMode.CREATE);
    }

    /** As {@link #writeAll(Path)}; {@code REPLACE} replaces the files of an earlier run: {@code writeAll(dir, WriteMode.REPLACE)}. */
    public static List<Path> writeAll(Path dir, WriteMode mode) {
        try {
            Files.createDirectories(dir);
            if (mode != WriteMode.REPLACE) {
                // Refuse before writing anything, so that a refused run leaves the directory as it was.
                List<String> names = new ArrayList<>();
                for (Scenario s : values()) {
                    names.add(s.fileName());
                }
                names.add("labels.tsv");
                names.add("README.md");
                for (String name : names) {
                    if (Files.exists(dir.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        throw new io.rstscope.RstscopeException(dir.resolve(name) + ": already exists; rstscope "
                                + "replaces files only when asked: writeAll(dir, REPLACE), or rstscope scenarios DIR --replace");
                    }
                }
            }
            List<Path> written = new ArrayList<>();
            StringBuilder tsv = new StringBuilder("scenario\t" + Label.TSV_HEADER + "\n");
            StringBuilder readme = new StringBuilder(README_HEAD);
            for (Scenario s : values()) {
                Script.Played p = s.played();
                Path file = dir.resolve(s.fileName());
                byte[] pcap = p.pcap();
                OutputFiles.write(file, mode, "writeAll", out -> out.write(pcap));
                written.add(file);
                for (Label l : p.labels()) {
                    tsv.append(s.fileName()).append('\t').append(l.tsvRow()).append('\n');
                }
                readme.append("\n## `").append(s.fileName()).append("` — ").append(s.title()).append("\n\n")
                        .append("Cause ").append(s.cause()).append("; RSTs at frames ")
                        .append(Arrays.toString(p.labels().stream().mapToLong(Label::frame).toArray()))
                        .append(".\n\n").append(s.explanation()).append('\n');
            }
            Path labels = dir.resolve("labels.tsv");
            OutputFiles.write(labels, mode, "writeAll", out -> out.write(tsv.toString().getBytes(StandardCharsets.UTF_8)));
            written.add(labels);
            Path readmeFile = dir.resolve("README.md");
            OutputFiles.write(readmeFile, mode, "writeAll", out -> out.write(readme.toString().getBytes(StandardCharsets.UTF_8)));
            written.add(readmeFile);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String README_HEAD = String.join("\n",
            "# rstscope teaching scenarios",
            "",
            "One small synthetic capture per reset cause, written by `rstscope scenarios`. Every packet is",
            "built as the stack or middlebox named in the text sends it; addresses are documentation ranges",
            "(192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32). Open them in Wireshark, or in",
            "rstscope with `scenario(CAUSE)`.",
            "",
            "`labels.tsv` names every RST: file, frame (counted from 1, as Wireshark does), stage, sender",
            "(whose address it carries), origin (who really sent it), cause, runner-up cause (the one it cannot",
            "be told apart from at this vantage point; empty when none), verdict (GENUINE or FORGED), form",
            "(RST or RST_ACK), seq_check and a note.",
            "");
}
