package io.rstscope.cli;

import io.rstscope.capture.CaptureWriter;
import io.rstscope.teach.Conversation;
import io.rstscope.teach.Conversation.Side;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The benchmark's capture: a deterministic mix of the traffic an incident capture holds — request and
 * response exchanges, refused connections, aborts in the middle of a transfer and bulk downloads,
 * over IPv4 and IPv6 — with hundreds of connections open at once, written in time order.
 */
final class Workload {

    /** What was written. */
    record Written(long packets, long connections, long bytes) {
    }

    private static final int LANES = 512;
    private static final long START = 1_700_000_000_000_000_000L;

    private Workload() {
    }

    /** Writes about {@code targetPackets} packets to {@code file}; the same target always gives the same bytes. */
    static Written write(Path file, long targetPackets) throws IOException {
        SplittableRandom rnd = new SplittableRandom(20261124L);
        long[] packets = {0};
        long connections = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
             CaptureWriter w = CaptureWriter.pcap(out, CaptureWriter.LINKTYPE_ETHERNET)) {
            // Each lane plays one connection after another; lanes run side by side in time, and their
            // frames are merged so the file is in timestamp order.
            PriorityQueue<Lane> ready = new PriorityQueue<>((a, b) -> Long.compare(a.headTs(), b.headTs()));
            Lane[] lanes = new Lane[LANES];
            for (int i = 0; i < LANES; i++) {
                lanes[i] = new Lane(i, START + rnd.nextLong(1_000_000_000L));
            }
            for (Lane lane : lanes) {
                lane.next(rnd.split(), connections++);
                ready.add(lane);
            }
            while (!ready.isEmpty()) {
                Lane lane = ready.poll();
                Frame f = lane.frames.poll();
                w.write(f.ts, f.bytes);
                packets[0]++;
                if (lane.frames.isEmpty()) {
                    if (packets[0] >= targetPackets) {
                        continue;
                    }
                    lane.next(rnd.split(), connections++);
                }
                ready.add(lane);
            }
        }
        return new Written(packets[0], connections, Files.size(file));
    }

    private record Frame(long ts, byte[] bytes) {
    }

    /** One lane: a client host that opens one connection after another. */
    private static final class Lane {
        final int id;
        final ArrayDeque<Frame> frames = new ArrayDeque<>();
        long clock;
        int port = 32768;

        Lane(int id, long start) {
            this.id = id;
            this.clock = start;
        }

        long headTs() {
            return frames.peek().ts;
        }

        void next(SplittableRandom rnd, long serial) {
            clock += rnd.nextLong(1_000_000L, 200_000_000L);
            port = port >= 60999 ? 32768 : port + 1;
            boolean v6 = rnd.nextInt(10) == 0;
            int server = rnd.nextInt(64);
            Conversation.FrameSink sink = (ts, bytes) -> frames.add(new Frame(ts, bytes));
            Conversation c = v6
                    ? Conversation.ipv6(sink, "fd00:77::" + Integer.toHexString(1 + id), port,
                            "fd00:80::" + Integer.toHexString(1 + server), 443, clock)
                    : Conversation.ipv4(sink, "10.77." + (id >> 8) + "." + (id & 0xff), port,
                            "192.0.2." + (1 + server), rnd.nextInt(4) == 0 ? 80 : 443, clock);
            c.rtt(rnd.nextLong(200_000L, 60_000_000L));
            c.ttl(64, 64 - 1 - server % 20);
            int kind = rnd.nextInt(100);
            if (kind < 20) {
                // Refused: the port is closed.
                c.syn();
                c.advance(300_000L);
                c.refuse();
            } else if (kind < 28) {
                // Aborted in the middle of a transfer.
                c.handshake();
                c.send(Side.CLIENT, rnd.nextInt(60, 400));
                c.send(Side.SERVER, rnd.nextInt(500, 3000));
                c.advance(rnd.nextLong(1_000_000L, 30_000_000L));
                c.abort(rnd.nextBoolean() ? Side.CLIENT : Side.SERVER);
            } else if (kind < 29) {
                // A bulk download.
                c.handshake();
                c.send(Side.CLIENT, rnd.nextInt(100, 400));
                c.send(Side.SERVER, rnd.nextInt(20_000, 60_000));
                c.close(Side.CLIENT);
            } else {
                // A request and its response.
                c.handshake();
                c.send(Side.CLIENT, rnd.nextInt(60, 300));
                c.send(Side.SERVER, rnd.nextInt(100, 1200));
                c.close(rnd.nextInt(3) == 0 ? Side.SERVER : Side.CLIENT);
            }
            clock = c.now();
        }
    }
}
