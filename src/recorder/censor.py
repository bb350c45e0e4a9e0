"""A censor on the router, written apart from injector.py: scapy instead of hand-packed bytes, one
capture interface instead of two, and the fingerprints published for real censors instead of the
ones of a stateful firewall.

    censor.py type1 KEYWORD PORT    one lone bare RST to each end when the client sends KEYWORD
    censor.py type2 KEYWORD PORT    three RST|ACK to each end at X, X+1460, X+4380
    censor.py handshake - PORT      one RST|ACK to each end as soon as the server's SYN/ACK passes

Run with Debian's /usr/bin/python3 (python3-scapy; `record` installs it when missing). It prints
"ready" once it listens and "injected ..." after each injection.

What it imitates, and where that is described:
- type1: the "type-1" reset of the Great Firewall as measured by Weaver, Sommer and Paxson
  (Detecting Forged TCP Reset Packets, NDSS 2009) and by Wang et al. (Your State is Not Mine,
  IMC 2017): a single RST without ACK, IP ID 0, DF clear, a random TTL and a random window. The
  sequence number is the exact one the receiver expects, as an on-path censor that sees the flow
  can write it.
- type2: the "type-2" burst (same papers; also gfw-report's regional-censorship write-ups): three
  RST|ACK whose sequence numbers are X, X+1460 and X+4380 (to land in the window even if the
  first segment was already acknowledged), each with its own TTL and IP ID, DF clear.
- handshake: a censor that blocks a server by address and port rather than by content, and resets
  the connection as soon as the server's SYN/ACK shows it open (IP:port blocking resets, gfw-report).
  Each end gets one RST|ACK at its exact sequence number, IP ID 0, DF clear. Its random TTL is drawn
  below the endpoints' 63, so that the TTL alone says only "off the baseline": what tells the reset
  toward the client from the server's own is the server's DF and IP-ID habits across the capture, for
  the connection holds only its SYN/ACK.

It watches only the client-side interface `rc`: every packet of the connection crosses it once,
the client's arriving and the server's leaving, so each side's next sequence number is known
without the double view injector.py has to filter. The forged packets are handed to the kernel's
layer-3 path by scapy's `send` (a raw socket), so they leave the router like its own packets would,
and never pass its netfilter FORWARD chain.
"""

import random
import sys

from scapy.all import IP, TCP, conf, send, sniff  # noqa: E402  (Debian python3-scapy)

STEPS_TYPE2 = (0, 1460, 4380)


def log(text):
    print(text, flush=True)


class Censor:
    def __init__(self, mode, keyword, port):
        self.mode = mode
        self.keyword = keyword.encode()
        self.port = int(port)
        self.next = {}  # (src, sport) -> next sequence number that endpoint will send
        self.done = set()  # connections already reset
        self.rng = random.Random()

    def seen(self, pkt):
        if IP not in pkt or TCP not in pkt:
            return
        ip, tcp = pkt[IP], pkt[TCP]
        if self.port not in (tcp.sport, tcp.dport) or tcp.flags.R:
            return
        me = (ip.src, tcp.sport)
        end = (tcp.seq + len(bytes(tcp.payload)) + (1 if tcp.flags.S else 0) + (1 if tcp.flags.F else 0)) & 0xFFFFFFFF
        old = self.next.get(me)
        if old is None or 0 < (end - old) & 0xFFFFFFFF < 0x80000000:
            self.next[me] = end
        conn = frozenset((me, (ip.dst, tcp.dport)))
        if self.mode == "handshake":
            if tcp.sport == self.port and tcp.flags.S and tcp.flags.A and conn not in self.done:
                self.done.add(conn)
                server, client = me, (ip.dst, tcp.dport)
                self.next[client] = tcp.ack  # the client's ISN+1, which the SYN/ACK acknowledges
                self.inject(server, client)
                self.inject(client, server)
                log(f"injected {self.mode} resets for {client[0]}:{client[1]} - {server[0]}:{server[1]}")
            return
        if tcp.dport == self.port and self.keyword in bytes(tcp.payload) and conn not in self.done:
            self.done.add(conn)
            client, server = me, (ip.dst, tcp.dport)
            self.inject(server, client)  # toward the client, in the server's name
            self.inject(client, server)  # toward the server, in the client's name
            log(f"injected {self.mode} resets for {client[0]}:{client[1]} - {server[0]}:{server[1]}")

    def inject(self, claimed, to):
        seq = self.next.get(claimed, 0)
        ack = self.next.get(to, 0)
        if self.mode == "handshake":
            pkt = IP(src=claimed[0], dst=to[0], id=0, flags=0, ttl=self.rng.randrange(32, 62)) / TCP(
                sport=claimed[1], dport=to[1], seq=seq, ack=ack, flags="RA", window=self.rng.randrange(1, 65536))
            send(pkt, verbose=False)
        elif self.mode == "type1":
            # TTL drawn away from 64 and 63, the router's and the endpoints' own, so that the label can
            # say which of the two the reset is not; a real censor draws from the whole range.
            ttl = self.rng.choice([t for t in range(32, 250) if t not in (63, 64)])
            pkt = IP(src=claimed[0], dst=to[0], id=0, flags=0, ttl=ttl) / TCP(
                sport=claimed[1], dport=to[1], seq=seq, flags="R", window=self.rng.randrange(1, 65536))
            send(pkt, verbose=False)
        else:
            ttls = self.rng.sample([t for t in range(40, 250) if t not in (63, 64)], 3)
            burst = []
            for step, ttl in zip(STEPS_TYPE2, ttls):
                burst.append(IP(src=claimed[0], dst=to[0], id=self.rng.randrange(1, 65536), flags=0, ttl=ttl)
                             / TCP(sport=claimed[1], dport=to[1], seq=(seq + step) & 0xFFFFFFFF, ack=ack,
                                   flags="RA", window=self.rng.randrange(1, 65536)))
            send(burst, verbose=False)


def main(mode, keyword, port):
    if mode not in ("type1", "type2", "handshake"):
        raise SystemExit(f"censor: unknown mode {mode!r}, expected type1, type2 or handshake")
    conf.verb = 0
    censor = Censor(mode, keyword, port)
    started = []

    def ready():
        if not started:
            started.append(True)
            log("ready")

    sniff(iface="rc", filter=f"tcp port {int(port)}", prn=censor.seen, store=False, started_callback=ready)


if __name__ == "__main__":
    main(*sys.argv[1:])
