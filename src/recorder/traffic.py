"""Real traffic for the benchmark: many short TCP connections between two network namespaces, with
refused, aborted and unread-close resets mixed in, made by the kernels' own TCP stacks.

    traffic.py serve ADDR...            the server side (run inside the server namespace)
    traffic.py drive SERVER FIRST COUNT SRC...
                                        the client side (run inside the client namespace): the
                                        connections numbered FIRST to FIRST+COUNT-1 to SERVER, from
                                        the source addresses SRC... (several drivers share the work)

`record-traffic` builds the namespaces, starts tcpdump and runs both sides. The mix, per 100
connections (ports on the server):

    70  port 80: a request, a reply of 200 to 1,400 bytes, then the client closes (clean, SF)
    10  port 83: nothing listens; the server's kernel answers the SYN with RST|ACK (PORT_CLOSED)
     8  port 80: the client reads the reply and closes with SO_LINGER 0 (RST|ACK, CLIENT_ABORT)
     6  port 81: the server reads the request and closes with SO_LINGER 0 (RST|ACK, APP_ABORT)
     6  port 82: the server closes without reading the request: unread data makes the kernel
                 send RST|ACK instead of FIN (RFC 9293 3.10.4, RFC 2525 2.17)

The choice of each connection is a fixed function of its number, so two runs make the same mix.
"""

import asyncio
import socket
import struct
import sys

LINGER0 = struct.pack("ii", 1, 0)
CLEAN, REFUSED, CLIENT_ABORT, APP_ABORT, UNREAD = range(5)


def kind(n):
    r = (n * 7919) % 100
    if r < 70:
        return CLEAN
    if r < 80:
        return REFUSED
    if r < 88:
        return CLIENT_ABORT
    if r < 94:
        return APP_ABORT
    return UNREAD


def reply_size(n):
    return 200 + (n * 104729) % 1201


# ---------------------------------------------------------------- server

class Echo(asyncio.Protocol):
    """Port 80: answers each request line with the size it asks for, then waits for the client."""

    def connection_made(self, transport):
        self.transport = transport
        self.buf = b""

    def data_received(self, data):
        self.buf += data
        if b"\n" in self.buf:
            line, self.buf = self.buf.split(b"\n", 1)
            size = int(line.split()[1])
            self.transport.write(b"x" * (size - 1) + b"\n")


class Abort(asyncio.Protocol):
    """Port 81: reads the request, then resets with SO_LINGER 0."""

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        if b"\n" in data:
            self.transport.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER0)
            self.transport.abort()


class Unread(asyncio.Protocol):
    """Port 82: never reads; closes 20 ms after the connection, with the request still queued."""

    def connection_made(self, transport):
        transport.pause_reading()
        asyncio.get_running_loop().call_later(0.02, transport.close)


async def serve(addrs):
    loop = asyncio.get_running_loop()
    servers = []
    for addr in addrs:
        for port, proto in ((80, Echo), (81, Abort), (82, Unread)):
            servers.append(await loop.create_server(proto, addr, port, backlog=4096, reuse_address=True))
    print("serving", flush=True)
    await asyncio.Event().wait()


# ---------------------------------------------------------------- client

async def one(n, server, src):
    k = kind(n)
    port = {CLEAN: 80, CLIENT_ABORT: 80, REFUSED: 83, APP_ABORT: 81, UNREAD: 82}[k]
    try:
        reader, writer = await asyncio.open_connection(server, port, local_addr=(src, 0))
    except OSError:
        return k, False
    sock = writer.get_extra_info("socket")
    try:
        writer.write(b"GET %d\n" % reply_size(n))
        await writer.drain()
        if k in (CLEAN, CLIENT_ABORT):
            await reader.readexactly(reply_size(n))
            if k == CLIENT_ABORT:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER0)
        else:
            await reader.read(100)  # the server's reset (or FIN) ends it
    except (OSError, asyncio.IncompleteReadError):
        pass
    writer.close()
    try:
        await writer.wait_closed()
    except OSError:
        pass
    return k, True


async def drive(server, first, count, sources, parallel=256):
    done = [0] * 5
    next_n = first

    async def worker(w):
        nonlocal next_n
        while next_n < first + count:
            n = next_n
            next_n += 1
            k, _ = await one(n, server, sources[n % len(sources)])
            done[k] += 1

    await asyncio.gather(*(worker(w) for w in range(parallel)))
    names = ["clean", "refused", "client_abort", "app_abort", "unread_close"]
    print(" ".join("%s=%d" % (names[i], done[i]) for i in range(5)), flush=True)


def main(argv):
    if len(argv) >= 2 and argv[1] == "serve":
        asyncio.run(serve(argv[2:]))
    elif len(argv) >= 6 and argv[1] == "drive":
        asyncio.run(drive(argv[2], int(argv[3]), int(argv[4]), argv[5:]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
