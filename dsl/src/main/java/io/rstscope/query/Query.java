package io.rstscope.query;

import io.rstscope.Capture;
import io.rstscope.RstscopeException;
import io.rstscope.capture.WriteMode;
import io.rstscope.reset.ResetRow;
import io.rstscope.store.Field;
import io.rstscope.view.Explanation;
import io.rstscope.view.Ladder;
import io.rstscope.view.PacketList;
import io.rstscope.view.Timeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.selection.Selection;

/**
 * What {@link FlowQuery}, {@link ResetQuery} and {@link PacketQuery} have in common: the filters, the
 * terminal operations and the exports. A query is an immutable value: every filter returns a new
 * query, filters apply in any order, and nothing is computed until a terminal operation
 * ({@code count()}, {@code table()}, {@code explain()}...), which compiles the filters into tests of
 * the capture's columns and runs them. A query holds no Tablesaw {@code Selection}: each terminal makes
 * its own.
 *
 * <pre>{@code
 * var cap = Rst.open("incident.pcapng");
 * FlowQuery q = cap.flows().withReset().stage(HANDSHAKE).spoofed();
 * q.count();                                   // 3
 * q.resets().groupBy(CAUSE, ORIGIN).count();   // a Tablesaw table
 * q.toPcap("forged.pcap");                     // the connections' packets, for Wireshark
 * System.out.println(q);                       // flows(incident.pcapng).withReset().stage(HANDSHAKE).spoofed() → 3 connections
 * }</pre>
 *
 * <p>The filters are those of {@link Filters}, the vocabulary the Spark module's queries share. The
 * filters about a reset — {@code stage, cause, sender, origin, verdict, spoofed, genuine} — ask, of a
 * connection or a packet, that its connection have <em>one</em> reset meeting all of them
 * together; of a reset, that it meet them. The filters about a connection — {@code withReset,
 * withoutReset, host, client, server, port, state, longerThan, uid} — ask, of a reset or a packet, about
 * its connection. {@code between} asks about each row's own time (a connection's: that it was alive
 * at some moment of the range), and {@code where} about a column of the query's own table.
 *
 * @param <Q> the query type itself, which every filter returns
 * @param <R> the row type: {@link Flow}, {@link Reset} or {@link Packet}
 */
public abstract sealed class Query<Q extends Query<Q, R>, R> extends Filters<Q> permits FlowQuery, ResetQuery, PacketQuery {

    final Capture capture;
    final String origin;
    final List<Condition> conditions;
    final int limit;
    /** The columns table() and the exports keep, in this order; empty: every column. */
    final List<Field> selected;
    /** The row count once a terminal has evaluated this query, else -1; shown by toString(). */
    private volatile int evaluated = -1;

    Query(Capture capture, String origin, List<Condition> conditions, int limit, List<Field> selected) {
        this.capture = capture;
        this.origin = origin;
        this.conditions = List.copyOf(conditions);
        this.limit = limit;
        this.selected = List.copyOf(selected);
    }

    // ------------------------------------------------------------------ what each query type says

    abstract Q copy(List<Condition> conditions, int limit, List<Field> selected);

    /** The table's name: flows, resets or packets. */
    @Override
    protected abstract String tableName();

    /** What a row is called: connection, reset, packet. */
    abstract String rowName();

    /** The schema enum of the table. */
    @Override
    protected abstract Class<? extends Field> schema();

    /** The whole table of the capture (never modified). */
    abstract Table wholeTable();

    /** One column of the whole table (never modified): what a filter or a grouping on {@code f} reads. */
    Column<?> wholeColumn(Field f) {
        return wholeTable().column(f.column());
    }

    /** The rows {@code rows} (ascending) of the whole table, as a new table. */
    Table rowsOf(int[] rows) {
        // A new Selection for this call only: Tablesaw selections are mutable.
        return wholeTable().where(Selection.with(rows));
    }

    /** Evaluates the conditions: the selected rows, in table order, before the limit. */
    abstract int[] evaluate(Engine engine);

    /** The row value of table row {@code row}. */
    abstract R row(int row);

    /** The flow rows (connections) of the selected rows. */
    abstract BitSet connectionsOf(int[] rows);

    /** The resets of the selected rows, in file order. */
    abstract List<ResetRow> resetsOf(int[] rows);

    // ------------------------------------------------------------------ evaluation

    /** The selected rows, limit applied; remembers their number for toString(). */
    final int[] rows() {
        int[] rows = evaluate(new Engine(capture));
        if (limit >= 0 && rows.length > limit) {
            rows = Arrays.copyOf(rows, limit);
        }
        evaluated = rows.length;
        return rows;
    }

    /** The connections (flow rows) the query's rows belong to. */
    final BitSet connections() {
        return connectionsOf(rows());
    }

    @Override
    protected final Q with(Condition c) {
        List<Condition> next = new ArrayList<>(conditions);
        next.add(c);
        return copy(next, limit, selected);
    }



    /** At most the first {@code n} rows, in table order: {@code flows().withReset().limit(10).table()}. */
    public Q limit(int n) {
        if (n < 0) {
            throw new InvalidArgumentException("limit(" + n + "): expected a number of rows, 0 or more");
        }
        return copy(conditions, limit < 0 ? n : Math.min(limit, n), selected);
    }

    /**
     * Only these columns, in this order, in {@code table()}, {@code toCsv()}, {@code toJson()} and the
     * displays; filters still ask about every column, and rows ({@code list()}, {@code first()}) stay
     * whole: {@code resets().spoofed().select(ORIG_H, CAUSE, VERDICT).toCsv("spoofed.csv")}. A second
     * select replaces the first.
     */
    public Q select(Field... fields) {
        return copy(conditions, limit, checkFields("select", fields));
    }

    /** As {@link #select(Field...)}, the fields named by their columns: {@code flows().select("uid", "history").table()}. */
    public Q select(String... fields) {
        return copy(conditions, limit, namedFields("select", fields));
    }

    // ------------------------------------------------------------------ terminals: rows

    /** How many rows the query selects: {@code flows().withReset().count()}. */
    public int count() {
        return rows().length;
    }

    /** The selected rows of the table, as a new Tablesaw table: {@code resets().cause(PORT_CLOSED).table()}. */
    public Table table() {
        Table t = rowsOf(rows());
        if (!selected.isEmpty()) {
            t = t.selectColumns(selected.stream().map(Field::column).toArray(String[]::new));
        }
        t.setName(tableName());
        return t;
    }

    /** The selected rows as values: {@code flows().port(80).list().get(0).uid()}. */
    public List<R> list() {
        int[] rows = rows();
        List<R> out = new ArrayList<>(rows.length);
        for (int r : rows) {
            out.add(row(r));
        }
        return Collections.unmodifiableList(out);
    }

    /** The first selected row; fails when there is none: {@code flows().port(443).withReset().first().ladder()}. */
    public R first() {
        int[] rows = limit(1).rows();
        if (rows.length == 0) {
            throw new RstscopeException(this + ": first() found no " + rowName());
        }
        return row(rows[0]);
    }

    /** The one selected row; fails unless there is exactly one: {@code flows().uid("C...").single()}. */
    public R single() {
        int[] rows = rows();
        if (rows.length != 1) {
            throw new RstscopeException(this + ": single() expected exactly one " + rowName() + ", found "
                    + rows.length + (rows.length > 1 ? "; add a filter, or use first()" : ""));
        }
        return row(rows[0]);
    }

    /** The selected rows as a stream: {@code resets().stream().map(Reset::cause)}. */
    public Stream<R> stream() {
        return IntStream.of(rows()).mapToObj(this::row);
    }

    // ------------------------------------------------------------------ terminals: summaries

    /** Groups the selected rows by these fields; {@code .count()} counts each group: {@code resets().groupBy(CAUSE, ORIGIN).count()}. */
    public Grouping groupBy(Field... fields) {
        return new Grouping(this, checkFields("groupBy", fields));
    }

    /** As {@link #groupBy(Field...)}, fields named by their columns: {@code resets().groupBy("cause").count()}. */
    public Grouping groupBy(String... fields) {
        return new Grouping(this, namedFields("groupBy", fields));
    }

    /**
     * The top {@code n}: for a numeric field, the rows with its largest values (missing ones left out);
     * for a text or bool field, its most common values with their counts:
     * {@code flows().top(10, ORIG_BYTES)}, {@code resets().top(3, CAUSE)}.
     */
    public Table top(int n, Field field) {
        return Summaries.top(this, n, checkFields("top", new Field[] {field}).get(0));
    }

    /** As {@link #top(int, Field)}, the field named by its column: {@code flows().top(5, "duration")}. */
    public Table top(int n, String field) {
        return Summaries.top(this, n, field("top", field));
    }

    /**
     * One row per column of the selection: type, values present, missing, distinct, min, mean, max and
     * the most common value: {@code flows().withReset().describe()}.
     */
    public Table describe() {
        return Summaries.describe(table());
    }

    private List<Field> namedFields(String step, String[] fields) {
        return resolved(step, fields, this::field);
    }

    private List<Field> checkFields(String step, Field[] fields) {
        return resolved(step, fields, this::field);
    }

    /** Each of {@code fields} resolved in this table by {@code resolve}; at least one is required. */
    private <T> List<Field> resolved(String step, T[] fields, BiFunction<String, T, Field> resolve) {
        if (fields == null || fields.length == 0) {
            throw new InvalidArgumentException(step + "(): expected at least one field of " + tableName());
        }
        List<Field> out = new ArrayList<>();
        for (T f : fields) {
            out.add(resolve.apply(step, f));
        }
        return out;
    }

    // ------------------------------------------------------------------ terminals: views

    /**
     * Each reset of the selection told in words — when, who, at which stage, why, who really sent it,
     * the verdict and its evidence: {@code resets().cause(IDLE_TIMEOUT).explain()}.
     */
    public Explanation explain() {
        int[] rows = rows();
        return explain(rows);
    }

    abstract Explanation explain(int[] rows);

    /**
     * The selection's one connection as a sequence diagram, the resets highlighted; fails unless the
     * rows belong to exactly one connection: {@code flows().uid("C...").ladder()}.
     */
    public Ladder ladder() {
        return Views.ladder(capture, onlyConnection("ladder()", "draws"));
    }

    /** The one connection of the selection; fails naming the terminal unless there is exactly one. */
    private int onlyConnection(String terminal, String verb) {
        BitSet flows = connections();
        if (flows.cardinality() != 1) {
            throw new RstscopeException(this + ": " + terminal + " " + verb + " one connection, the query has "
                    + flows.cardinality() + (flows.cardinality() == 0 ? "" : "; add a filter, or use first()." + terminal));
        }
        return flows.nextSetBit(0);
    }

    /**
     * The packets of the selection's one connection, one line each as tshark lists them (frame, time,
     * endpoints, flags, relative seq and ack, window, length), RSTs marked; fails unless the rows
     * belong to exactly one connection: {@code flows().uid("C...").packetList()}.
     */
    public PacketList packetList() {
        return Views.packetList(capture, onlyConnection("packetList()", "lists"));
    }

    /** The selection's resets over time, one lane per cause, as an SVG chart: {@code resets().timeline()}. */
    public Timeline timeline() {
        int[] rows = rows();
        return Timeline.of(toString(), resetsOf(rows));
    }

    // ------------------------------------------------------------------ terminals: exports

    /**
     * Writes the selected rows as CSV with a header row; returns the file: {@code resets().toCsv("resets.csv")}.
     * Like every export it never writes the file of an open capture, never replaces an existing file
     * (see {@link #toCsv(String, WriteMode)}) and leaves no partial file when it fails.
     */
    public Path toCsv(String file) {
        return toCsv(Path.of(file), WriteMode.CREATE);
    }

    /** As {@link #toCsv(String)}, replacing an existing file with {@code REPLACE}: {@code resets().toCsv("resets.csv", REPLACE)}. */
    public Path toCsv(String file, WriteMode mode) {
        return toCsv(Path.of(file), mode);
    }

    /** As {@link #toCsv(String)}. */
    public Path toCsv(Path file) {
        return toCsv(file, WriteMode.CREATE);
    }

    /** As {@link #toCsv(String, WriteMode)}. */
    public Path toCsv(Path file, WriteMode mode) {
        return Exports.csv(table(), file, mode);
    }

    /**
     * Writes the selected rows as a JSON array of objects keyed by column (missing values null):
     * {@code flows().toJson("flows.json")}; an existing file only with {@link #toJson(String, WriteMode)}.
     */
    public Path toJson(String file) {
        return toJson(Path.of(file), WriteMode.CREATE);
    }

    /** As {@link #toJson(String)}, replacing an existing file with {@code REPLACE}: {@code flows().toJson("flows.json", REPLACE)}. */
    public Path toJson(String file, WriteMode mode) {
        return toJson(Path.of(file), mode);
    }

    /** As {@link #toJson(String)}. */
    public Path toJson(Path file) {
        return toJson(file, WriteMode.CREATE);
    }

    /** As {@link #toJson(String, WriteMode)}. */
    public Path toJson(Path file, WriteMode mode) {
        return Exports.json(table(), file, mode);
    }

    /**
     * Writes the original packets of the selected connections (a packet query: the selected packets),
     * byte for byte, so Wireshark opens exactly them: {@code flows().spoofed().toPcap("forged.pcap")}.
     * The capture's own file is never the target, nor an existing file unless asked
     * ({@link #toPcap(String, WriteMode)}).
     */
    public Path toPcap(String file) {
        return toPcap(Path.of(file), WriteMode.CREATE);
    }

    /** As {@link #toPcap(String)}, replacing an existing file with {@code REPLACE}: {@code flows().spoofed().toPcap("forged.pcap", REPLACE)}. */
    public Path toPcap(String file, WriteMode mode) {
        return toPcap(Path.of(file), mode);
    }

    /** As {@link #toPcap(String)}. */
    public Path toPcap(Path file) {
        return toPcap(file, WriteMode.CREATE);
    }

    /** As {@link #toPcap(String, WriteMode)}. */
    public Path toPcap(Path file, WriteMode mode) {
        return Exports.pcap(capture, packetFrames(), file, mode);
    }

    /** The frames {@link #toPcap(Path)} writes: every packet of the selected connections. */
    BitSet packetFrames() {
        BitSet flows = connections();
        var pc = Engine.packetColumns(capture, "toPcap()");
        var fc = capture.flowColumns();
        BitSet frames = new BitSet();
        for (int row = 0; row < pc.size(); row++) {
            if (flows.get(fc.flowOfPacket(row))) {
                frames.set(pc.frame(row));
            }
        }
        return frames;
    }

    /**
     * Writes the selected connections (of a reset or packet query: their connections) as a Zeek
     * conn.log, header and field order as Zeek writes them: {@code flows().withReset().toZeekLog("conn.log")}.
     */
    public Path toZeekLog(String file) {
        return toZeekLog(Path.of(file), WriteMode.CREATE);
    }

    /** As {@link #toZeekLog(String)}, replacing an existing file with {@code REPLACE}: {@code flows().toZeekLog("conn.log", REPLACE)}. */
    public Path toZeekLog(String file, WriteMode mode) {
        return toZeekLog(Path.of(file), mode);
    }

    /** As {@link #toZeekLog(String)}. */
    public Path toZeekLog(Path file) {
        return toZeekLog(file, WriteMode.CREATE);
    }

    /** As {@link #toZeekLog(String, WriteMode)}. */
    public Path toZeekLog(Path file, WriteMode mode) {
        return Exports.zeek(capture, connections(), file, mode);
    }

    /**
     * A Wireshark display filter selecting the rows: for connections, their address and port pairs;
     * for resets and packets, their frame numbers: {@code resets().spoofed().wiresharkFilter()}.
     */
    public abstract String wiresharkFilter();

    // ------------------------------------------------------------------ text

    /** The capture the query runs on. */
    public Capture capture() {
        return capture;
    }

    /**
     * The query as it is written, with the number of rows once a terminal has run:
     * {@code flows(trace.pcap).withReset().stage(HANDSHAKE) → 3 connections}.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(written(origin, conditions));
        if (limit >= 0) {
            sb.append(".limit(").append(limit).append(')');
        }
        if (!selected.isEmpty()) {
            sb.append(".select(").append(selected.stream().map(Field::column).collect(Collectors.joining(", "))).append(')');
        }
        int n = evaluated;
        if (n >= 0) {
            sb.append(" → ").append(n).append(' ').append(rowName()).append(n == 1 ? "" : "s");
        }
        return sb.toString();
    }

    /** The query's text without the count: what a navigation step starts from. */
    final String text() {
        String s = toString();
        int arrow = s.lastIndexOf(" → ");
        return arrow < 0 ? s : s.substring(0, arrow);
    }

}
