"""Labels the recorded RSTs and checks every label against the packets.

    verify.py OUTDIR [--kernel VERSION] [--write]

For each scenario it reads OUTDIR/<scenario>/client.pcap and server.pcap, matches every RST to
exactly one expected RST of scenarios.py, checks the counts per vantage point, the TTL and the
listed properties, and the scenario's facts. With --write, and only if everything holds, it writes
OUTDIR/labels.tsv and OUTDIR/README.md. It prints a summary table and exits 1 if anything failed.
"""

import os
import sys
from collections import defaultdict

import pcapfile
from pcapfile import ACK, FIN, RST, SYN, flag_text
from scenarios import SCENARIOS, Scenario

CLIENT_ADDRS = {"10.77.1.2", "fd77:1::2"}
VANTAGES = ("client", "server")
COLUMNS = ["scenario", "vantage", "frame", "orig_h", "orig_p", "resp_h", "resp_p", "stage",
           "sender", "origin", "cause", "alt_cause", "forged", "note"]


def serial_after(a, b):
    """a comes after b in sequence space (RFC 1982)."""
    return a != b and (a - b) & 0xFFFFFFFF < 0x80000000


class Context:
    """The packets of an RST's connection that the capture holds before it."""

    def __init__(self, pkts, rst):
        self.rst = rst
        self.me = (rst.src, rst.sport)
        self.peer = (rst.dst, rst.dport)
        self.prior = [p for p in pkts[:rst.frame - 1] if p.tcp and p.key() == rst.key()]

    def last_from(self, who, pred=lambda p: True):
        for p in reversed(self.prior):
            if (p.src, p.sport) == who and pred(p):
                return p
        return None

    def isn(self, who):
        syn = self.last_from(who, lambda p: p.has(SYN))
        return syn.seq if syn else None

    def snd_nxt(self, who):
        syn = self.last_from(who, lambda p: p.has(SYN))
        start = self.prior.index(syn) if syn else 0
        best = None
        for p in self.prior[start:]:
            if (p.src, p.sport) == who and not p.has(RST):
                end = (p.seq + p.seg_len) & 0xFFFFFFFF
                if best is None or serial_after(end, best):
                    best = end
        return best


def check_prop(prop, ctx):
    """(ok, detail) for one property of the RST."""
    r = ctx.rst
    if prop == "win0":
        return r.window == 0, f"window {r.window}"
    if prop == "win>0":
        return r.window > 0, f"window {r.window}"
    if prop == "ts":
        return r.tsval is not None, "timestamp option " + ("present" if r.tsval is not None else "absent")
    if prop == "no_ts":
        return r.tsval is None, "timestamp option " + ("present" if r.tsval is not None else "absent")
    if prop == "flow_ts":
        syn = ctx.last_from(ctx.me, lambda p: p.has(SYN)) or ctx.last_from(ctx.peer, lambda p: p.has(SYN))
        ok = syn is not None and 8 in syn.options
        return ok, "the flow's SYN " + ("carries" if ok else "lacks") + " timestamps"
    if prop == "ipid0":
        return r.ip_id == 0, f"IP ID {r.ip_id}"
    if prop == "ipid!0":
        return r.ip_id not in (0, None), f"IP ID {r.ip_id}"
    if prop == "df":
        return r.df, "DF " + ("set" if r.df else "clear")
    if prop == "no_df":
        return not r.df, "DF " + ("set" if r.df else "clear")
    if prop == "reply_to_syn":
        syn = ctx.last_from(ctx.peer, lambda p: p.has(SYN))
        if syn is None:
            return False, "no SYN from the peer before it"
        want = (syn.seq + syn.seg_len) & 0xFFFFFFFF
        return r.seq == 0 and r.ack == want, f"seq {r.seq} ack {r.ack}, SYN seq {syn.seq} -> ack {want}"
    if prop == "seq=isn+1":
        isn = ctx.isn(ctx.me)
        return isn is not None and r.seq == (isn + 1) & 0xFFFFFFFF, f"seq {r.seq}, ISN {isn}"
    if prop.startswith("seq=snd_nxt"):
        step = int(prop.partition("+")[2] or 0)
        nxt = ctx.snd_nxt(ctx.me)
        return nxt is not None and r.seq == (nxt + step) & 0xFFFFFFFF, f"seq {r.seq}, SND.NXT {nxt}"
    if prop == "seq=peer_ack":
        p = ctx.last_from(ctx.peer, lambda p: p.has(ACK))
        return p is not None and r.seq == p.ack, f"seq {r.seq}, peer's last ack {p.ack if p else None}"
    if prop == "after_third_ack":
        client = ctx.peer if r.src not in CLIENT_ADDRS else ctx.me
        server = ctx.me if client == ctx.peer else ctx.peer
        isn = ctx.isn(server)
        last = ctx.last_from(client)
        ok = (last is not None and isn is not None and last.flags == ACK and last.payload_len == 0
              and last.ack == (isn + 1) & 0xFFFFFFFF)
        return ok, f"client's last packet before it: {last}"
    if prop == "after_fin":
        ok = any(p.has(FIN) for p in ctx.prior[-20:])
        return ok, "a FIN precedes it" if ok else "no FIN before it"
    if prop.startswith("idle>="):
        gap = r.ts - ctx.prior[-1].ts if ctx.prior else 0.0
        return gap >= float(prop[6:]), f"{gap:.2f} s since the connection's previous packet"
    raise ValueError(f"unknown property {prop!r}")


def tuple_of(r):
    if r.src in CLIENT_ADDRS:
        return (r.src, r.sport, r.dst, r.dport)
    return (r.dst, r.dport, r.src, r.sport)


def matches(e, r):
    sender = "client" if r.src in CLIENT_ADDRS else "server"
    orig_h, orig_p, resp_h, resp_p = tuple_of(r)
    return (flag_text(r.flags) == e.flags and sender == e.sender and resp_p == e.server_port
            and (e.client_ports is None or orig_p in e.client_ports))


def verify_scenario(s: Scenario, outdir):
    """(rows, problems, fact results) for one scenario."""
    rows, problems, facts = [], [], []
    caps = {}
    for v in VANTAGES:
        path = os.path.join(outdir, s.name, f"{v}.pcap")
        if not os.path.exists(path):
            problems.append(f"{path} missing")
            return rows, problems, facts
        caps[v] = pcapfile.read(path)
    for v in VANTAGES:
        counts = defaultdict(int)
        for r in caps[v]:
            if not (r.tcp and r.has(RST)):
                continue
            hits = [e for e in s.expects if matches(e, r)]
            if len(hits) != 1:
                problems.append(f"{v} {r}: matches {len(hits)} expected RSTs, not 1")
                continue
            e = hits[0]
            counts[id(e)] += 1
            ctx = Context(caps[v], r)
            if e.ttl and r.ttl != e.ttl[v]:
                problems.append(f"{v} {r}: TTL {r.ttl}, expected {e.ttl[v]}")
            for prop in e.props:
                ok, detail = check_prop(prop, ctx)
                if not ok:
                    problems.append(f"{v} {r}: {prop} does not hold ({detail})")
            orig_h, orig_p, resp_h, resp_p = tuple_of(r)
            rows.append([s.name, v, str(r.frame), orig_h, str(orig_p), resp_h, str(resp_p), e.stage,
                         e.sender.upper(), e.origin, e.cause, e.alt_cause,
                         "true" if e.forged else "false", e.note])
        for e in s.expects:
            if counts[id(e)] != e.seen[v]:
                problems.append(f"{v}: {counts[id(e)]} RSTs [{e.flags}] from the {e.sender} on port "
                                f"{e.server_port}, expected {e.seen[v]}")
    for fact in s.facts:
        for text, ok, detail in fact(caps):
            facts.append((text, ok, detail))
            if not ok:
                problems.append(f"fact does not hold: {text} ({detail})")
    return rows, problems, facts


def main(argv):
    outdir = argv[0]
    kernel = argv[argv.index("--kernel") + 1] if "--kernel" in argv else os.uname().release
    only = [a for a in argv[1:] if a in {s.name for s in SCENARIOS}]
    all_rows, all_facts, failed = [], {}, False
    print(f"{'scenario':22} {'client':>6} {'server':>6}  result")
    for s in SCENARIOS:
        if only and s.name not in only:
            continue
        rows, problems, facts = verify_scenario(s, outdir)
        all_rows += rows
        all_facts[s.name] = facts
        n = {v: sum(1 for r in rows if r[1] == v) for v in VANTAGES}
        print(f"{s.name:22} {n['client']:>6} {n['server']:>6}  {'ok' if not problems else 'FAILED'}")
        for p in problems:
            print(f"    {p}")
        failed |= bool(problems)
    if failed:
        print("some labels do not hold; labels.tsv and README.md left unchanged", file=sys.stderr)
        return 1
    if "--write" in argv:
        with open(os.path.join(outdir, "labels.tsv"), "w") as f:
            f.write("\t".join(COLUMNS) + "\n")
            for row in all_rows:
                f.write("\t".join(row) + "\n")
        import readme
        with open(os.path.join(outdir, "README.md"), "w") as f:
            f.write(readme.render(SCENARIOS, all_rows, all_facts, kernel))
    print(f"{len(all_rows)} labelled RSTs hold on the wire")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
