"""The recorded scenarios: how each one runs, and what its captures must contain.

    scenarios.py list          one line per scenario: name and capture filter
    scenarios.py run NAME      run one scenario (the namespaces come from RS_NS_CLIENT,
                               RS_NS_ROUTER, RS_NS_SERVER; `record` sets them and runs tcpdump)

Topology (built by `record`): client 10.77.1.2 / fd77:1::2 — router (.1 on both sides) — server
10.77.2.2 / fd77:2::2. Every endpoint sends with TTL 64, so a packet that crossed the router arrives
with 63; the router's own packets (iptables REJECT, the injector) arrive with 64.

Each scenario lists the RSTs it must produce as `Expect`s: whose address the RST carries, the
server port, the exact flags, how many appear at each vantage point, the labels, and properties
that `verify.py` checks on the wire. Every RST in a capture must match exactly one Expect.
"""

import os
import select
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
ENDPOINTS = os.path.join(HERE, "endpoints.py")
INJECTOR = os.path.join(HERE, "injector.py")
CENSOR = os.path.join(HERE, "censor.py")
# Debian's interpreter, the one python3-scapy installs into (`record` installs the package).
DEBIAN_PYTHON = "/usr/bin/python3"


@dataclass
class Expect:
    sender: str  # "client" or "server": whose address the RST carries
    server_port: int
    flags: str  # exact flags, tcpdump letters: "R", "RA", "SR"
    seen: Dict[str, int]  # vantage -> how many such RSTs that capture holds
    stage: str
    origin: str
    cause: str
    alt_cause: str = ""
    forged: bool = False
    note: str = ""
    props: Tuple[str, ...] = ()  # checked by verify.py at every vantage
    ttl: Dict[str, int] = field(default_factory=dict)  # vantage -> exact TTL / hop limit
    client_ports: Optional[Tuple[int, ...]] = None  # None: any client port


@dataclass
class Scenario:
    name: str
    ports: List[int]  # server ports; the capture filter is these ports
    about: str
    run: Callable
    expects: List[Expect] = field(default_factory=list)
    facts: List[Callable] = field(default_factory=list)  # caps -> [(fact, ok, detail)]
    must_not: str = ""  # for negative controls: what must not be found


def endpoint_ttl(sender):
    """An endpoint's packet: 64 where it was sent, 63 after the router."""
    return {"client": 64, "server": 63} if sender == "client" else {"client": 63, "server": 64}


ROUTER_TTL = {"client": 64, "server": 64}


def censored(port, flags, count, note, props):
    """What censor.py leaves: `count` resets toward each end in the other end's name, each seen only
    at the end it was sent to, labelled as a path's injection after the request."""
    return [Expect(sender, port, flags, {to: count, sender: 0}, "DATA_TRANSFER", "MIDDLEBOX",
                   "POLICY_INJECTION", forged=True,
                   note=f"{note}; in the {sender}'s name, toward the {to}", props=props)
            for sender, to in (("server", "client"), ("client", "server"))]

# Properties (see verify.py for their exact meaning)
PASSIVE = ("win0", "no_ts")  # a reply built from the offending segment, not from a socket
KERNEL_REPLY = PASSIVE + ("ipid0", "df")
# An active reset comes from the socket: RST|ACK at SND.NXT with its window and timestamps, and
# (IPv4) the socket's own IP ID with DF, not 0.
ACTIVE = ("win>0", "ts", "seq=snd_nxt")
ACTIVE4 = ACTIVE + ("ipid!0", "df")


# ---- running things in the namespaces ---------------------------------------------------------

class Proc:
    def __init__(self, ns, argv, label):
        self.label = label
        self.p = subprocess.Popen(["ip", "netns", "exec", ns] + argv, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True, bufsize=1)

    def line(self, timeout=10.0):
        ready, _, _ = select.select([self.p.stdout], [], [], timeout)
        if not ready:
            raise RuntimeError(f"{self.label}: no output within {timeout} s")
        text = self.p.stdout.readline().strip()
        if not text and self.p.poll() is not None:
            raise RuntimeError(f"{self.label}: exited with {self.p.returncode} before saying anything")
        return text

    def expect(self, word, timeout=10.0):
        got = self.line(timeout)
        if got != word:
            raise RuntimeError(f"{self.label}: said {got!r}, expected {word!r}")

    def go(self):
        self.p.stdin.write("go\n")
        self.p.stdin.flush()

    def finish(self, timeout=15.0):
        try:
            self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"{self.label}: still running after {timeout} s")
        rest = self.p.stdout.read().strip()
        if self.p.returncode != 0:
            raise RuntimeError(f"{self.label}: exit status {self.p.returncode}")
        return rest

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()


class Net:
    def __init__(self):
        self.ns = {k: os.environ[f"RS_NS_{k.upper()}"] for k in ("client", "router", "server")}
        self.procs: List[Proc] = []
        self.undo: List[List[str]] = []

    def start(self, where, role, *args):
        p = Proc(self.ns[where], [sys.executable, ENDPOINTS, role] + [str(a) for a in args],
                 f"{where} {role}")
        self.procs.append(p)
        return p

    def server(self, role, *args):
        p = self.start("server", role, *args)
        p.expect("ready")
        return p

    def injector(self, mode, arg, port):
        p = Proc(self.ns["router"], [sys.executable, INJECTOR, mode, str(arg), str(port)],
                 f"router injector {mode}")
        self.procs.append(p)
        p.expect("ready")
        return p

    def censor(self, mode, keyword, port):
        p = Proc(self.ns["router"], [DEBIAN_PYTHON, CENSOR, mode, keyword, str(port)], f"router censor {mode}")
        self.procs.append(p)
        p.expect("ready", timeout=30.0)
        return p

    def nft(self, where, ruleset, table):
        """Loads an nftables ruleset (text) in a namespace; its table is deleted at the end."""
        subprocess.run(["ip", "netns", "exec", self.ns[where], "nft", "-f", "-"], input=ruleset, text=True,
                       check=True)
        self.undo.append(["ip", "netns", "exec", self.ns[where], "nft", "delete", "table"] + table.split())

    def sh(self, where, *cmd, undo=None):
        subprocess.run(["ip", "netns", "exec", self.ns[where]] + list(cmd), check=True)
        if undo:
            self.undo.append(["ip", "netns", "exec", self.ns[where]] + list(undo))

    def sysctl(self, where, key, value):
        old = subprocess.run(["ip", "netns", "exec", self.ns[where], "sysctl", "-n", key],
                             check=True, capture_output=True, text=True).stdout.strip()
        self.sh(where, "sysctl", "-qw", f"{key}={value}", undo=["sysctl", "-qw", f"{key}={old}"])

    def close(self):
        for p in self.procs:
            p.kill()
        for cmd in reversed(self.undo):
            subprocess.run(cmd, check=False)


def run_client(net, role, *args, timeout=15.0):
    return net.start("client", role, *args).finish(timeout)


# ---- scenario programs -------------------------------------------------------------------------

def run_clean(net):
    srv4 = net.server("server-echo", 7010, "4", 2)
    srv6 = net.server("server-echo", 7011, "6", 1)
    run_client(net, "client-request", 41010, 7010)
    run_client(net, "client-request", 41011, 7010)
    run_client(net, "client-request", 41012, 7011, "6")
    srv4.finish()
    srv6.finish()


def run_closed_port(net):
    out = run_client(net, "client-refused", 41020, 7020)
    assert out == "ECONNREFUSED", out


def run_server_reject(net):
    net.sh("server", "iptables", "-w", "-A", "INPUT", "-p", "tcp", "--dport", "7030",
           "-j", "REJECT", "--reject-with", "tcp-reset",
           undo=["iptables", "-w", "-D", "INPUT", "-p", "tcp", "--dport", "7030",
                 "-j", "REJECT", "--reject-with", "tcp-reset"])
    net.server("listen-only", 7030)  # the service runs; the host firewall hides it
    out = run_client(net, "client-refused", 41030, 7030)
    assert out == "ECONNREFUSED", out


def run_router_reject(net):
    net.sh("router", "iptables", "-w", "-A", "FORWARD", "-p", "tcp", "--dport", "7041",
           "-j", "REJECT", "--reject-with", "tcp-reset",
           undo=["iptables", "-w", "-D", "FORWARD", "-p", "tcp", "--dport", "7041",
                 "-j", "REJECT", "--reject-with", "tcp-reset"])
    srv = net.server("server-echo", 7040)
    net.server("listen-only", 7041)
    run_client(net, "client-request", 41040, 7040)  # gives the client the server's TTL (63)
    out = run_client(net, "client-refused", 41041, 7041)
    assert out == "ECONNREFUSED", out
    srv.finish()


def run_backlog(net):
    net.sysctl("server", "net.ipv4.tcp_abort_on_overflow", 1)
    # The accept queue of listen(2) holds 3 connections (Linux counts it full above the backlog).
    # Two handshakes complete one after the other; then two start at once. Both SYNs must reach
    # the server before either third ACK, so the router queues the client's packets at 16 kbit/s
    # (on veth the whole handshake otherwise runs inside one connect() call): the server answers
    # both with request sockets, the first ACK fills the queue and the second is reset. (With a
    # backlog of 0 every SYN would be answered with a SYN cookie, and a cookie's ACK that finds the
    # queue full is dropped silently, whatever tcp_abort_on_overflow says.)
    net.sh("router", "tc", "qdisc", "add", "dev", "rs", "root", "handle", "1:", "htb", "default", "1",
           "r2q", "1", undo=["tc", "qdisc", "del", "dev", "rs", "root"])
    net.sh("router", "tc", "class", "add", "dev", "rs", "parent", "1:", "classid", "1:1", "htb",
           "rate", "16kbit", "ceil", "16kbit", "burst", "1b", "cburst", "1b")
    srv = net.server("backlog-server", 7050, 2, 2.0)
    out = run_client(net, "overflow-client", 41051, 7050, 2, 2)
    assert out.split("\n") == ["41051 ok", "41052 ok", "41053 ok", "41054 ECONNRESET"], out
    srv.finish()


def run_time_wait(net):
    # Without timestamps the TIME_WAIT socket can only judge the new SYN by its sequence number.
    net.sysctl("client", "net.ipv4.tcp_timestamps", 0)
    srv = net.server("time-wait-server", 7060, 1 << 19)
    run_client(net, "time-wait-client", 41060, 7060, 1 << 19)
    srv.finish()


def run_odd_syns(net):
    net.server("listen-only", 7070)
    run_client(net, "odd-syns")
    time.sleep(0.3)


def run_nmap_syn(net):
    net.server("listen-only", 7080)
    subprocess.run(["ip", "netns", "exec", net.ns["client"], "nmap", "-sS", "-Pn", "-n",
                    "-g", "41080", "--max-retries", "0", "-p", "7080,7081", "10.77.2.2"],
                   check=True, stdout=subprocess.DEVNULL)


def run_nmap_connect(net):
    net.server("listen-only", 7090)
    subprocess.run(["ip", "netns", "exec", net.ns["client"], "nmap", "-sT", "-Pn", "-n",
                    "--max-retries", "0", "-p", "7090,7091", "10.77.2.2"],
                   check=True, stdout=subprocess.DEVNULL)


def run_linger0(net):
    srv = net.server("accept-until-reset", 7100)
    run_client(net, "client-linger0", 41100, 7100)
    assert srv.finish() == "ECONNRESET"


def run_unread(net):
    srv = net.server("unread-server", 7110)
    out = run_client(net, "unread-client", 41110, 7110)
    assert out == "ECONNRESET", out
    srv.finish()


def run_data_after_close(net):
    srv = net.server("close-early-server", 7120)
    # The client already read EOF, so its recv() keeps returning it; the RST shows on the wire.
    run_client(net, "late-data-client", 41120, 7120)
    srv.finish()


def run_giveup(net):
    srv = net.server("exchange-then-hold", 7130, "silent")
    cli = net.start("client", "give-up-client", 41130, 7130, 2000)
    cli.expect("exchanged")
    for chain_args in (["--dport", "7130"], ["--sport", "7130"]):
        rule = ["FORWARD", "-p", "tcp"] + chain_args + ["-j", "DROP"]
        net.sh("router", "iptables", "-w", "-I", *rule, undo=["iptables", "-w", "-D", *rule])
    cli.go()
    assert cli.finish() == "ETIMEDOUT"
    srv.expect("holding")
    srv.go()  # the server goes away without a packet: nothing may answer anything now
    srv.finish()
    time.sleep(0.5)


def run_heal(net):
    srv = net.server("exchange-then-hold", 7140, "reply")
    cli = net.start("client", "give-up-client", 41140, 7140, 1500)
    cli.expect("exchanged")
    rules = [["FORWARD", "-p", "tcp", "--dport", "7140", "-j", "DROP"],
             ["FORWARD", "-p", "tcp", "--sport", "7140", "-j", "DROP"]]
    for rule in rules:
        net.sh("router", "iptables", "-w", "-I", *rule)
    try:
        cli.go()
        assert cli.finish() == "ETIMEDOUT"
    finally:
        for rule in rules:
            net.sh("router", "iptables", "-w", "-D", *rule)
    srv.expect("holding")
    time.sleep(0.2)
    srv.go()  # the path is back: the server's next segment meets a connection the client forgot
    assert srv.finish() == "ECONNRESET"


def run_keepalive(net):
    srv = net.server("exchange-then-read", 7150)
    cli = net.start("client", "keepalive-client", 41150, 7150)
    cli.expect("exchanged")
    rule = ["FORWARD", "-p", "tcp", "--sport", "7150", "-j", "DROP"]
    net.sh("router", "iptables", "-w", "-I", *rule, undo=["iptables", "-w", "-D", *rule])
    cli.go()
    assert cli.finish() == "ETIMEDOUT"
    assert srv.finish() == "ECONNRESET"


def run_app_idle(net):
    srv = net.server("idle-abort-server", 7160, 2.0)
    out = run_client(net, "client-wait-reset", 41160, 7160)
    assert out == "ECONNRESET", out
    srv.finish()


def run_idle_injected(net):
    inj = net.injector("idle", 3, 7170)
    srv = net.server("exchange-then-read", 7170)
    out = run_client(net, "client-wait-reset", 41170, 7170)
    assert out == "ECONNRESET", out
    assert srv.finish() == "ECONNRESET"
    assert inj.line().startswith("injected")


def run_policy(net):
    inj = net.injector("policy", "forbidden", 7180)
    srv = net.server("slow-reply-server", 7180, 0.5)
    out = run_client(net, "client-wait-reset", 41180, 7180, "4", "GET /forbidden")
    assert out == "ECONNRESET", out
    srv.finish()
    assert inj.line().startswith("injected")


def second_request_rejected(net, port, meanwhile):
    """One exchange on `port`; `meanwhile()` changes the path while both ends wait; then the client's
    second request is rejected with tcp-reset by the router, and the server closes silently."""
    srv = net.server("exchange-then-hold", port, "silent")
    cli = net.start("client", "second-request-client", 41000 + port - 7000, port)
    cli.expect("exchanged")
    srv.expect("holding")
    meanwhile()
    cli.go()
    assert cli.finish() == "ECONNRESET"
    srv.go()
    srv.finish()


def run_router_reject_established(net):
    rule = ["FORWARD", "-p", "tcp", "--dport", "7230", "-j", "REJECT", "--reject-with", "tcp-reset"]
    second_request_rejected(net, 7230, lambda: net.sh("router", "iptables", "-w", "-I", *rule,
                                                      undo=["iptables", "-w", "-D", *rule]))


def run_conntrack_expiry(net):
    # A stateful router: established flows expire after 2 s of silence, a segment that matches no
    # flow and is no SYN is INVALID (no loose pick-up), and INVALID is rejected with tcp-reset.
    rule = ["FORWARD", "-p", "tcp", "--dport", "7240", "-m", "conntrack", "--ctstate", "INVALID",
            "-j", "REJECT", "--reject-with", "tcp-reset"]
    net.sh("router", "iptables", "-w", "-I", *rule, undo=["iptables", "-w", "-D", *rule])
    net.sysctl("router", "net.netfilter.nf_conntrack_tcp_loose", 0)
    net.sysctl("router", "net.netfilter.nf_conntrack_tcp_timeout_established", 2)
    second_request_rejected(net, 7240, lambda: time.sleep(4.0))


def run_fin_then_rst(net):
    srv = net.server("half-close-server", 7190)
    run_client(net, "fin-then-rst-client", 41190, 7190)
    assert srv.finish() == "eof"


def run_challenge(net):
    srv = net.server("two-connections-server", 7200)
    run_client(net, "forgetful-client", 41200, 7200)
    assert srv.finish() == "ECONNRESET"


def run_ipv6(net):
    srv = net.server("accept-until-reset", 7211, "6")
    out = run_client(net, "client-refused", 41210, 7210, "6")
    assert out == "ECONNREFUSED", out
    run_client(net, "client-linger0", 41211, 7211, "6")
    assert srv.finish() == "ECONNRESET"


def run_censored(net, mode, port):
    """The client asks for /forbidden; the censor on the router resets both ends, the server answers
    only after 0.5 s and finds its connection gone."""
    cen = net.censor(mode, "forbidden", port)
    srv = net.server("slow-reply-server", port, 0.5)
    out = run_client(net, "client-wait-reset", 41000 + port - 7000, port, "4", "GET /forbidden")
    assert out == "ECONNRESET", out
    srv.finish()
    assert cen.line().startswith("injected")


def run_censor_type1(net):
    run_censored(net, "type1", 7250)


def run_censor_type2(net):
    run_censored(net, "type2", 7260)


def run_censor_handshake(net):
    cen = net.censor("handshake", "-", 7311)
    srv = net.server("server-echo", 7310)
    run_client(net, "client-request", 41310, 7310)  # the server's habits: TTL 63, DF on every packet
    blocked = net.server("accept-until-reset", 7311)
    out = run_client(net, "client-connect-wait", 41311, 7311)
    assert out == "ECONNRESET", out
    assert blocked.finish() == "ECONNRESET"
    srv.finish()
    assert cen.line().startswith("injected")


def run_nft_router_reject(net):
    # nftables' reject statement (nft_reject_inet -> nf_send_reset), not iptables' REJECT target.
    net.nft("router", """
table inet rstscope_reject {
  chain forward {
    type filter hook forward priority filter; policy accept;
    tcp dport 7271 reject with tcp reset
  }
}
""", "inet rstscope_reject")
    srv = net.server("server-echo", 7270)
    net.server("listen-only", 7271)
    run_client(net, "client-request", 41270, 7270)  # gives the client the server's TTL (63)
    out = run_client(net, "client-refused", 41271, 7271)
    assert out == "ECONNREFUSED", out
    srv.finish()


def run_nft_reject_established(net):
    rules = """
table inet rstscope_reject {
  chain forward {
    type filter hook forward priority filter; policy accept;
    tcp dport 7280 reject with tcp reset
  }
}
"""
    second_request_rejected(net, 7280, lambda: net.nft("router", rules, "inet rstscope_reject"))


def nft_conntrack(net, port, verdict):
    """A stateful router as the nftables wiki writes one: a segment that opens a new conntrack entry
    without being a SYN meets `verdict`. Loose pick-up stays on (the default), so a segment of a
    forgotten flow is NEW rather than INVALID, unlike conntrack-expiry's iptables rule. Established
    flows expire after 2 s (the netns sysctl: a `ct timeout` object loaded but was not applied to the
    flows on the recording kernel)."""
    net.sysctl("router", "net.netfilter.nf_conntrack_tcp_timeout_established", 2)
    net.nft("router", f"""
table inet rstscope_ct {{
  chain forward {{
    type filter hook forward priority filter; policy accept;
    tcp dport {port} ct state new tcp flags & (fin|syn|rst|ack) != syn {verdict}
  }}
}}
""", "inet rstscope_ct")


def run_nft_conntrack_expiry(net):
    nft_conntrack(net, 7290, "reject with tcp reset")
    second_request_rejected(net, 7290, lambda: time.sleep(4.0))


def run_nft_conntrack_drop(net):
    # The same device dropping instead of rejecting: the client's retransmissions die at the router,
    # it gives up silently (TCP_USER_TIMEOUT 2 s), and the server goes away silently.
    nft_conntrack(net, 7300, "drop")
    srv = net.server("exchange-then-hold", 7300, "silent")
    cli = net.start("client", "give-up-client", 41300, 7300, 2000)
    cli.expect("exchanged")
    time.sleep(4.0)
    cli.go()
    assert cli.finish() == "ETIMEDOUT"
    srv.expect("holding")
    srv.go()
    srv.finish()
    time.sleep(0.5)


# ---- facts checked on the whole capture (beyond the labelled RSTs) ------------------------------

def from_(pkts, addr_port):
    return [p for p in pkts if p.tcp and (p.src, p.sport) == addr_port]


def to_(pkts, addr_port):
    return [p for p in pkts if p.tcp and (p.dst, p.dport) == addr_port]


def odd_syn_facts(caps):
    srv = caps["server"]
    out = []
    for cport, what in ((41071, "SYN+FIN"), (41072, "SYN+RST")):
        replies = to_(srv, ("10.77.1.2", cport))
        out.append((f"a Linux listener drops {what} silently", not replies,
                    f"{len(replies)} replies to client port {cport}"))
    synacks = [p for p in to_(srv, ("10.77.1.2", 41073)) if p.flags == 0x12]
    out.append(("a Linux listener answers SYN+URG with a SYN-ACK, as a plain SYN", len(synacks) == 1,
                f"{len(synacks)} SYN-ACKs to client port 41073"))
    return out


def giveup_facts(caps):
    cli = caps["client"]
    mine = [p for p in from_(cli, ("10.77.1.2", 41130)) if p.payload_len > 0]
    seqs = [p.seq for p in mine]
    retrans = len(seqs) - len(set(seqs))
    last = [p for p in cli if p.tcp][-1]
    return [("the client retransmitted the unacknowledged data", retrans >= 2,
             f"{retrans} retransmissions"),
            ("Linux sends no RST when its retransmissions run out (TCP_USER_TIMEOUT)",
             not any(p.has(0x04) for p in cli) and last.src == "10.77.1.2" and last.payload_len > 0,
             f"last packet: {last}")]


def heal_facts(caps):
    cli = caps["client"]
    data = [p for p in from_(cli, ("10.77.1.2", 41140)) if p.payload_len > 0]
    rst = [p for p in cli if p.has(0x04)]
    ok = bool(rst) and data and rst[0].ts - data[-1].ts > 0.2
    return [("the client gave up without an RST; the only RST comes later, answering the server",
             bool(ok), f"last client data at {data[-1].ts - cli[0].ts:.3f} s, "
                       f"RST at {rst[0].ts - cli[0].ts:.3f} s" if ok else "no RST or no data")]


def keepalive_facts(caps):
    cli = caps["client"]
    probes = [p for p in from_(cli, ("10.77.1.2", 41150)) if p.flags == 0x10 and p.payload_len == 0]
    return [("Linux resets the connection when its keep-alive probes go unanswered",
             len(probes) >= 2, f"{len(probes)} bare ACKs (probes and handshake ACK) before the RST")]


def overflow_facts(caps):
    srv = caps["server"]
    synacks = [p for p in srv if p.tcp and p.flags == 0x12]
    return [("the server answered all four SYNs: none found the accept queue full",
             len(synacks) == 4, f"{len(synacks)} SYN-ACKs")]


def no_rst(caps):
    counts = {v: sum(1 for p in pkts if p.tcp and p.has(0x04)) for v, pkts in caps.items()}
    return [("a clean connection has no RST", not any(counts.values()), str(counts))]


# ---- the scenarios ----------------------------------------------------------------------------

SCENARIOS = [
    Scenario(
        "clean", [7010, 7011],
        "Negative control: three request/response connections (two IPv4, one IPv6) with an "
        "orderly FIN close.",
        run_clean, [], [no_rst],
        must_not="no RST at all, at either vantage point"),
    Scenario(
        "closed-port", [7020],
        "The client connects to a port nobody listens on; the server's kernel answers the SYN.",
        run_closed_port,
        [Expect("server", 7020, "RA", {"client": 1, "server": 1}, "HANDSHAKE", "ENDPOINT",
                "PORT_CLOSED", "FIREWALL_REJECT",
                note="the server's own iptables REJECT sends the same RST (see server-reject)",
                props=KERNEL_REPLY + ("reply_to_syn",), ttl=endpoint_ttl("server"))]),
    Scenario(
        "server-reject", [7030],
        "A service listens on the server but the server's own iptables answers its SYNs with "
        "REJECT --reject-with tcp-reset.",
        run_server_reject,
        [Expect("server", 7030, "RA", {"client": 1, "server": 1}, "HANDSHAKE", "ENDPOINT",
                "FIREWALL_REJECT", "PORT_CLOSED",
                note="identical on the wire to a closed port: the firewall is the host, so TTL, "
                     "IP ID 0 and window 0 are the kernel's own",
                props=KERNEL_REPLY + ("reply_to_syn",), ttl=endpoint_ttl("server"))]),
    Scenario(
        "router-reject", [7040, 7041],
        "A clean connection to port 7040 first (it shows the server's TTL, 63 at the client), then "
        "a SYN to 7041, which the router's iptables FORWARD rule rejects with tcp-reset.",
        run_router_reject,
        [Expect("server", 7041, "RA", {"client": 1, "server": 0}, "HANDSHAKE", "MIDDLEBOX",
                "FIREWALL_REJECT", forged=True,
                note="sent by the router in the server's name; TTL 64 against the server's 63 on "
                     "port 7040; the SYN never reached the server",
                props=KERNEL_REPLY + ("reply_to_syn",), ttl=ROUTER_TTL)]),
    Scenario(
        "backlog-overflow", [7050],
        "The server listens with backlog 2 and does not accept; net.ipv4.tcp_abort_on_overflow=1. "
        "Two connections complete one after the other, then two handshakes start at once (the "
        "router queues the client's packets at 16 kbit/s so that both SYNs arrive before the "
        "first third ACK); the first of them fills the accept queue, the second is reset on its "
        "third ACK.",
        run_backlog,
        [Expect("server", 7050, "R", {"client": 1, "server": 1}, "HANDSHAKE", "ENDPOINT",
                "BACKLOG_OVERFLOW",
                note="bare RST, seq = server ISN+1, right after the client's third ACK; the client "
                     "already counts the connection as established",
                props=KERNEL_REPLY + ("seq=isn+1", "after_third_ack"), ttl=endpoint_ttl("server"),
                client_ports=(41054,))],
        [overflow_facts]),
    Scenario(
        "time-wait-reuse", [7060],
        "The client sends 512 KiB, the server closes first and keeps the tuple in TIME_WAIT; the "
        "client at once connects again from the same port, timestamps off. Its SYN's ISN is "
        "below what the TIME_WAIT socket already received, so the server answers with an ACK of "
        "the old connection; the client resets that ACK and its retried SYN then succeeds.",
        run_time_wait,
        [Expect("client", 7060, "R", {"client": 1, "server": 1}, "HANDSHAKE", "ENDPOINT",
                "TIME_WAIT_REUSE", "CHALLENGE_ACK",
                note="the SYN -> ACK -> RST pattern is the same as a challenge ACK's (see "
                     "challenge-ack); here the server's old connection had closed with FINs",
                props=KERNEL_REPLY + ("seq=peer_ack",), ttl=endpoint_ttl("client"))]),
    Scenario(
        "odd-flag-syns", [7070, 7071],
        "A raw socket on the client sends SYN+FIN, SYN+RST and SYN+URG to a listener on 7070, and "
        "SYN+FIN to the closed port 7071.",
        run_odd_syns,
        [Expect("client", 7070, "SR", {"client": 1, "server": 1}, "HANDSHAKE", "ENDPOINT",
                "MALFORMED_SYN",
                note="the probe itself carries RST beside SYN; the listener drops it silently",
                ttl=endpoint_ttl("client"), client_ports=(41072,)),
         Expect("client", 7070, "R", {"client": 1, "server": 1}, "HANDSHAKE", "ENDPOINT",
                "MALFORMED_SYN", "HALF_OPEN_SCAN",
                note="the listener answered SYN+URG like a plain SYN; the client's kernel has no "
                     "socket for the crafted SYN and resets the SYN-ACK, as in a half-open scan",
                props=KERNEL_REPLY + ("seq=isn+1",), ttl=endpoint_ttl("client"),
                client_ports=(41073,)),
         Expect("server", 7071, "RA", {"client": 1, "server": 1}, "HANDSHAKE", "ENDPOINT",
                "PORT_CLOSED", "MALFORMED_SYN",
                note="a closed port answers SYN+FIN too; the ack counts both SYN and FIN",
                props=KERNEL_REPLY + ("reply_to_syn",), ttl=endpoint_ttl("server"),
                client_ports=(41074,))],
        [odd_syn_facts]),
    Scenario(
        "nmap-syn-scan", [7080, 7081],
        "nmap -sS -g 41080 against an open port (7080) and a closed one (7081).",
        run_nmap_syn,
        [Expect("client", 7080, "R", {"client": 1, "server": 1}, "HANDSHAKE", "ENDPOINT",
                "HALF_OPEN_SCAN",
                note="the scanner's kernel, not nmap, resets the SYN-ACK: bare RST, seq = ISN+1",
                props=KERNEL_REPLY + ("seq=isn+1",), ttl=endpoint_ttl("client")),
         Expect("server", 7081, "RA", {"client": 1, "server": 1}, "HANDSHAKE", "ENDPOINT",
                "PORT_CLOSED", "FIREWALL_REJECT", note="the scan's probe of a closed port",
                props=KERNEL_REPLY + ("reply_to_syn",), ttl=endpoint_ttl("server"))]),
    Scenario(
        "nmap-connect-scan", [7090, 7091],
        "nmap -sT against an open port (7090) and a closed one (7091).",
        run_nmap_connect,
        [Expect("client", 7090, "RA", {"client": 1, "server": 1}, "POST_HANDSHAKE", "ENDPOINT",
                "CLIENT_ABORT", "HALF_OPEN_SCAN",
                note="nmap -sT completes the handshake and closes with SO_LINGER 0; that it is a "
                     "scan shows only across ports",
                props=ACTIVE4, ttl=endpoint_ttl("client")),
         Expect("server", 7091, "RA", {"client": 1, "server": 1}, "HANDSHAKE", "ENDPOINT",
                "PORT_CLOSED", "FIREWALL_REJECT", note="the scan's probe of a closed port",
                props=KERNEL_REPLY + ("reply_to_syn",), ttl=endpoint_ttl("server"))]),
    Scenario(
        "linger0-abort", [7100],
        "The client connects and closes at once with SO_LINGER 0, before sending anything.",
        run_linger0,
        [Expect("client", 7100, "RA", {"client": 1, "server": 1}, "POST_HANDSHAKE", "ENDPOINT",
                "CLIENT_ABORT", note="active reset: seq = SND.NXT, window and timestamps kept",
                props=ACTIVE4, ttl=endpoint_ttl("client"))]),
    Scenario(
        "unread-data-close", [7110],
        "The client sends a request line and a 2000-byte body; the server reads 16 bytes and "
        "closes.",
        run_unread,
        [Expect("server", 7110, "RA", {"client": 1, "server": 1}, "DATA_TRANSFER", "ENDPOINT",
                "APP_ABORT",
                note="close() with unread data in the receive queue resets (RFC 2525 §2.17)",
                props=ACTIVE4, ttl=endpoint_ttl("server"))]),
    Scenario(
        "data-after-close", [7120],
        "The server sends a line and closes at once; the client reads it and the FIN, then still "
        "sends data, which reaches a socket that is closed for reading.",
        run_data_after_close,
        [Expect("server", 7120, "R", {"client": 1, "server": 1}, "TEARDOWN", "ENDPOINT",
                "DATA_AFTER_CLOSE",
                note="RFC 1122 4.2.2.13: data for a closed socket is answered with an RST; "
                     "seq = the data segment's ack",
                props=KERNEL_REPLY + ("seq=peer_ack", "after_fin"), ttl=endpoint_ttl("server"))]),
    Scenario(
        "retrans-giveup", [7130],
        "Negative control: after one exchange the router drops both directions; the client "
        "sends data with TCP_USER_TIMEOUT 2 s, retransmits, and gives up silently. The server "
        "then goes away silently too.",
        run_giveup, [], [giveup_facts],
        must_not="no RST: Linux sends none when its retransmissions run out"),
    Scenario(
        "retrans-timeout-heal", [7140],
        "As retrans-giveup (TCP_USER_TIMEOUT 1.5 s), but then the path heals and the server sends "
        "one more line; it reaches a connection the client's kernel has forgotten.",
        run_heal,
        [Expect("client", 7140, "R", {"client": 1, "server": 1}, "DATA_TRANSFER", "ENDPOINT",
                "RETRANSMISSION_TIMEOUT", alt_cause="DATA_AFTER_CLOSE",
                note="the client gave up silently while the path was down; this RST answers the "
                     "server's next segment, well after the last retransmission (a reply from a "
                     "forgotten socket: at the server the retransmissions never arrived, so there "
                     "the wire cannot tell why the client forgot the connection)",
                props=KERNEL_REPLY + ("seq=peer_ack",), ttl=endpoint_ttl("client"))],
        [heal_facts]),
    Scenario(
        "keepalive-timeout", [7150],
        "After one exchange the router drops everything the server sends; the client's keep-alive "
        "(1 s idle, 1 s interval, 2 probes) goes unanswered and the client's kernel resets.",
        run_keepalive,
        [Expect("client", 7150, "RA", {"client": 1, "server": 1}, "DATA_TRANSFER", "ENDPOINT",
                "KEEPALIVE_TIMEOUT",
                note="an active reset from the keep-alive timer after unanswered probes",
                props=ACTIVE4, ttl=endpoint_ttl("client"))],
        [keepalive_facts]),
    Scenario(
        "app-idle-abort", [7160],
        "The server answers one request, then aborts the connection with SO_LINGER 0 after 2 s "
        "without a new request.",
        run_app_idle,
        [Expect("server", 7160, "RA", {"client": 1, "server": 1}, "DATA_TRANSFER", "ENDPOINT",
                "APP_ABORT",
                note="the application closed an idle connection with SO_LINGER 0; it is the "
                     "server's own RST (TTL, timestamps, seq = SND.NXT), unlike idle-timeout",
                props=ACTIVE4 + ("idle>=1.5",), ttl=endpoint_ttl("server"))]),
    Scenario(
        "idle-timeout", [7170],
        "After one exchange the connection stays idle; the router's injector, acting as a "
        "stateful firewall with a 3 s idle timeout, resets both ends.",
        run_idle_injected,
        [Expect("server", 7170, "RA", {"client": 1, "server": 0}, "DATA_TRANSFER", "MIDDLEBOX",
                "IDLE_TIMEOUT", forged=True,
                note="the router's injector in the server's name: TTL 64 against 63, no "
                     "timestamps on a flow that uses them, non-zero IP ID without DF",
                props=("win0", "no_ts", "flow_ts", "seq=snd_nxt", "ipid!0", "no_df", "idle>=2.5"),
                ttl=ROUTER_TTL),
         Expect("client", 7170, "RA", {"client": 0, "server": 1}, "DATA_TRANSFER", "MIDDLEBOX",
                "IDLE_TIMEOUT", forged=True,
                note="the router's injector in the client's name, toward the server",
                props=("win0", "no_ts", "flow_ts", "seq=snd_nxt", "ipid!0", "no_df", "idle>=2.5"),
                ttl=ROUTER_TTL)]),
    Scenario(
        "policy-injection", [7180],
        "The client requests GET /forbidden; the router's injector sees the keyword and, like a "
        "censoring middlebox, sends each end an RST and then an RST|ACK 1460 bytes further on. "
        "The server delays its answer 0.5 s, and finds the connection reset.",
        run_policy,
        [Expect("server", 7180, "R", {"client": 1, "server": 0}, "DATA_TRANSFER", "MIDDLEBOX",
                "POLICY_INJECTION", forged=True,
                note="right after the request, TTL 64 against the server's 63, no timestamps, "
                     "a bare RST with a non-zero window",
                props=("win>0", "no_ts", "flow_ts", "seq=snd_nxt", "ipid!0", "no_df"),
                ttl=ROUTER_TTL),
         Expect("server", 7180, "RA", {"client": 1, "server": 0}, "DATA_TRANSFER", "MIDDLEBOX",
                "POLICY_INJECTION", forged=True,
                note="the flurry's second RST, seq stepped 1460 past the first",
                props=("win>0", "no_ts", "flow_ts", "seq=snd_nxt+1460", "ipid!0", "no_df"),
                ttl=ROUTER_TTL),
         Expect("client", 7180, "R", {"client": 0, "server": 1}, "DATA_TRANSFER", "MIDDLEBOX",
                "POLICY_INJECTION", forged=True,
                note="toward the server in the client's name, TTL 64 against the client's 63",
                props=("win>0", "no_ts", "flow_ts", "seq=snd_nxt", "ipid!0", "no_df"),
                ttl=ROUTER_TTL),
         Expect("client", 7180, "RA", {"client": 0, "server": 1}, "DATA_TRANSFER", "MIDDLEBOX",
                "POLICY_INJECTION", forged=True,
                note="the flurry's second RST toward the server, seq stepped 1460",
                props=("win>0", "no_ts", "flow_ts", "seq=snd_nxt+1460", "ipid!0", "no_df"),
                ttl=ROUTER_TTL)]),
    Scenario(
        "fin-then-rst", [7190],
        "After the response the client sends a FIN (shutdown SHUT_WR) and 0.1 s later aborts with "
        "SO_LINGER 0.",
        run_fin_then_rst,
        [Expect("client", 7190, "RA", {"client": 1, "server": 1}, "TEARDOWN", "ENDPOINT",
                "FAST_TEARDOWN",
                note="RST|ACK right after the sender's own FIN; seq = SND.NXT counts the FIN",
                props=ACTIVE4 + ("after_fin",), ttl=endpoint_ttl("client"))]),
    Scenario(
        "challenge-ack", [7200],
        "The client exchanges one request, loses the connection without a packet (as after a "
        "crash), and connects again from the same port; the server's established connection "
        "answers the SYN with a challenge ACK (RFC 5961 §4), the client resets it, and the retried "
        "SYN opens a new connection.",
        run_challenge,
        [Expect("client", 7200, "R", {"client": 1, "server": 1}, "HANDSHAKE", "ENDPOINT",
                "CHALLENGE_ACK", "TIME_WAIT_REUSE",
                note="SYN -> ACK -> RST looks like TIME_WAIT reuse; here the old connection never "
                     "closed, so the ACK was the server's challenge",
                props=KERNEL_REPLY + ("seq=peer_ack",), ttl=endpoint_ttl("client"))]),
    Scenario(
        "ipv6", [7210, 7211],
        "IPv6: a SYN to the closed port 7210, then a connection to 7211 aborted with SO_LINGER 0 "
        "right after the handshake.",
        run_ipv6,
        [Expect("server", 7210, "RA", {"client": 1, "server": 1}, "HANDSHAKE", "ENDPOINT",
                "PORT_CLOSED", "FIREWALL_REJECT",
                note="hop limit 63 at the client: the server's own",
                props=PASSIVE + ("reply_to_syn",), ttl=endpoint_ttl("server")),
         Expect("client", 7211, "RA", {"client": 1, "server": 1}, "POST_HANDSHAKE", "ENDPOINT",
                "CLIENT_ABORT", note="active reset: seq = SND.NXT with timestamps",
                props=ACTIVE, ttl=endpoint_ttl("client"))]),
    Scenario(
        "router-reject-established", [7230],
        "One exchange on port 7230; then the router gains an iptables FORWARD rule rejecting the "
        "port with tcp-reset, and the client sends a second request on the established connection.",
        run_router_reject_established,
        [Expect("server", 7230, "R", {"client": 1, "server": 0}, "DATA_TRANSFER", "MIDDLEBOX",
                "FIREWALL_REJECT", forged=True,
                note="the router answers the request in the server's name: a closed socket's reply "
                     "(seq = the request's ack, window 0, IP ID 0, DF) with TTL 64 against 63",
                props=KERNEL_REPLY + ("seq=peer_ack",), ttl=ROUTER_TTL)]),
    Scenario(
        "conntrack-expiry", [7240],
        "The router tracks connections (established flows expire after 2 s, no loose pick-up) and "
        "rejects INVALID segments with tcp-reset. After one exchange the connection idles 4 s; the "
        "client's second request matches no flow and is rejected.",
        run_conntrack_expiry,
        [Expect("server", 7240, "R", {"client": 1, "server": 0}, "DATA_TRANSFER", "MIDDLEBOX",
                "IDLE_TIMEOUT", "FIREWALL_REJECT", forged=True,
                note="the firewall forgot the idle flow: its REJECT answers the first segment after "
                     "the silence, in the server's name, TTL 64 against 63",
                props=KERNEL_REPLY + ("seq=peer_ack",), ttl=ROUTER_TTL)]),
    # ---- a second family: a censor written apart from injector.py, and nftables beside iptables ----
    Scenario(
        "censor-type1", [7250],
        "The client requests GET /forbidden; censor.py on the router (scapy, the published type-1 "
        "fingerprint) sends each end one lone bare RST at the exact sequence number, with IP ID 0, "
        "DF clear, a random TTL and a random window. The server answers after 0.5 s into a reset "
        "connection.",
        run_censor_type1,
        censored(7250, "R", 1, "censor type 1: IP ID 0 without DF (the endpoints' packets carry DF), "
                 "a random TTL and window, right after the request",
                 ("win>0", "no_ts", "flow_ts", "seq=snd_nxt", "ipid0", "no_df"))),
    Scenario(
        "censor-type2", [7260],
        "As censor-type1, but censor.py sends each end the type-2 burst: three RST|ACK at X, "
        "X+1460 and X+4380, each with its own TTL and IP ID, DF clear.",
        run_censor_type2,
        censored(7260, "RA", 3, "one of the type-2 burst: seq stepped 0, 1460, 4380, TTL and IP ID "
                 "differ from one to the next, DF clear",
                 ("win>0", "no_ts", "flow_ts", "ipid!0", "no_df"))),
    Scenario(
        "censor-handshake", [7310, 7311],
        "A clean connection to 7310 first (the server's habits: TTL 63 at the client, DF on every "
        "packet); then the client connects to 7311, and censor.py, blocking that port, resets both "
        "ends as soon as the server's SYN/ACK passes: RST|ACK at the exact sequence number, IP ID 0, "
        "DF clear, a random TTL below the endpoints'.",
        run_censor_handshake,
        [Expect(sender, 7311, "RA", {to: 1, sender: 0}, "POST_HANDSHAKE", "MIDDLEBOX", "POLICY_INJECTION",
                forged=True,
                note=f"in the {sender}'s name, toward the {to}, right after the handshake: DF clear and IP "
                     f"ID 0 where the {sender}'s packets carry DF, a TTL below its own, no timestamps",
                props=("win>0", "no_ts", "flow_ts", "seq=snd_nxt", "ipid0", "no_df"))
         for sender, to in (("server", "client"), ("client", "server"))]),
    Scenario(
        "nft-router-reject", [7270, 7271],
        "As router-reject, with nftables: a clean connection to 7270, then a SYN to 7271, which the "
        "router's `reject with tcp reset` rule (inet table, forward hook) answers.",
        run_nft_router_reject,
        [Expect("server", 7271, "RA", {"client": 1, "server": 0}, "HANDSHAKE", "MIDDLEBOX",
                "FIREWALL_REJECT", forged=True,
                note="nftables' reject in the server's name; TTL 64 against the server's 63",
                props=KERNEL_REPLY + ("reply_to_syn",), ttl=ROUTER_TTL)]),
    Scenario(
        "nft-reject-established", [7280],
        "As router-reject-established, with nftables: after one exchange the router gains a "
        "`reject with tcp reset` rule for the port, and the client's second request meets it.",
        run_nft_reject_established,
        [Expect("server", 7280, "R", {"client": 1, "server": 0}, "DATA_TRANSFER", "MIDDLEBOX",
                "FIREWALL_REJECT", forged=True,
                note="nftables answers the request in the server's name: seq = the request's ack, "
                     "window 0, IP ID 0, DF, TTL 64 against 63",
                props=KERNEL_REPLY + ("seq=peer_ack",), ttl=ROUTER_TTL)]),
    Scenario(
        "nft-conntrack-expiry", [7290],
        "A stateful nftables router: established flows expire after 2 s, and a segment that opens a "
        "new conntrack entry without being a SYN (`ct state new`, loose pick-up on) is rejected "
        "with tcp reset. After one exchange the connection idles 4 s; the client's second request "
        "finds the flow forgotten.",
        run_nft_conntrack_expiry,
        [Expect("server", 7290, "R", {"client": 1, "server": 0}, "DATA_TRANSFER", "MIDDLEBOX",
                "IDLE_TIMEOUT", "FIREWALL_REJECT", forged=True,
                note="the firewall forgot the idle flow and rejects the first segment after the "
                     "silence in the server's name, TTL 64 against 63",
                props=KERNEL_REPLY + ("seq=peer_ack",), ttl=ROUTER_TTL)]),
    Scenario(
        "nft-conntrack-drop", [7300],
        "Negative control: the nft-conntrack-expiry router dropping instead of rejecting. After "
        "4 s of silence the client's data is dropped at the router; it gives up silently "
        "(TCP_USER_TIMEOUT 2 s) and the server goes away silently.",
        run_nft_conntrack_drop, [],
        must_not="no RST: a dropping firewall and a silent give-up leave none"),
]

BY_NAME = {s.name: s for s in SCENARIOS}


def capture_filter(s):
    return "tcp and (" + " or ".join(f"port {p}" for p in s.ports) + ")"


if __name__ == "__main__":
    if sys.argv[1] == "list":
        for s in SCENARIOS:
            print(f"{s.name}\t{capture_filter(s)}")
    elif sys.argv[1] == "run":
        net = Net()
        try:
            BY_NAME[sys.argv[2]].run(net)
        finally:
            net.close()
