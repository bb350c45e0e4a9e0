package io.rstscope.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A large, refillable window over a capture's byte stream (a plain file or its gzip decompression).
 * Records are decoded in place in {@link #buf}; nothing is copied per packet. The window grows only
 * when a single record is larger than it.
 */
final class ByteSource implements Closeable {

    private static final int CHUNK = 4 << 20;
    private static final VarHandle I32_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle I16_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I16_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle I64_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final InputStream in;
    byte[] buf;
    /** Read position in {@link #buf}. */
    int pos;
    /** End of valid data in {@link #buf}. */
    int lim;
    /** Stream offset of {@code buf[0]}. */
    private long base;
    private boolean eof;

    ByteSource(InputStream in) {
        this.in = in;
        this.buf = new byte[CHUNK];
    }

    /** True when {@code n} bytes are available from {@link #pos}, reading more as needed. */
    boolean ensure(int n) throws IOException {
        return lim - pos >= n || fill(n);
    }

    private boolean fill(int n) throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            base += pos;
            lim -= pos;
            pos = 0;
        }
        if (n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(n, buf.length * 2));
        }
        while (lim < n && !eof) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                eof = true;
            } else {
                lim += r;
            }
        }
        return lim - pos >= n;
    }

    /** The stream read: the file, or its decompression. */
    InputStream stream() {
        return in;
    }

    /** Bytes available from {@link #pos} without reading further (call after a failed ensure). */
    int available() {
        return lim - pos;
    }

    /** The stream offset of {@link #pos}. */
    long offset() {
        return base + pos;
    }

    /** How many bytes of the stream have been read into the window: its offset and what is ahead of it. */
    long fetched() {
        return base + lim;
    }

    /** The stream offset of index {@code i} of {@link #buf}. */
    long offsetOf(int i) {
        return base + i;
    }

    /** True when the stream is exhausted at {@link #pos}. */
    boolean atEnd() throws IOException {
        return !ensure(1);
    }

    static int i32(byte[] b, int i, boolean bigEndian) {
        return bigEndian ? (int) I32_BE.get(b, i) : (int) I32_LE.get(b, i);
    }

    static int u16(byte[] b, int i, boolean bigEndian) {
        return (bigEndian ? (short) I16_BE.get(b, i) : (short) I16_LE.get(b, i)) & 0xffff;
    }

    static long i64(byte[] b, int i, boolean bigEndian) {
        return bigEndian ? (long) I64_BE.get(b, i) : (long) I64_LE.get(b, i);
    }

    /** Network-order 32-bit read. */
    static int be32(byte[] b, int i) {
        return (int) I32_BE.get(b, i);
    }

    /** Network-order 64-bit read. */
    static long be64(byte[] b, int i) {
        return (long) I64_BE.get(b, i);
    }

    /** Network-order 16-bit read. */
    static int be16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
