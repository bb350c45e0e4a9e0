package io.rstscope.capture;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * The decompressed content of a gzip file (RFC 1952), member after member, that says what is wrong
 * and where: a damaged or cut member fails with the member's number and its byte offset in the
 * compressed file, and bytes after the last member that are not gzip are kept as {@link #trailing()}
 * rather than ignored as {@link java.util.zip.GZIPInputStream} ignores them.
 */
final class GzipMembers extends InputStream {

    /** A damaged gzip stream; the message says which member, where, and what is wrong. */
    static final class Damage extends ZipException {
        Damage(String message) {
            super(message);
        }
    }

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final InputStream in;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    /** Compressed-file offset of {@code buf[0]}. */
    private long base;
    private int member;
    private long memberStart;
    private long memberOut;
    private boolean inMember;
    private boolean done;
    private String trailing;

    GzipMembers(InputStream in) {
        this.in = in;
    }

    /** What follows the last member when it is not gzip, in words with its offset; {@code null} when nothing does. */
    String trailing() {
        return trailing;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!done) {
            if (!inMember && !startMember()) {
                done = true;
                break;
            }
            if (inflater.needsInput()) {
                if (pos == lim && !refill()) {
                    throw damage("it is cut short: unexpected end of file");
                }
                inflater.setInput(buf, pos, lim - pos);
                pos = lim;
            }
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw damage("its compressed data is invalid: " + (e.getMessage() == null ? "bad deflate data" : e.getMessage()));
            }
            if (n > 0) {
                crc.update(b, off, n);
                memberOut += n;
            }
            if (inflater.finished()) {
                pos = lim - inflater.getRemaining();
                endMember();
            } else if (n == 0 && inflater.needsDictionary()) {
                throw damage("its compressed data asks for a preset dictionary, which gzip does not have");
            }
            if (n > 0) {
                return n;
            }
        }
        return -1;
    }

    /** Reads the next member's header; false at the clean end of the file or before bytes that are not gzip. */
    private boolean startMember() throws IOException {
        if (pos == lim && !refill()) {
            if (member == 0) {
                throw new Damage("the file holds no gzip member");
            }
            return false;
        }
        long at = base + pos;
        if (member > 0 && (!has(2) || (buf[pos] & 0xff) != 0x1f || (buf[pos + 1] & 0xff) != 0x8b)) {
            trailing = describeTrailing(at);
            return false;
        }
        member++;
        memberStart = at;
        byte[] head = header(10);
        if ((head[0] & 0xff) != 0x1f || (head[1] & 0xff) != 0x8b) {
            throw damage(String.format("the header starts with 0x%02x%02x (expected 1f8b)", head[0] & 0xff, head[1] & 0xff));
        }
        if ((head[2] & 0xff) != 8) {
            throw damage("compression method " + (head[2] & 0xff) + " is not deflate (8)");
        }
        int flags = head[3] & 0xff;
        if ((flags & FEXTRA) != 0) {
            byte[] xlen = header(2);
            header((xlen[0] & 0xff) | (xlen[1] & 0xff) << 8);
        }
        if ((flags & FNAME) != 0) {
            headerText();
        }
        if ((flags & FCOMMENT) != 0) {
            headerText();
        }
        if ((flags & FHCRC) != 0) {
            header(2);
        }
        inflater.reset();
        crc.reset();
        memberOut = 0;
        inMember = true;
        return true;
    }

    /** Checks the trailer (RFC 1952 §2.3.1: CRC-32, then ISIZE, the length modulo 2^32). */
    private void endMember() throws IOException {
        inMember = false;
        byte[] t = new byte[8];
        for (int i = 0; i < 8; i++) {
            if (pos == lim && !refill()) {
                throw damage("the trailer is cut short: unexpected end of file");
            }
            t[i] = buf[pos++];
        }
        long storedCrc = le32(t, 0);
        long storedSize = le32(t, 4);
        if (storedCrc != crc.getValue()) {
            throw damage(String.format("its trailer's CRC-32 is 0x%08x, the data's is 0x%08x", storedCrc, crc.getValue()));
        }
        if (storedSize != (memberOut & 0xffffffffL)) {
            throw damage("its trailer says " + storedSize + " bytes (modulo 2^32), the data is " + memberOut);
        }
    }

    private String describeTrailing(long at) throws IOException {
        StringBuilder start = new StringBuilder();
        for (int i = pos; i < Math.min(lim, pos + 4); i++) {
            start.append(String.format("%02x", buf[i] & 0xff));
        }
        long count = lim - pos;
        pos = lim;
        while (refill()) {
            count += lim - pos;
            pos = lim;
        }
        return count + (count == 1 ? " byte that is" : " bytes that are") + " not gzip follow"
                + (count == 1 ? "s" : "") + " the end of the gzip stream at byte " + at
                + " of the compressed file (they start 0x" + start + ")";
    }

    private byte[] header(int n) throws IOException {
        byte[] h = new byte[n];
        for (int i = 0; i < n; i++) {
            if (pos == lim && !refill()) {
                throw damage("the header is cut short: unexpected end of file");
            }
            h[i] = buf[pos++];
        }
        return h;
    }

    private void headerText() throws IOException {
        while (true) {
            if (pos == lim && !refill()) {
                throw damage("the header is cut short: unexpected end of file");
            }
            if (buf[pos++] == 0) {
                return;
            }
        }
    }

    /** True when {@code n} bytes are in the buffer from {@link #pos}, reading more as needed. */
    private boolean has(int n) throws IOException {
        while (lim - pos < n) {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                base += pos;
                lim -= pos;
                pos = 0;
            }
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                return false;
            }
            lim += r;
        }
        return true;
    }

    /** Reads more compressed bytes into an empty buffer; false at the end of the file. */
    private boolean refill() throws IOException {
        base += lim;
        pos = 0;
        lim = 0;
        int r;
        do {
            r = in.read(buf, 0, buf.length);
        } while (r == 0);
        if (r < 0) {
            return false;
        }
        lim = r;
        return true;
    }

    private Damage damage(String what) {
        return new Damage("gzip member " + member + " (at byte " + memberStart + " of the compressed file): " + what);
    }

    private static long le32(byte[] b, int i) {
        return (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
