package io.rstscope.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.hex;
import static org.apache.spark.sql.functions.least;

import io.rstscope.capture.DecodedPacket;
import io.rstscope.reset.ResetStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The {@code packets} schema of the {@code pcap} data source: one row per decoded TCP segment, its
 * headers without the payload, except a reset's: {@code rst_payload} holds the first
 * {@link ResetStream#RST_PAYLOAD_KEPT} captured payload bytes of an RST (its stated reason, a censor's
 * fixed payload), empty for every other segment; {@code auth_option} says whether it carries TCP-MD5 or TCP-AO. Addresses are 128-bit numbers in two longs ({@code src_hi}, {@code src_lo}),
 * IPv4 in its IPv4-mapped IPv6 form ({@code ::ffff:a.b.c.d}) as the library holds them; unsigned 32-bit
 * fields (seq, ack, tsval, tsecr) are longs; absent values are -1. {@code clock} is the latest timestamp
 * of the file up to the packet (the clock Zeek's timers run on when timestamps go backwards).
 *
 * <pre>{@code
 * Dataset<Row> packets = spark.read().format("pcap").load("/captures/sensor-a");
 * packets.printSchema();   // sensor, file, file_index, frame, ts, ... tsecr
 * }</pre>
 */
public final class PacketSchema {

    /** The columns that say where a packet comes from; the packet's own follow, in {@link #PACKET} order. */
    static final String SENSOR = "sensor", FILE = "file", FILE_INDEX = "file_index";

    /** The packet's columns, in the order {@code io.rstscope.capture.DecodedPacketRows#fill} reads them. */
    static final String[] PACKET = {"frame", "ts", "iface", "link_type", "cap_len", "orig_len", "file_offset",
        "ip_version", "src_hi", "src_lo", "dst_hi", "dst_lo", "sport", "dport", "flags", "seq", "ack", "window",
        "urgent", "ttl", "ip_id", "tos", "df", "fragment", "ip_len", "tunnels", "tcp_header_len", "payload_len",
        "captured_payload_len", "mss", "wscale", "sack_perm", "sack_blocks", "ts_present", "tsval", "tsecr", "auth_option", "rst_payload", "clock"};

    /** Where {@code clock}, the latest timestamp of the packet's file up to and with the packet, is in {@link #PACKET}. */
    static final int CLOCK = 38;

    private static final byte[] NO_PAYLOAD = new byte[0];

    /** The whole schema. */
    public static final StructType SCHEMA = schema();

    private PacketSchema() {
    }

    private static StructType schema() {
        StructType t = new StructType()
                .add(SENSOR, DataTypes.StringType, false)
                .add(FILE, DataTypes.StringType, false)
                .add(FILE_INDEX, DataTypes.IntegerType, false);
        for (String c : PACKET) {
            t = t.add(new StructField(c, typeOf(c), false, org.apache.spark.sql.types.Metadata.empty()));
        }
        return t;
    }

    private static DataType typeOf(String c) {
        return switch (c) {
            case "frame", "ts", "clock", "file_offset", "src_hi", "src_lo", "dst_hi", "dst_lo", "seq", "ack", "tsval", "tsecr" ->
                    DataTypes.LongType;
            case "df", "fragment", "sack_perm", "ts_present", "auth_option" -> DataTypes.BooleanType;
            case "rst_payload" -> DataTypes.BinaryType;
            default -> DataTypes.IntegerType;
        };
    }

    /** The positions of the {@link #PACKET} columns in a row of {@code schema}. */
    static int[] packetColumns(StructType schema) {
        int[] at = new int[PACKET.length];
        for (int i = 0; i < PACKET.length; i++) {
            at[i] = schema.fieldIndex(PACKET[i]);
        }
        return at;
    }

    /** One row of {@link #SCHEMA}, as the data source's reader hands it to Spark. */
    static InternalRow row(UTF8String sensor, UTF8String file, int fileIndex, DecodedPacket p, long clock) {
        return new GenericInternalRow(new Object[] {sensor, file, fileIndex,
            p.frame(), p.tsNanos(), p.iface(), p.linkType(), p.capLen(), p.origLen(), p.fileOffset(),
            p.ipVersion(), p.srcHi(), p.srcLo(), p.dstHi(), p.dstLo(), p.sport(), p.dport(), p.flags(),
            Integer.toUnsignedLong(p.seq()), Integer.toUnsignedLong(p.ack()), p.win(), p.urgent(), p.ttl(), p.ipId(),
            p.tos(), p.df(), p.fragment(), p.ipLen(), p.tunnels(), p.tcpHeaderLen(), p.payloadLen(),
            p.capturedPayloadLen(), p.mss(), p.wscale(), p.sackPerm(), p.sackBlocks(), p.tsPresent(),
            Integer.toUnsignedLong(p.tsval()), Integer.toUnsignedLong(p.tsecr()), p.authOption(),
            (p.flags() & DecodedPacket.RST) != 0 ? p.payload(ResetStream.RST_PAYLOAD_KEPT) : NO_PAYLOAD, clock});
    }

    /**
     * The connection a packet belongs to, the same from both directions: its sensor and its two
     * endpoints (address and port) in a fixed order, {@code sensor|a|b}. The same connection seen by two
     * sensors has two keys.
     */
    static Column connectionKey() {
        Column src = concat_ws(":", hex(col("src_hi")), hex(col("src_lo")), col("sport").cast("string"));
        Column dst = concat_ws(":", hex(col("dst_hi")), hex(col("dst_lo")), col("dport").cast("string"));
        return concat_ws("|", col(SENSOR), least(src, dst), greatest(src, dst));
    }

    /** The sensor of a {@link #connectionKey}: all before the key's two endpoints. */
    static String sensorOf(String key) {
        return key.substring(0, key.lastIndexOf('|', key.lastIndexOf('|') - 1));
    }
}
