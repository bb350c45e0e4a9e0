package io.rstscope.store;

import static io.rstscope.store.Columns.bools;
import static io.rstscope.store.Columns.doubles;
import static io.rstscope.store.Columns.ints;
import static io.rstscope.store.Columns.longs;
import static io.rstscope.store.Columns.strings;

import io.rstscope.capture.AddressTable;
import io.rstscope.capture.Issue;
import io.rstscope.capture.PacketColumns;
import io.rstscope.flow.FlowColumns;
import java.util.List;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Builds the {@code packets} and {@code issues} tables from what a read produced, column by column in
 * {@link PacketField} / {@link IssueField} order.
 *
 * <pre>{@code
 * CaptureData data = CaptureReader.read(path, ReadOptions.DEFAULT);
 * Table packets = PacketTables.packets(data.packets());
 * Table issues = PacketTables.issues(data.issues());
 * }</pre>
 */
public final class PacketTables {

    private static final String[] FLAG_NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE"};
    private static final String[] FLAG_TEXT = new String[1 << 9];

    static {
        for (int f = 0; f < FLAG_TEXT.length; f++) {
            StringBuilder sb = new StringBuilder();
            for (int bit = 0; bit < FLAG_NAMES.length; bit++) {
                if ((f & (1 << bit)) != 0) {
                    if (sb.length() > 0) {
                        sb.append(',');
                    }
                    sb.append(FLAG_NAMES[bit]);
                }
            }
            FLAG_TEXT[f] = sb.toString();
        }
    }

    private PacketTables() {
    }

    /** TCP flag bits as text: {@code SYN,ACK}, {@code RST}, {@code FIN,PSH,ACK}; empty for none. */
    public static String flagText(int flags) {
        return FLAG_TEXT[flags & (FLAG_TEXT.length - 1)];
    }

    /** The packets table, without connections: {@code uid} and {@code dir} are missing. */
    public static Table packets(PacketColumns p) {
        return packets(p, null);
    }

    /**
     * The packets table with each packet's connection ({@code uid}, {@code dir}) from {@code flows},
     * which must come from the same read with the packets kept.
     */
    public static Table packets(PacketColumns p, FlowColumns flows) {
        int n = p.size();
        if (flows != null && (!flows.hasPackets() || flows.packetCount() != n)) {
            throw new IllegalArgumentException("the connections were tracked over " + flows.packetCount()
                    + " packets but the packets table has " + n + ": they must come from the same read, with packets kept");
        }
        AddressTable addrs = p.addresses();
        // Columns are independent: build them on all cores, then add them in schema order.
        Column<?>[] columns = java.util.Arrays.stream(PacketField.values()).parallel()
                .map(f -> column(f, p, n, addrs, flows))
                .toArray(Column<?>[]::new);
        return Table.create("packets", columns);
    }

    private static Column<?> column(PacketField f, PacketColumns p, int n, AddressTable addrs, FlowColumns flows) {
        String name = f.column();
        return switch (f) {
            case FRAME -> ints(name, n, p::frame);
            case TS -> longs(name, n, p::ts);
            case INTERFACE -> ints(name, n, p::iface);
            case IP_VERSION -> ints(name, n, p::ipVersion);
            case SRC -> addresses(name, n, p::src, addrs);
            case DST -> addresses(name, n, p::dst, addrs);
            case SPORT -> ints(name, n, p::sport);
            case DPORT -> ints(name, n, p::dport);
            case FLAGS -> Columns.dictionary(name, n, p::flags, FLAG_TEXT.length, i -> FLAG_TEXT[i]);
            case SEQ -> longs(name, n, i -> Integer.toUnsignedLong(p.seq(i)));
            case ACK -> longs(name, n, i -> Integer.toUnsignedLong(p.ack(i)));
            case WIN -> ints(name, n, p::win);
            case PAYLOAD_LEN -> ints(name, n, p::payloadLen);
            case IP_LEN -> ints(name, n, p::ipLen);
            case TTL -> ints(name, n, p::ttl);
            case IP_ID -> ints(name, n, i -> missingIfNegative(p.ipId(i)));
            case DF -> bools(name, n, p::df);
            case TOS -> ints(name, n, p::tos);
            case MSS -> ints(name, n, i -> missingIfNegative(p.mss(i)));
            case WSCALE -> ints(name, n, i -> missingIfNegative(p.wscale(i)));
            case SACK_PERM -> bools(name, n, p::sackPerm);
            case TSVAL -> longs(name, n, i -> p.tsPresent(i) ? Integer.toUnsignedLong(p.tsval(i)) : Long.MIN_VALUE);
            case TSECR -> longs(name, n, i -> p.tsPresent(i) ? Integer.toUnsignedLong(p.tsecr(i)) : Long.MIN_VALUE);
            case UID -> flows == null ? Columns.strings(name, n, i -> null)
                    : Columns.dictionary(name, n, flows::flowOfPacket, flows.size(), flows::uid);
            case DIR -> flows == null ? Columns.strings(name, n, i -> null)
                    : Columns.dictionary(name, n, i -> flows.directionOfPacket(i).ordinal(), 2,
                            k -> io.rstscope.flow.Direction.values()[k].name());
        };
    }

    /** The issues table. */
    public static Table issues(List<Issue> issues) {
        int n = issues.size();
        Table t = Table.create("issues");
        for (IssueField f : IssueField.values()) {
            String name = f.column();
            t.addColumns(switch (f) {
                case FRAME -> ints(name, n, i -> (int) issues.get(i).frame());
                case TS -> longs(name, n, i -> issues.get(i).ts());
                case KIND -> StringColumn.create(name, issues.stream().map(x -> x.kind().name()).toList());
                case REASON -> StringColumn.create(name, issues.stream().map(Issue::reason).toList());
                case OFFSET -> longs(name, n, i -> issues.get(i).offset());
            });
        }
        return t;
    }

    private static int missingIfNegative(int v) {
        return v < 0 ? Integer.MIN_VALUE : v;
    }

    private static StringColumn addresses(String name, int n, java.util.function.IntUnaryOperator id, AddressTable a) {
        return Columns.dictionary(name, n, id, a.size(), a::text);
    }
}
