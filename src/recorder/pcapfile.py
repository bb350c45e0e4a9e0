"""A tiny reader for the pcap files tcpdump writes here: Ethernet, IPv4/IPv6, TCP.

The recorder checks every label against the packets with this reader, so the check does not depend
on the library it is meant to test. Every header is read only after checking that the captured
bytes hold it; a frame that is not Ethernet/IP/TCP is kept with tcp = None.
"""

import ipaddress
import struct
from dataclasses import dataclass, field
from typing import List, Optional

FIN, SYN, RST, PSH, ACK, URG = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20
FLAG_LETTERS = [(SYN, "S"), (FIN, "F"), (RST, "R"), (PSH, "P"), (ACK, "A"), (URG, "U")]


def flag_text(flags: int) -> str:
    """tcpdump-like flag letters, e.g. 'RA' for RST|ACK."""
    return "".join(letter for bit, letter in FLAG_LETTERS if flags & bit) or "."


@dataclass
class Packet:
    frame: int  # 1-based, as tshark numbers frames
    ts: float
    caplen: int
    wirelen: int
    version: int = 0
    src: str = ""
    dst: str = ""
    ttl: int = -1  # TTL or hop limit
    ip_id: Optional[int] = None  # None for IPv6
    df: bool = False
    tcp: bool = False
    sport: int = 0
    dport: int = 0
    seq: int = 0
    ack: int = 0
    flags: int = 0
    window: int = 0
    urgptr: int = 0
    options: dict = field(default_factory=dict)  # kind -> raw bytes
    payload_len: int = 0  # from the IP lengths, not the captured bytes
    payload: bytes = b""  # what the snap length kept

    def has(self, flag: int) -> bool:
        return bool(self.flags & flag)

    @property
    def seg_len(self) -> int:
        """Sequence space the segment occupies (payload + SYN + FIN)."""
        return self.payload_len + (1 if self.has(SYN) else 0) + (1 if self.has(FIN) else 0)

    @property
    def tsval(self) -> Optional[int]:
        raw = self.options.get(8)
        return struct.unpack("!I", raw[:4])[0] if raw and len(raw) >= 8 else None

    def key(self):
        """Direction-free connection key."""
        a, b = (self.src, self.sport), (self.dst, self.dport)
        return (a, b) if a <= b else (b, a)

    def __str__(self) -> str:
        return (f"#{self.frame} {self.src}:{self.sport} > {self.dst}:{self.dport} "
                f"[{flag_text(self.flags)}] seq={self.seq} ack={self.ack} win={self.window} "
                f"len={self.payload_len} ttl={self.ttl} id={self.ip_id}")


def _options(raw: bytes) -> dict:
    out, i = {}, 0
    while i < len(raw):
        kind = raw[i]
        if kind == 0:
            break
        if kind == 1:
            i += 1
            continue
        if i + 1 >= len(raw) or raw[i + 1] < 2 or i + raw[i + 1] > len(raw):
            break  # a bad length ends option parsing rather than the packet
        out[kind] = raw[i + 2:i + raw[i + 1]]
        i += raw[i + 1]
    return out


def _decode(p: Packet, data: bytes) -> None:
    if len(data) < 14:
        return
    ethertype = struct.unpack("!H", data[12:14])[0]
    off = 14
    while ethertype in (0x8100, 0x88A8) and len(data) >= off + 4:
        ethertype = struct.unpack("!H", data[off + 2:off + 4])[0]
        off += 4
    if ethertype == 0x0800 and len(data) >= off + 20:
        ihl = (data[off] & 0x0F) * 4
        total = struct.unpack("!H", data[off + 2:off + 4])[0]
        p.version, p.ttl, proto = 4, data[off + 8], data[off + 9]
        p.ip_id = struct.unpack("!H", data[off + 4:off + 6])[0]
        p.df = bool(data[off + 6] & 0x40)
        p.src = str(ipaddress.IPv4Address(data[off + 12:off + 16]))
        p.dst = str(ipaddress.IPv4Address(data[off + 16:off + 20]))
        l4, l4_len = off + ihl, total - ihl
    elif ethertype == 0x86DD and len(data) >= off + 40:
        plen = struct.unpack("!H", data[off + 4:off + 6])[0]
        p.version, proto, p.ttl = 6, data[off + 6], data[off + 7]
        p.src = str(ipaddress.IPv6Address(data[off + 8:off + 24]))
        p.dst = str(ipaddress.IPv6Address(data[off + 24:off + 40]))
        l4, l4_len = off + 40, plen
    else:
        return
    if proto != 6 or len(data) < l4 + 20:
        return
    sport, dport, seq, ack, offx, flags, win, _csum, urg = struct.unpack("!HHIIBBHHH", data[l4:l4 + 20])
    doff = (offx >> 4) * 4
    p.tcp = True
    p.sport, p.dport, p.seq, p.ack, p.flags, p.window, p.urgptr = sport, dport, seq, ack, flags, win, urg
    p.options = _options(data[l4 + 20:min(l4 + doff, len(data))])
    p.payload_len = max(0, l4_len - doff)
    p.payload = data[l4 + doff:]


def read(path: str) -> List[Packet]:
    """All frames of a pcap file (either byte order, µs or ns)."""
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 24:
        raise ValueError(f"{path}: {len(blob)} bytes, a pcap header needs 24")
    magic = blob[:4]
    endian = {b"\xd4\xc3\xb2\xa1": "<", b"\x4d\x3c\xb2\xa1": "<",
              b"\xa1\xb2\xc3\xd4": ">", b"\xa1\xb2\x3c\x4d": ">"}.get(magic)
    if endian is None:
        raise ValueError(f"{path}: magic {magic.hex()} is not pcap")
    nanos = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    linktype = struct.unpack(endian + "I", blob[20:24])[0]
    if linktype != 1:
        raise ValueError(f"{path}: link type {linktype}, expected 1 (Ethernet)")
    packets, off, frame = [], 24, 0
    while off + 16 <= len(blob):
        sec, frac, caplen, wirelen = struct.unpack(endian + "IIII", blob[off:off + 16])
        if off + 16 + caplen > len(blob):
            raise ValueError(f"{path}: frame {frame + 1} at byte {off} claims {caplen} bytes, "
                             f"{len(blob) - off - 16} left")
        frame += 1
        p = Packet(frame, sec + frac / (1e9 if nanos else 1e6), caplen, wirelen)
        _decode(p, blob[off + 16:off + 16 + caplen])
        packets.append(p)
        off += 16 + caplen
    return packets
