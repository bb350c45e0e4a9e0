"""Writes the README beside the recorded captures, from the scenarios and what verify.py checked,
so the kernel version, the scenario list and the label counts always match the files."""

import subprocess


def _version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "unknown"


# What the facts list we started from says, and what these captures showed on this kernel. Each
# line names the scenarios and the checks (verify.py) that hold it.
FACTS = [
    ("A Linux listener silently drops SYN+FIN and SYN+RST, and answers SYN+URG like a plain SYN.",
     "held", "odd-flag-syns: no reply to client ports 41071/41072, one SYN-ACK to 41073"),
    ("Linux sends no RST when its retransmissions run out.",
     "held", "retrans-giveup: retransmissions, then silence at both ends (TCP_USER_TIMEOUT "
             "2 s); retrans-timeout-heal: the only RST comes later, as the reply to the server's "
             "next segment"),
    ("With tcp_abort_on_overflow=1 the server sends a bare RST, seq = its ISN+1, right after the "
     "client's third ACK.",
     "held, with a condition", "backlog-overflow. Only for a handshake that holds a request "
     "socket: with listen(0) the SYN queue counts as full from the start, every SYN is answered "
     "with a SYN cookie, and a cookie's third ACK that finds the accept queue full is dropped "
     "silently (ListenOverflows grows, no RST). The recorder therefore uses backlog 2."),
    ("Passive resets (replies to a segment that had ACK) are bare RST with window 0 and IP ID 0.",
     "held", "backlog-overflow, time-wait-reuse, data-after-close, retrans-timeout-heal, "
             "challenge-ack, nmap-syn-scan, odd-flag-syns: bare RST, window 0, IP ID 0 with DF, "
             "no timestamp option (even on flows that negotiated timestamps), seq = the "
             "offending segment's ack. Replies to a SYN (closed port, REJECT) are RST|ACK with "
             "seq 0 and ack = SYN seq + 1 (+1 more when the SYN also carried FIN)."),
    ("Active resets (SO_LINGER 0, close with unread data) are RST|ACK with seq = SND.NXT, a "
     "non-zero window and the timestamp option when negotiated.",
     "held; IP ID differs", "linger0-abort, unread-data-close, app-idle-abort, fin-then-rst, "
     "keepalive-timeout, nmap-connect-scan, ipv6. Their IPv4 ID is the socket's own counter "
     "(non-zero, DF set), not 0: only resets built without a socket carry ID 0."),
    ("iptables REJECT --reject-with tcp-reset answers with IP ID 0 and the TTL of the firewall's "
     "own route.",
     "held", "server-reject: TTL 64 at the server, 63 at the client, ID 0 with DF, window 0 - field "
             "for field the closed-port reply; router-reject: TTL 64 at the client, where the server's own "
             "packets arrive with 63"),
    ("nmap -sS's RST comes from the scanner's kernel, with no ACK.",
     "held", "nmap-syn-scan: bare RST, seq = ISN+1, window 0, ID 0, TTL 64. nmap's own SYNs carry "
             "a random TTL (not 64) and window 1024, so they set no usable TTL baseline."),
]

OBSERVED = [
    "The keep-alive timer does send an RST when its probes go unanswered (keepalive-timeout), "
    "unlike the retransmission timer: RST|ACK at SND.NXT with timestamps, one probe interval after "
    "the last probe.",
    "Data arriving after the receiving socket was closed is answered with a passive reset (bare "
    "RST, window 0, ID 0, no timestamps), not an active one, although the socket still exists "
    "(data-after-close).",
    "After resetting the ACK that answered its SYN (TIME_WAIT, challenge ACK), the client's kernel "
    "retries the SYN about 10 ms later, not after the 1 s initial retransmission timeout.",
    "nmap -sT closes each successful connect with SO_LINGER 0: an active RST|ACK right after the "
    "handshake.",
]


# Scenarios recorded after the others, on another kernel: (kernel, which scenarios).
RECORDED_LATER = [
    ("6.18.44-fc-v1272", "router-reject-established, conntrack-expiry, censor-type1, censor-type2, "
                         "censor-handshake and the nft-* scenarios"),
]


def render(scenarios, rows, facts, kernel):
    counts = {}
    for r in rows:
        counts[(r[0], r[1])] = counts.get((r[0], r[1]), 0) + 1
    out = []
    w = out.append
    w("# Real-kernel captures (ground truth)\n")
    w("Each directory is one scenario run with real sockets and real tools between three network "
      "namespaces, client — router — server, captured with tcpdump at both ends: `client.pcap` on "
      "the client's interface, `server.pcap` on the server's. `labels.tsv` names every RST in "
      "every capture: what it is, who sent it and why. Every label was checked against the "
      "packets after recording (`src/recorder/verify.py`); the recorder fails if one does not "
      "hold, and the tests read these files without needing root.\n")
    w("This file is written by the recorder; edit `src/recorder/readme.py` and `scenarios.py`, "
      "not this file.\n")
    w("## Recording\n")
    later = "".join(f"; {names} on `{k}`" for k, names in RECORDED_LATER)
    scapy = _version(["/usr/bin/python3", "-c", "import scapy; print('scapy', scapy.__version__)"])
    w(f"- Recorded on Linux `{kernel}` (`uname -r`{later}), {_version(['tcpdump', '--version'])}, "
      f"{_version(['nmap', '--version'])}, {_version(['iptables', '--version'])}, "
      f"{_version(['nft', '--version'])}, {scapy}.")
    w("- Re-record (as root; installs tcpdump, iproute2, iptables, nftables, nmap, python3 and "
      "python3-scapy if missing): "
      "`sudo src/recorder/record` — about a minute. `sudo src/recorder/record OUTDIR NAME...` "
      "records only the named scenarios into OUTDIR and checks them, without rewriting the labels.")
    w("- Re-check without recording: `python3 src/recorder/verify.py "
      "dsl/src/test/resources/captures/kernel`.")
    w("- ISNs, timestamps, IP IDs and nmap's and the kernel's ephemeral ports differ between runs; "
      "the frame numbers in `labels.tsv` are those of the committed files.\n")
    w("## Topology\n")
    w("| namespace | addresses | role |")
    w("|---|---|---|")
    w("| client | 10.77.1.2, fd77:1::2 | the originator of every connection |")
    w("| router | 10.77.1.1 / 10.77.2.1, fd77:1::1 / fd77:2::1 | forwards; its iptables, "
      "traffic shaping and the RST injector (`src/recorder/injector.py`) act here |")
    w("| server | 10.77.2.2, fd77:2::2 | the responder |\n")
    w("Every host sends with TTL (hop limit) 64, so an endpoint's packet arrives at the other end "
      "with 63, and a packet the router makes arrives with 64. Link MTU 1500, checksum and "
      "segmentation offload off, so every packet carries its final checksums and segments are "
      "MTU-sized, as on a wire; the captures keep the first 256 bytes of each frame "
      "(`tcpdump -s 256`).\n")
    w("## Scenarios\n")
    w("| scenario | what happens | labelled RSTs (client / server) |")
    w("|---|---|---|")
    for s in scenarios:
        what = s.about + (f" **Must not be found:** {s.must_not}." if s.must_not else "")
        w(f"| `{s.name}` | {what} | {counts.get((s.name, 'client'), 0)} / "
          f"{counts.get((s.name, 'server'), 0)} |")
    w("")
    w("## labels.tsv\n")
    w("One row per RST packet per capture it appears in; tab-separated, with a header row.\n")
    w("| column | meaning |")
    w("|---|---|")
    for name, doc in [
        ("scenario", "the directory"),
        ("vantage", "`client` or `server`: which capture (`client.pcap` or `server.pcap`)"),
        ("frame", "the RST's frame number in that capture, counted from 1 as tshark does"),
        ("orig_h, orig_p", "the originator (the client) of the connection"),
        ("resp_h, resp_p", "the responder (the server)"),
        ("stage", "HANDSHAKE, POST_HANDSHAKE, DATA_TRANSFER, TEARDOWN (MIDSTREAM and STRAY do "
                  "not occur here)"),
        ("sender", "CLIENT or SERVER: whose address the RST carries"),
        ("origin", "ENDPOINT or MIDDLEBOX: who really sent it"),
        ("cause", "why it was sent (the DESIGN.md vocabulary)"),
        ("alt_cause", "the cause this RST cannot be told apart from at one vantage point; empty "
                      "when there is none"),
        ("forged", "true for the RSTs the router wrote in an endpoint's name: its injector's, and its iptables REJECT's (a reset the claimed sender never sent)"),
        ("note", "why the labels are what they are, and what to look at"),
    ]:
        w(f"| `{name}` | {doc} |")
    w("")
    w("## Facts checked on this kernel\n")
    w("The facts rstscope's classifier relies on, as they held in these captures. The per-RST "
      "checks (flags, TTL at each vantage point, IP ID, DF, window, timestamp option, sequence "
      "number against ISN, SND.NXT or the peer's ack) are listed per scenario in "
      "`src/recorder/scenarios.py` and run by `verify.py`.\n")
    w("| fact | on this kernel | where |")
    w("|---|---|---|")
    for fact, verdict, where in FACTS:
        w(f"| {fact} | {verdict} | {where} |")
    w("")
    w("Also seen:\n")
    for line in OBSERVED:
        w(f"- {line}")
    w("")
    w("Whole-capture checks of this recording:\n")
    for name, results in facts.items():
        for text, ok, detail in results:
            w(f"- `{name}`: {text} — {'holds' if ok else 'DOES NOT HOLD'} ({detail})")
    w("")
    return "\n".join(out)
