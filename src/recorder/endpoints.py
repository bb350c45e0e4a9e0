"""The programs that run inside the client and server namespaces, one role per function.

Run as `python3 endpoints.py ROLE ARG...` inside a namespace (scenarios.py does that through
`ip netns exec`). Servers print "ready" once they listen. Roles that must wait for something the
orchestrator does (a firewall rule, a healed path) print a step name and read one line from stdin
before going on, so the timing is set by events, not by guesses.

Only real sockets are used, except `odd-syns`, which has to write SYNs no socket API can produce.
"""

import errno
import socket
import struct
import sys
import time

CLIENT4, SERVER4 = "10.77.1.2", "10.77.2.2"
CLIENT6, SERVER6 = "fd77:1::2", "fd77:2::2"
TCP_REPAIR = 19  # linux/tcp.h; not exported by the socket module

REQUEST = b"GET /index.html\n"
RESPONSE = b"200 here it is\n"


def say(word):
    print(word, flush=True)


def wait_for(step):
    """Tell the orchestrator we reached `step` and wait until it says go on."""
    say(step)
    sys.stdin.readline()


def family(fam):
    return socket.AF_INET6 if fam == "6" else socket.AF_INET


def addrs(fam):
    return (CLIENT6, SERVER6) if fam == "6" else (CLIENT4, SERVER4)


def listener(port, fam="4", backlog=8):
    s = socket.socket(family(fam), socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addrs(fam)[1], int(port)))
    s.listen(int(backlog))
    return s


def client_socket(cport, fam="4"):
    s = socket.socket(family(fam), socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addrs(fam)[0], int(cport)))
    s.settimeout(10)
    return s


def connect(cport, sport, fam="4"):
    s = client_socket(cport, fam)
    s.connect((addrs(fam)[1], int(sport)))
    return s


def linger0(s):
    """SO_LINGER on with a zero timeout: close() aborts with an RST (RFC 9293 ABORT call)."""
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def silent_close(s):
    """Close without sending anything, as a crashed or unplugged host would: a socket in
    TCP_REPAIR mode is torn down with no FIN and no RST."""
    s.setsockopt(socket.IPPROTO_TCP, TCP_REPAIR, 1)
    s.close()


def recv_line(s):
    data = b""
    while not data.endswith(b"\n"):
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def recv_outcome(s, size=4096):
    """What a blocking recv() ends with: the data, 'eof', or the error name."""
    try:
        data = s.recv(size)
        return data if data else "eof"
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e)) if e.errno else type(e).__name__


def drain_to_eof(s):
    while True:
        out = recv_outcome(s)
        if not isinstance(out, bytes):
            return out


# ---- servers ----------------------------------------------------------------------------------

def server_echo(port, fam="4", count="1"):
    """Answers one request line per connection, then closes after the client does: clean."""
    ls = listener(port, fam)
    say("ready")
    for _ in range(int(count)):
        c, _ = ls.accept()
        c.settimeout(10)
        recv_line(c)
        c.sendall(RESPONSE)
        drain_to_eof(c)
        c.close()


def listen_only(port, fam="4"):
    """A listener nobody is expected to reach (or whose SYNs are only probed); killed at the end."""
    ls = listener(port, fam)
    say("ready")
    time.sleep(60)


def accept_until_reset(port, fam="4"):
    """Accepts one connection and reads until it ends; prints how it ended."""
    ls = listener(port, fam)
    say("ready")
    c, _ = ls.accept()
    c.settimeout(15)
    say(drain_to_eof(c))
    c.close()


def backlog_server(port, backlog, accept_after):
    """listen(backlog) and no accept() for a while: the accept queue holds backlog+1
    connections; with net.ipv4.tcp_abort_on_overflow=1 the kernel resets a handshake whose third
    ACK finds it full. Afterwards it accepts the ones that fit; their clients close them."""
    ls = listener(port, "4", backlog=int(backlog))
    say("ready")
    time.sleep(float(accept_after))
    ls.settimeout(2)
    for _ in range(int(backlog) + 1):
        c, _ = ls.accept()
        c.settimeout(5)
        drain_to_eof(c)
        c.close()


def time_wait_server(port, size):
    """Reads `size` bytes, then closes first: this side keeps the tuple in TIME_WAIT. Then it
    serves the client's second connection on the same tuple."""
    ls = listener(port)
    say("ready")
    c, _ = ls.accept()
    c.settimeout(10)
    got = 0
    while got < int(size):
        chunk = c.recv(1 << 20)
        if not chunk:
            break
        got += len(chunk)
    c.close()
    c, _ = ls.accept()
    c.settimeout(10)
    drain_to_eof(c)
    c.close()


def unread_server(port):
    """Reads only the first 16 bytes of the request and closes: the rest is unread, so the
    kernel aborts the connection with an RST instead of a FIN (RFC 2525 §2.17)."""
    ls = listener(port)
    say("ready")
    c, _ = ls.accept()
    c.recv(16)
    time.sleep(0.3)  # let the whole request arrive, so the unread data is really there
    c.close()
    time.sleep(0.5)


def close_early_server(port):
    """Sends a goodbye line and closes at once, without reading anything."""
    ls = listener(port)
    say("ready")
    c, _ = ls.accept()
    c.sendall(b"bye\n")
    c.close()
    time.sleep(2)


def exchange_then_hold(port, ending):
    """Answers one request, then waits for the orchestrator; `ending` says what happens then:
    'silent' closes without a packet, 'reply' sends one more line and reads until the end."""
    ls = listener(port)
    say("ready")
    c, _ = ls.accept()
    c.settimeout(20)
    recv_line(c)
    c.sendall(RESPONSE)
    wait_for("holding")
    if ending == "silent":
        silent_close(c)
    else:
        c.sendall(b"late reply\n")
        say(drain_to_eof(c))
        c.close()


def exchange_then_read(port, fam="4"):
    """Answers one request, then reads until the connection ends (EOF or reset)."""
    ls = listener(port, fam)
    say("ready")
    c, _ = ls.accept()
    c.settimeout(20)
    recv_line(c)
    c.sendall(RESPONSE)
    say(drain_to_eof(c))
    c.close()


def idle_abort_server(port, idle):
    """Answers one request, then drops the connection with SO_LINGER 0 when the client has been
    quiet for `idle` seconds, as connection pools and app servers do."""
    ls = listener(port)
    say("ready")
    c, _ = ls.accept()
    recv_line(c)
    c.sendall(RESPONSE)
    c.settimeout(float(idle))
    try:
        c.recv(4096)
    except socket.timeout:
        linger0(c)
    c.close()


def slow_reply_server(port, delay):
    """Reads the request and answers only after `delay` seconds."""
    ls = listener(port)
    say("ready")
    c, _ = ls.accept()
    c.settimeout(10)
    recv_line(c)
    time.sleep(float(delay))
    try:
        c.sendall(RESPONSE)
        say(drain_to_eof(c))
    except OSError as e:
        say(errno.errorcode.get(e.errno, str(e)))
    c.close()


def half_close_server(port):
    """Answers one request, then reads to the client's FIN and waits without closing."""
    ls = listener(port)
    say("ready")
    c, _ = ls.accept()
    c.settimeout(10)
    recv_line(c)
    c.sendall(RESPONSE)
    say(drain_to_eof(c))
    time.sleep(0.5)
    c.close()


def two_connections_server(port):
    """Serves a first connection that the client later forgets, then its successor."""
    ls = listener(port)
    say("ready")
    c1, _ = ls.accept()
    c1.settimeout(10)
    recv_line(c1)
    c1.sendall(RESPONSE)
    say(drain_to_eof(c1))  # ends with the RST that answers the challenge ACK
    c1.close()
    c2, _ = ls.accept()
    c2.settimeout(10)
    recv_line(c2)
    c2.sendall(RESPONSE)
    drain_to_eof(c2)
    c2.close()


# ---- clients ----------------------------------------------------------------------------------

def client_request(cport, sport, fam="4"):
    """One request, one response, orderly close."""
    s = connect(cport, sport, fam)
    s.sendall(REQUEST)
    recv_line(s)
    s.close()


def client_refused(cport, sport, fam="4"):
    s = client_socket(cport, fam)
    try:
        s.connect((addrs(fam)[1], int(sport)))
        say("connected")
    except OSError as e:
        say(errno.errorcode.get(e.errno, str(e)))
    s.close()


def client_linger0(cport, sport, fam="4"):
    """Connects and aborts right after the handshake, sending nothing."""
    s = connect(cport, sport, fam)
    time.sleep(0.05)
    linger0(s)
    s.close()


def overflow_client(cport0, sport, serial, parallel):
    """`serial` connections one after the other, then `parallel` handshakes started at once
    (non-blocking connects), from consecutive ports."""
    socks, port = [], int(cport0)
    for _ in range(int(serial)):
        socks.append(connect(port, sport))
        port += 1
    for _ in range(int(parallel)):
        s = client_socket(port)
        s.setblocking(False)
        s.connect_ex((SERVER4, int(sport)))
        socks.append(s)
        port += 1
    time.sleep(1.0)
    for s in socks:
        err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        say(f"{s.getsockname()[1]} {errno.errorcode.get(err, 'ok') if err else 'ok'}")
        s.close()


def time_wait_client(cport, sport, size):
    """Sends `size` bytes and lets the server close first, then at once connects again from the
    same port. Its new ISN (clock-driven, RFC 6528) is still below what the server's TIME_WAIT
    socket has already received, and without timestamps (RFC 6191) nothing else makes the SYN
    acceptable: the server answers with an ACK for the old connection, which this side resets."""
    s = connect(cport, sport)
    s.sendall(b"x" * int(size))
    drain_to_eof(s)
    s.close()
    s = connect(cport, sport)
    s.close()


def odd_syns():
    """SYNs with extra flags, written with a raw socket (no socket API sends these)."""
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    probes = [  # source port, destination port, extra flags
        (41071, 7070, 0x01),  # SYN+FIN to a listener
        (41072, 7070, 0x04),  # SYN+RST to a listener
        (41073, 7070, 0x20),  # SYN+URG to a listener
        (41074, 7071, 0x01),  # SYN+FIN to a closed port
    ]
    for i, (cport, sport, extra) in enumerate(probes):
        isn = 0x10000000 * (i + 1)
        pkt = tcp_packet(CLIENT4, SERVER4, cport, sport, isn, 0, 0x02 | extra, 64240,
                         ttl=64, ip_id=0x0100 + i, options=struct.pack("!BBH", 2, 4, 1460))
        raw.sendto(pkt, (SERVER4, 0))
        time.sleep(0.2)


def give_up_client(cport, sport, user_timeout_ms):
    """Exchanges one request, waits while the path is cut, then sends data that can never be
    acknowledged; TCP_USER_TIMEOUT (RFC 5482) makes the kernel give up after a short time."""
    s = connect(cport, sport)
    s.sendall(REQUEST)
    recv_line(s)
    wait_for("exchanged")
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, int(user_timeout_ms))
    s.sendall(b"are you there?\n")
    say(recv_outcome(s))
    s.close()


def keepalive_client(cport, sport):
    """Exchanges one request, then idles with aggressive keepalive (1 s idle, 1 s interval,
    2 probes) while the orchestrator drops everything the server sends."""
    s = connect(cport, sport)
    s.sendall(REQUEST)
    recv_line(s)
    wait_for("exchanged")
    s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 2)
    say(recv_outcome(s))
    s.close()


def second_request_client(cport, sport):
    """Exchanges one request, waits for the orchestrator (which changes the path meanwhile), then
    sends a second request and reports how the connection ended."""
    s = connect(cport, sport)
    s.settimeout(15)
    s.sendall(REQUEST)
    recv_line(s)
    wait_for("exchanged")
    s.sendall(REQUEST)
    say(recv_outcome(s))
    s.close()


def client_wait_reset(cport, sport, fam="4", request=None):
    """Sends one request, reads the response (if any), then reads until the connection ends."""
    s = connect(cport, sport, fam)
    s.settimeout(15)
    s.sendall(request.encode() + b"\n" if request else REQUEST)
    say(drain_to_eof(s))
    s.close()


def client_connect_wait(cport, sport):
    """Connects, sends nothing and reads until the connection ends."""
    s = connect(cport, sport)
    s.settimeout(10)
    say(drain_to_eof(s))
    s.close()


def unread_client(cport, sport):
    """Sends a request line and a 2000-byte body the server will not read."""
    s = connect(cport, sport)
    s.sendall(b"POST /upload\n" + b"b" * 2000)
    say(recv_outcome(s))
    s.close()


def late_data_client(cport, sport):
    """Reads the server's goodbye and its FIN, then still sends data, as a client that ignores
    end-of-file would."""
    s = connect(cport, sport)
    say(drain_to_eof(s))
    s.sendall(b"late data\n")
    time.sleep(0.3)
    say(recv_outcome(s))
    s.close()


def fin_then_rst_client(cport, sport):
    """After the response: shutdown(SHUT_WR) sends a FIN, then close() with SO_LINGER 0 aborts,
    the 'fast teardown' some clients use to skip TIME_WAIT."""
    s = connect(cport, sport)
    s.sendall(REQUEST)
    recv_line(s)
    s.shutdown(socket.SHUT_WR)
    time.sleep(0.1)
    linger0(s)
    s.close()


def forgetful_client(cport, sport):
    """Exchanges one request, loses the connection without a word (as after a crash), then
    connects again from the same port. The server still has the old connection: it answers the
    SYN with a challenge ACK (RFC 5961 §4), this side resets it, and the retried SYN succeeds."""
    s = connect(cport, sport)
    s.sendall(REQUEST)
    recv_line(s)
    silent_close(s)
    time.sleep(0.1)
    s = connect(cport, sport)
    s.sendall(REQUEST)
    recv_line(s)
    s.close()


# ---- packet writing (also used by the injector) ------------------------------------------------

def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def tcp_packet(src, dst, sport, dport, seq, ack, flags, window, ttl, ip_id, df=False,
               options=b"", payload=b""):
    """An IPv4 packet holding one TCP segment, both checksums computed (RFC 791, RFC 9293)."""
    options += b"\0" * (-len(options) % 4)
    doff = (20 + len(options)) // 4
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF,
                      doff << 4, flags, window, 0, 0) + options + payload
    s, d = socket.inet_aton(src), socket.inet_aton(dst)
    csum = checksum(s + d + struct.pack("!BBH", 0, 6, len(tcp)) + tcp)
    tcp = tcp[:16] + struct.pack("!H", csum) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), ip_id, 0x4000 if df else 0,
                     ttl, 6, 0, s, d)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return ip + tcp


ROLES = {
    "server-echo": server_echo,
    "listen-only": listen_only,
    "accept-until-reset": accept_until_reset,
    "backlog-server": backlog_server,
    "time-wait-server": time_wait_server,
    "unread-server": unread_server,
    "close-early-server": close_early_server,
    "exchange-then-hold": exchange_then_hold,
    "exchange-then-read": exchange_then_read,
    "idle-abort-server": idle_abort_server,
    "slow-reply-server": slow_reply_server,
    "half-close-server": half_close_server,
    "two-connections-server": two_connections_server,
    "client-request": client_request,
    "client-refused": client_refused,
    "client-linger0": client_linger0,
    "overflow-client": overflow_client,
    "time-wait-client": time_wait_client,
    "odd-syns": odd_syns,
    "give-up-client": give_up_client,
    "keepalive-client": keepalive_client,
    "client-wait-reset": client_wait_reset,
    "client-connect-wait": client_connect_wait,
    "second-request-client": second_request_client,
    "unread-client": unread_client,
    "late-data-client": late_data_client,
    "fin-then-rst-client": fin_then_rst_client,
    "forgetful-client": forgetful_client,
}

if __name__ == "__main__":
    ROLES[sys.argv[1]](*sys.argv[2:])
