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
import java.util.function.IntUnaryOperator;
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
        return packets(p, flows, null);
    }

    /**
     * The rows {@code rows} (ascending) of the packets table, built from those packets alone: what
     * {@code packets(p, flows).where(Selection.with(rows))} gives, at the cost of the rows selected, not
     * of the capture: {@code PacketTables.packets(pc, flows, new int[] {0, 5, 9})}. {@code null} for every row.
     */
    public static Table packets(PacketColumns p, FlowColumns flows, int[] rows) {
        int all = p.size();
        if (flows != null && (!flows.hasPackets() || flows.packetCount() != all)) {
            throw new IllegalArgumentException("the connections were tracked over " + flows.packetCount()
                    + " packets but the packets table has " + all + ": they must come from the same read, with packets kept");
        }
        int n = rows == null ? all : rows.length;
        IntUnaryOperator at = rows == null ? i -> i : i -> rows[i];
        AddressTable addrs = p.addresses();
        // Columns are independent: build them on all cores, then add them in schema order.
        Column<?>[] columns = java.util.Arrays.stream(PacketField.values()).parallel()
                .map(f -> column(f, p, n, at, addrs, flows))
                .toArray(Column<?>[]::new);
        return Table.create("packets", columns);
    }

    /**
     * One column of the packets table, for every packet: what a filter on that field reads, without the
     * rest of the table: {@code PacketTables.column(PacketField.TTL, pc, flows)}.
     */
    public static Column<?> column(PacketField f, PacketColumns p, FlowColumns flows) {
        return column(f, p, p.size(), i -> i, p.addresses(), flows);
    }

    private static Column<?> column(PacketField f, PacketColumns p, int n, IntUnaryOperator at, AddressTable addrs,
                                    FlowColumns flows) {
        String name = f.column();
        return switch (f) {
            case FRAME -> ints(name, n, i -> p.frame(at.applyAsInt(i)));
            case TS -> longs(name, n, i -> p.ts(at.applyAsInt(i)));
            case INTERFACE -> ints(name, n, i -> p.iface(at.applyAsInt(i)));
            case IP_VERSION -> ints(name, n, i -> p.ipVersion(at.applyAsInt(i)));
            case SRC -> addresses(name, n, i -> p.src(at.applyAsInt(i)), addrs);
            case DST -> addresses(name, n, i -> p.dst(at.applyAsInt(i)), addrs);
            case SPORT -> ints(name, n, i -> p.sport(at.applyAsInt(i)));
            case DPORT -> ints(name, n, i -> p.dport(at.applyAsInt(i)));
            case FLAGS -> Columns.dictionary(name, n, i -> p.flags(at.applyAsInt(i)), FLAG_TEXT.length, i -> FLAG_TEXT[i]);
            case SEQ -> longs(name, n, i -> Integer.toUnsignedLong(p.seq(at.applyAsInt(i))));
            case ACK -> longs(name, n, i -> Integer.toUnsignedLong(p.ack(at.applyAsInt(i))));
            case WIN -> ints(name, n, i -> p.win(at.applyAsInt(i)));
            case PAYLOAD_LEN -> ints(name, n, i -> p.payloadLen(at.applyAsInt(i)));
            case IP_LEN -> ints(name, n, i -> p.ipLen(at.applyAsInt(i)));
            case TTL -> ints(name, n, i -> p.ttl(at.applyAsInt(i)));
            case IP_ID -> ints(name, n, i -> missingIfNegative(p.ipId(at.applyAsInt(i))));
            case DF -> bools(name, n, i -> p.df(at.applyAsInt(i)));
            case TOS -> ints(name, n, i -> p.tos(at.applyAsInt(i)));
            case MSS -> ints(name, n, i -> missingIfNegative(p.mss(at.applyAsInt(i))));
            case WSCALE -> ints(name, n, i -> missingIfNegative(p.wscale(at.applyAsInt(i))));
            case SACK_PERM -> bools(name, n, i -> p.sackPerm(at.applyAsInt(i)));
            case TSVAL -> longs(name, n, i -> {
                int r = at.applyAsInt(i);
                return p.tsPresent(r) ? Integer.toUnsignedLong(p.tsval(r)) : Long.MIN_VALUE;
            });
            case TSECR -> longs(name, n, i -> {
                int r = at.applyAsInt(i);
                return p.tsPresent(r) ? Integer.toUnsignedLong(p.tsecr(r)) : Long.MIN_VALUE;
            });
            case UID -> flows == null ? Columns.strings(name, n, i -> null)
                    : Columns.dictionary(name, n, i -> flows.flowOfPacket(at.applyAsInt(i)), flows.size(), flows::uid);
            case DIR -> flows == null ? Columns.strings(name, n, i -> null)
                    : Columns.dictionary(name, n, i -> flows.directionOfPacket(at.applyAsInt(i)).ordinal(), 2,
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
