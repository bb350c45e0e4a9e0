"""A small on-path RST injector for the router namespace.

    injector.py idle SECONDS PORT       reset both ends of a connection idle for SECONDS
    injector.py policy KEYWORD PORT     reset both ends when the client sends KEYWORD

It watches the frames arriving on both router interfaces with AF_PACKET sockets (it sees each
packet, it does not hold it: the kernel forwards the packet anyway, as a tap or mirror port would
let it) and writes forged RSTs with a raw IPPROTO_RAW socket. The forged packets carry the router's
own TTL (64, one hop less travelled than the real endpoints' packets arrive with), a non-zero IP
ID without DF, and no TCP timestamp option, because the injector does not know the endpoints'
clocks: these are the traces rstscope is meant to notice.

`idle` behaves like a stateful firewall or NAT expiring a quiet connection: one RST|ACK toward each
end, in sequence exactly where that end expects it, window 0. `policy` behaves like a censoring
middlebox reacting to a request: toward each end a bare RST with the exact sequence number and
then an RST|ACK 1460 bytes further on (a "flurry" with stepped sequence numbers), window 0x2000.
"""

import select
import socket
import struct
import sys
import time

from endpoints import tcp_packet

ETH_P_IP = 0x0800
PACKET_OUTGOING = 4
TTL = 64


class Flow:
    """What a stateful middlebox keeps per connection: each side's next sequence number."""

    def __init__(self, client, server):
        self.client, self.server = client, server  # (address, port)
        self.next_from = {}  # side -> next sequence number that side will send
        self.last = time.monotonic()
        self.done = False


def parse(frame):
    """(src, dst, sport, dport, seq, ack, flags, payload) of an Ethernet/IPv4/TCP frame, or None."""
    if len(frame) < 34 or frame[12:14] != b"\x08\x00" or frame[23] != 6:
        return None
    ihl = (frame[14] & 0x0F) * 4
    total = struct.unpack("!H", frame[16:18])[0]
    l4 = 14 + ihl
    if len(frame) < l4 + 20:
        return None
    sport, dport, seq, ack, offx, flags = struct.unpack("!HHIIBB", frame[l4:l4 + 14])
    doff = (offx >> 4) * 4
    payload = frame[l4 + doff:14 + total]
    src, dst = socket.inet_ntoa(frame[26:30]), socket.inet_ntoa(frame[30:34])
    return src, dst, sport, dport, seq, ack, flags, payload


def main(mode, arg, port):
    port = int(port)
    taps = []
    for ifname in ("rc", "rs"):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_IP))
        s.bind((ifname, 0))
        taps.append(s)
    out = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    flows = {}
    ip_id = [0x5A00]

    def send(src, dst, sport, dport, seq, ack, flags, window):
        ip_id[0] += 1
        pkt = tcp_packet(src[0], dst[0], src[1], dst[1], seq, ack, flags, window, TTL, ip_id[0])
        out.sendto(pkt, (dst[0], 0))

    def reset_both(flow, flurry):
        c, s = flow.client, flow.server
        c_next, s_next = flow.next_from.get("c", 0), flow.next_from.get("s", 0)
        if flurry:
            for step, flags in ((0, 0x04), (1460, 0x14)):
                send(s, c, s[1], c[1], s_next + step, c_next, flags, 0x2000)
                send(c, s, c[1], s[1], c_next + step, s_next, flags, 0x2000)
        else:
            send(s, c, s[1], c[1], s_next, c_next, 0x14, 0)
            send(c, s, c[1], s[1], c_next, s_next, 0x14, 0)
        flow.done = True
        print(f"injected {mode} resets for {c[0]}:{c[1]} - {s[0]}:{s[1]}", flush=True)

    print("ready", flush=True)
    while True:
        ready, _, _ = select.select(taps, [], [], 0.05)
        now = time.monotonic()
        for tap in ready:
            frame, meta = tap.recvfrom(65535)
            if meta[2] == PACKET_OUTGOING:
                continue  # each forwarded packet is seen once, arriving
            p = parse(frame)
            if p is None:
                continue
            src, dst, sport, dport, seq, ack, flags, payload = p
            if port not in (sport, dport) or flags & 0x04:
                continue
            side = "c" if dport == port else "s"
            client = (src, sport) if side == "c" else (dst, dport)
            server = (dst, dport) if side == "c" else (src, sport)
            flow = flows.setdefault((client, server), Flow(client, server))
            if flow.done:
                continue
            end = (seq + len(payload) + (flags & 0x01) + ((flags >> 1) & 1)) & 0xFFFFFFFF
            before = flow.next_from.get(side)
            if before is None or (end - before) & 0xFFFFFFFF < 0x80000000:
                flow.next_from[side] = end  # serial-number max (RFC 1982): keep-alives step back
            flow.last = now
            if mode == "policy" and side == "c" and arg.encode() in payload:
                reset_both(flow, flurry=True)
        if mode == "idle":
            for flow in flows.values():
                if not flow.done and len(flow.next_from) == 2 and now - flow.last > float(arg):
                    reset_both(flow, flurry=False)


if __name__ == "__main__":
    main(*sys.argv[1:])
