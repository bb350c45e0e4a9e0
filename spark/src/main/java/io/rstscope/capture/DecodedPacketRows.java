package io.rstscope.capture;

import org.apache.spark.sql.Row;

/**
 * Fills a {@link DecodedPacket} back from a row of the {@code pcap} data source's {@code packets}
 * schema, so that the tracker and the reset analysis see on an executor the packet one machine decoded.
 * It lives in the packet's package because the packet's fields are written only there.
 *
 * <pre>{@code
 * DecodedPacket p = new DecodedPacket();
 * DecodedPacketRows.fill(p, row);   // row: one of spark.read().format("pcap").load(dir)
 * tracker.accept(p);
 * }</pre>
 */
public final class DecodedPacketRows {

    private DecodedPacketRows() {
    }

    /** Overwrites {@code p} with the TCP packet {@code r} holds (columns by name, as {@code PacketSchema} lays them out). */
    public static void fill(DecodedPacket p, Row r, int[] at) {
        p.reset();
        p.frame = r.getLong(at[0]);
        p.tsNanos = r.getLong(at[1]);
        p.iface = r.getInt(at[2]);
        p.linkType = r.getInt(at[3]);
        p.capLen = r.getInt(at[4]);
        p.origLen = r.getInt(at[5]);
        p.fileOffset = r.getLong(at[6]);
        p.ipVersion = r.getInt(at[7]);
        p.srcHi = r.getLong(at[8]);
        p.srcLo = r.getLong(at[9]);
        p.dstHi = r.getLong(at[10]);
        p.dstLo = r.getLong(at[11]);
        p.sport = r.getInt(at[12]);
        p.dport = r.getInt(at[13]);
        p.flags = r.getInt(at[14]);
        p.seq = (int) r.getLong(at[15]);
        p.ack = (int) r.getLong(at[16]);
        p.win = r.getInt(at[17]);
        p.urgent = r.getInt(at[18]);
        p.ttl = r.getInt(at[19]);
        p.ipId = r.getInt(at[20]);
        p.tos = r.getInt(at[21]);
        p.df = r.getBoolean(at[22]);
        p.fragment = r.getBoolean(at[23]);
        p.ipLen = r.getInt(at[24]);
        p.tunnels = r.getInt(at[25]);
        p.tcpHeaderLen = r.getInt(at[26]);
        p.payloadLen = r.getInt(at[27]);
        p.capturedPayloadLen = r.getInt(at[28]);
        p.mss = r.getInt(at[29]);
        p.wscale = r.getInt(at[30]);
        p.sackPerm = r.getBoolean(at[31]);
        p.sackBlocks = r.getInt(at[32]);
        p.tsPresent = r.getBoolean(at[33]);
        p.tsval = (int) r.getLong(at[34]);
        p.tsecr = (int) r.getLong(at[35]);
        p.authOption = r.getBoolean(at[36]);
        byte[] payload = (byte[]) r.get(at[37]);
        // A reset's first payload bytes, all the analysis reads of a payload; none for other segments.
        p.data = payload.length == 0 ? null : payload;
        p.payloadOffset = 0;
        p.ipProto = 6;
        p.tcp = p.tcpSeen = p.flagsSeen = true;
    }
}
