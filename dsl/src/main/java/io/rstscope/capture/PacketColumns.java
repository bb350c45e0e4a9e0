package io.rstscope.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The TCP packets of a capture, one fixed-size record of primitive fields per packet, in file order.
 * This is what the {@code packets} table, packet queries and ladders read; it costs 80 bytes per
 * packet and no object. Unsigned 32-bit fields (seq, ack, tsval, tsecr) are held in ints; read them
 * with {@link Integer#toUnsignedLong(int)}. Absent values are -1.
 *
 * <pre>{@code
 * PacketColumns pc = CaptureReader.read(Path.of("trace.pcap"), ReadOptions.DEFAULT).packets();
 * for (int i = 0; i < pc.size(); i++) {
 *     System.out.println(pc.frame(i) + " ttl " + pc.ttl(i));
 * }
 * }</pre>
 *
 * <p>The columns of a file that {@link CaptureReader#read} returns are read when first asked for
 * ({@link CaptureData#packets()}), by reading the file again: the read itself writes no record.
 *
 * <p>The records are kept in blocks of {@value #BLOCK_ROWS} packets. A capture that fits in one block
 * keeps it on the heap. A larger one spills: every full block goes to a temporary file and is read
 * back through a read-only memory mapping, so the packets of a capture of millions (250 MB for 3
 * million) stay off the Java heap, in the page cache, read back at memory speed while they are used and
 * paged out by the kernel when memory is short. Only the block being filled (and, at the end, the last
 * one) is on the heap. A full block is written with one sequential write rather than through a writable
 * mapping: faulting in each page of a fresh shared mapping cost 2 to 7 times as much on this tool's
 * benchmark machine. The file is deleted as soon as it is made: nothing is left behind, even if the JVM
 * dies, and its disk space is freed when the columns are collected (their mappings with them). When no
 * temporary file can be made (a full or read-only {@code java.io.tmpdir}), the blocks stay on the heap;
 * when the file can no longer grow (a full disk), the blocks from then on do.
 */
public final class PacketColumns implements PacketSink {

    /** Packets per block; a capture with more than this many TCP packets spills to a mapped file. */
    public static final int BLOCK_ROWS = 1 << 16;
    private static final int SHIFT = 16;
    private static final int MASK = BLOCK_ROWS - 1;
    /** One packet's record: the fields at these offsets, longs first so that every field is aligned. */
    static final int REC = 80;
    private static final int TS = 0, FILE_OFFSET = 8, FRAME = 16, SRC = 20, DST = 24, SEQ = 28, ACK = 32,
            PAYLOAD_LEN = 36, IP_LEN = 40, IP_ID = 44, MSS = 48, TSVAL = 52, TSECR = 56, IFACE = 60, SPORT = 62,
            DPORT = 64, FLAGS = 66, WIN = 68, TTL = 70, TOS = 72, IP_VERSION = 74, BITS = 75, WSCALE = 76;
    private static final long BLOCK_BYTES = (long) BLOCK_ROWS * REC;

    private final AddressTable addresses;
    private int size;
    /** The blocks: on the heap until the columns spill; then every full one mapped, the one being filled on the heap. */
    private ByteBuffer[] blocks = new ByteBuffer[1];
    /** The temporary file's channel while rows are appended to spilled columns; closed by {@link #seal()}. */
    private FileChannel spill;
    private boolean spilled;
    private boolean sealed;
    /** Spilling was tried and failed: the blocks stay on the heap. */
    private boolean heapOnly;
    /** The temporary file could not grow (a full disk): the blocks from then on stay on the heap. */
    private boolean full;
    /**
     * Reads the rows of columns whose read was deferred ({@link #defer}); null once they are read. Volatile:
     * every access to a packet's field goes through {@link #filled()}, which then takes no lock.
     */
    private volatile Supplier<PacketColumns> deferred;

    static final int BIT_DF = 1, BIT_SACK_PERM = 2, BIT_TS = 4, BIT_FRAGMENT = 8;

    /** Empty columns whose addresses are interned in {@code addresses}. */
    public PacketColumns(AddressTable addresses) {
        this.addresses = addresses;
        blocks[0] = heap(1024);
    }

    /**
     * Leaves these columns empty until their rows are first asked for ({@link #filled()}): then
     * {@code read} gives columns with the rows (reading the capture's file again), and these take them.
     */
    void defer(Supplier<PacketColumns> read) {
        deferred = read;
    }

    /**
     * These columns with every row: when their read was deferred, reads the rows now, once (a failed read
     * is tried again by the next call). How {@link CaptureData#packets()} hands them out.
     */
    PacketColumns filled() {
        if (deferred == null) {
            return this;
        }
        synchronized (this) {
            Supplier<PacketColumns> read = deferred;
            if (read != null) {
                PacketColumns rows = read.get();
                blocks = rows.blocks;
                size = rows.size;
                spill = rows.spill;
                spilled = rows.spilled;
                sealed = rows.sealed;
                heapOnly = rows.heapOnly;
                full = rows.full;
                deferred = null; // after the fields: a thread that reads null sees them
            }
        }
        return this;
    }

    private static ByteBuffer heap(int rows) {
        return ByteBuffer.allocate(rows * REC).order(ByteOrder.nativeOrder());
    }

    /** Appends the packet when it is a decoded TCP segment; other packets are not rows. */
    @Override
    public void accept(DecodedPacket p) {
        if (!p.tcp) {
            return;
        }
        int i = size;
        int b = i >>> SHIFT;
        if (b >= blocks.length || blocks[b] == null || (i & MASK) * REC >= blocks[b].capacity()) {
            grow(i);
            b = i >>> SHIFT;
        }
        ByteBuffer buf = blocks[b];
        int o = (i & MASK) * REC;
        buf.putLong(o + TS, p.tsNanos);
        buf.putLong(o + FILE_OFFSET, p.fileOffset);
        buf.putInt(o + FRAME, (int) p.frame);
        buf.putInt(o + SRC, addresses.intern(p.srcHi, p.srcLo));
        buf.putInt(o + DST, addresses.intern(p.dstHi, p.dstLo));
        buf.putInt(o + SEQ, p.seq);
        buf.putInt(o + ACK, p.ack);
        buf.putInt(o + PAYLOAD_LEN, p.payloadLen);
        buf.putInt(o + IP_LEN, p.ipLen);
        buf.putInt(o + IP_ID, p.ipId);
        buf.putInt(o + MSS, p.mss);
        buf.putInt(o + TSVAL, p.tsval);
        buf.putInt(o + TSECR, p.tsecr);
        buf.putShort(o + IFACE, (short) p.iface);
        buf.putChar(o + SPORT, (char) p.sport);
        buf.putChar(o + DPORT, (char) p.dport);
        buf.putShort(o + FLAGS, (short) p.flags);
        buf.putChar(o + WIN, (char) p.win);
        buf.putShort(o + TTL, (short) p.ttl);
        buf.putShort(o + TOS, (short) p.tos);
        buf.put(o + IP_VERSION, (byte) p.ipVersion);
        buf.put(o + BITS, (byte) ((p.df ? BIT_DF : 0) | (p.sackPerm ? BIT_SACK_PERM : 0) | (p.tsPresent ? BIT_TS : 0)
                | (p.fragment ? BIT_FRAGMENT : 0)));
        buf.put(o + WSCALE, (byte) p.wscale);
        size = i + 1;
    }

    /**
     * Makes room for row {@code row}: a bigger first block, or a new block. Once the columns spill, the full
     * block before it is written out and mapped, and its heap buffer is reused for the new block.
     */
    private void grow(int row) {
        int b = row >>> SHIFT;
        if (b == 0) {
            ensureCapacity(Math.min(BLOCK_ROWS, row + (row >> 1) + 1));
            return;
        }
        if (sealed) {
            throw new IllegalStateException("the packet columns were sealed: no packet can be added");
        }
        if (blocks[0].capacity() < BLOCK_BYTES) {
            ensureCapacity(BLOCK_ROWS);
        }
        if (!spilled && !heapOnly) {
            openSpill();
        }
        if (b >= blocks.length) {
            blocks = Arrays.copyOf(blocks, Math.max(b + 1, blocks.length * 2));
        }
        ByteBuffer mapped = spilled && !full ? writeOut(b - 1, blocks[b - 1]) : null;
        if (mapped != null) {
            blocks[b] = blocks[b - 1]; // the heap buffer, reused for the new block
            blocks[b - 1] = mapped;
        } else {
            blocks[b] = ByteBuffer.allocate((int) BLOCK_BYTES).order(ByteOrder.nativeOrder());
        }
    }

    /** Columns that spill to {@code channel} instead of a temporary file of their own. */
    static PacketColumns spillingTo(FileChannel channel, AddressTable addresses) {
        PacketColumns pc = new PacketColumns(addresses);
        pc.spill = channel; // taken when the first block is full
        return pc;
    }

    /** Opens a new, already deleted, temporary file for the full blocks; on failure the columns stay on the heap. */
    private void openSpill() {
        if (spill == null) {
            spill = SpillFile.open("rstscope-packets-");
        }
        spilled = spill != null;
        heapOnly = spill == null;
    }

    /**
     * Writes full block {@code block} from {@code heap} to the temporary file and returns a read-only
     * mapping of it; null when the file cannot grow (a full disk): that block and the later ones stay on
     * the heap, the blocks written before stay mapped.
     */
    private ByteBuffer writeOut(int block, ByteBuffer heap) {
        long at = block * BLOCK_BYTES;
        try {
            ByteBuffer out = heap.duplicate().clear();
            while (out.hasRemaining()) {
                at += spill.write(out, at);
            }
            return spill.map(FileChannel.MapMode.READ_ONLY, block * BLOCK_BYTES, BLOCK_BYTES).order(ByteOrder.nativeOrder());
        } catch (IOException e) {
            full = true;
            return null;
        }
    }

    private void closeSpill() {
        SpillFile.close(spill);
        spill = null;
    }

    /**
     * No packet follows: closes the temporary file of spilled columns (its mappings stay readable, and the
     * last block stays on the heap) so that no file handle is held. Called at the end of every read:
     * {@code packets.seal()}.
     */
    public void seal() {
        sealed = true;
        closeSpill();
    }

    /** Whether the packets are in a memory-mapped temporary file rather than on the heap. */
    public boolean spilled() {
        return spilled;
    }

    /** Grows the first block to hold {@code rows} rows (at most one block), so a read resizes once instead of many times. */
    public void ensureCapacity(int rows) {
        int want = Math.min(rows, BLOCK_ROWS);
        if (!spilled && want * REC > blocks[0].capacity()) {
            ByteBuffer b = heap(want);
            b.put(0, blocks[0], 0, blocks[0].capacity());
            blocks[0] = b;
        }
    }

    private ByteBuffer buf(int row) {
        if (row >= size || row < 0) {
            throw new IndexOutOfBoundsException("packet row " + row + " of " + size);
        }
        return blocks[row >>> SHIFT];
    }

    private static int at(int row, int field) {
        return (row & MASK) * REC + field;
    }

    /** The address table the src/dst ids refer to. */
    public AddressTable addresses() { return addresses; }
    /** Number of rows. */
    public int size() { return size; }
    /** 1-based packet number in the file. */
    public int frame(int row) { return buf(row).getInt(at(row, FRAME)); }
    /** Timestamp, ns since the epoch. */
    public long ts(int row) { return buf(row).getLong(at(row, TS)); }
    /** Offset of the packet's record in the file. */
    public long fileOffset(int row) { return buf(row).getLong(at(row, FILE_OFFSET)); }
    /** pcapng interface id. */
    public int iface(int row) { return buf(row).getShort(at(row, IFACE)); }
    /** 4 or 6. */
    public int ipVersion(int row) { return buf(row).get(at(row, IP_VERSION)); }
    /** Source address id in {@link #addresses()}. */
    public int src(int row) { return buf(row).getInt(at(row, SRC)); }
    /** Destination address id in {@link #addresses()}. */
    public int dst(int row) { return buf(row).getInt(at(row, DST)); }
    /** Source port. */
    public int sport(int row) { return buf(row).getChar(at(row, SPORT)); }
    /** Destination port. */
    public int dport(int row) { return buf(row).getChar(at(row, DPORT)); }
    /** TCP flags (see {@link DecodedPacket#SYN}...). */
    public int flags(int row) { return buf(row).getShort(at(row, FLAGS)); }
    /** Sequence number, unsigned in an int. */
    public int seq(int row) { return buf(row).getInt(at(row, SEQ)); }
    /** Acknowledgment number, unsigned in an int. */
    public int ack(int row) { return buf(row).getInt(at(row, ACK)); }
    /** Raw window. */
    public int win(int row) { return buf(row).getChar(at(row, WIN)); }
    /** TCP payload bytes. */
    public int payloadLen(int row) { return buf(row).getInt(at(row, PAYLOAD_LEN)); }
    /** IP length from the IP header. */
    public int ipLen(int row) { return buf(row).getInt(at(row, IP_LEN)); }
    /** TTL or hop limit. */
    public int ttl(int row) { return buf(row).getShort(at(row, TTL)); }
    /** IPv4 identification, -1 when absent. */
    public int ipId(int row) { return buf(row).getInt(at(row, IP_ID)); }
    /** TOS / traffic class. */
    public int tos(int row) { return buf(row).getShort(at(row, TOS)); }
    /** IPv4 Don't Fragment. */
    public boolean df(int row) { return (bits(row) & BIT_DF) != 0; }
    /** SACK-permitted option. */
    public boolean sackPerm(int row) { return (bits(row) & BIT_SACK_PERM) != 0; }
    /** Timestamp option present. */
    public boolean tsPresent(int row) { return (bits(row) & BIT_TS) != 0; }
    /** Part of a fragmented IP packet. */
    public boolean fragment(int row) { return (bits(row) & BIT_FRAGMENT) != 0; }
    /** MSS option, -1 when absent. */
    public int mss(int row) { return buf(row).getInt(at(row, MSS)); }
    /** Window-scale shift, -1 when absent. */
    public int wscale(int row) { return buf(row).get(at(row, WSCALE)); }
    /** TSval, unsigned in an int. */
    public int tsval(int row) { return buf(row).getInt(at(row, TSVAL)); }
    /** TSecr, unsigned in an int. */
    public int tsecr(int row) { return buf(row).getInt(at(row, TSECR)); }

    private int bits(int row) {
        return buf(row).get(at(row, BITS));
    }
}
