package io.rstscope.query;

import io.rstscope.Capture;
import io.rstscope.reset.ResetRow;
import io.rstscope.reset.SeenAt;
import io.rstscope.reset.TwoViews;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Two captures of the same traffic compared, one taken at the client's end and one at the server's:
 * every reset knows where it was seen ({@code seen_at}) and its origin and verdict are decided with
 * both views. Made by {@code Rst.compare(clientSide, serverSide)}; immutable.
 *
 * <pre>{@code
 * var cmp = compare(open("client.pcap"), open("server.pcap"));
 * System.out.println(cmp);                             // compare(client.pcap, server.pcap): 1 connection in both, ...
 * cmp.resets().origin(MIDDLEBOX).count();              // the client side's resets the server never sent
 * cmp.serverSide().resets().where("seen_at", eq("SERVER_SIDE_ONLY")).list();
 * cmp.table();                                         // every reset of either side once, with both frames
 * }</pre>
 *
 * <p>A connection is the same in both captures when its tuple and its originator's ISN agree, a reset
 * when its connection, sender, flags and sequence number agree; timestamps are never compared, so the
 * two clocks may be apart. A reset that the claimed sender's own capture never shows came from the
 * path: origin {@code MIDDLEBOX}, verdict {@code FORGED}; one it shows is the sender's: {@code ENDPOINT},
 * {@code GENUINE}. The client-side capture is taken to be at the connections' originator, and the
 * addresses must be the same in both (a NAT between the two vantage points is not undone).
 */
public final class Comparison {

    private final Capture clientSide;
    private final Capture serverSide;
    private final TwoViews.Result result;

    private Comparison(Capture clientSide, Capture serverSide, TwoViews.Result result) {
        this.clientSide = clientSide;
        this.serverSide = serverSide;
        this.result = result;
    }

    /**
     * The comparison of two captures whose resets {@code result} already carries; {@code Rst.compare(..)}
     * makes it, with the two captures holding {@code result}'s resets.
     */
    public static Comparison of(Capture clientSide, Capture serverSide, TwoViews.Result result) {
        return new Comparison(clientSide, serverSide, result);
    }

    /** The client-side resets, each with {@code seen_at} and the two-view origin: {@code cmp.resets().origin(MIDDLEBOX)}. */
    public ResetQuery resets() {
        return new ResetQuery(clientSide, name() + ".resets()", List.of(), -1);
    }

    /** The client-side capture, its resets decided with both views: {@code cmp.clientSide().flows()}. */
    public Capture clientSide() {
        return clientSide;
    }

    /** The server-side capture, its resets decided with both views: {@code cmp.serverSide().resets().count()}. */
    public Capture serverSide() {
        return serverSide;
    }

    /** How many connections both captures show: {@code cmp.matchedConnections()}. */
    public int matchedConnections() {
        return result.matchedConnections();
    }

    /**
     * Every reset of either side once — the client side's in file order, then those only the server side
     * shows — with {@code seen_at}, {@code client_frame} and {@code server_frame} (missing where not
     * seen), {@code sender}, {@code client_cause} and {@code server_cause} (each side's own explanation),
     * the two-view {@code origin} and {@code verdict}, then which connection: {@code uid} (the client
     * side's where it has the reset) and the tuple — the answer first, so that it is in sight in a narrow
     * notebook: {@code cmp.table()}.
     */
    public Table table() {
        Table t = Table.create("comparison");
        StringColumn seenAt = StringColumn.create("seen_at");
        IntColumn clientFrame = IntColumn.create("client_frame");
        IntColumn serverFrame = IntColumn.create("server_frame");
        StringColumn uid = StringColumn.create("uid");
        StringColumn origH = StringColumn.create("orig_h");
        IntColumn origP = IntColumn.create("orig_p");
        StringColumn respH = StringColumn.create("resp_h");
        IntColumn respP = IntColumn.create("resp_p");
        StringColumn sender = StringColumn.create("sender");
        StringColumn clientCause = StringColumn.create("client_cause");
        StringColumn serverCause = StringColumn.create("server_cause");
        StringColumn origin = StringColumn.create("origin");
        StringColumn verdict = StringColumn.create("verdict");
        List<ResetRow> client = result.clientSide();
        List<ResetRow> server = result.serverSide();
        int n = client.size();
        for (int i = 0; i < n + server.size(); i++) {
            ResetRow c = i < n ? client.get(i) : null;
            int s = i < n ? result.serverOfClient()[i] : i - n;
            if (c == null && result.clientOfServer()[s] >= 0) {
                continue;   // listed with its client-side twin
            }
            ResetRow sr = s >= 0 ? server.get(s) : null;
            ResetRow r = c != null ? c : sr;
            seenAt.append(r.seenAt().name());
            if (c != null) {
                clientFrame.append((int) c.frame());
            } else {
                clientFrame.appendMissing();
            }
            if (sr != null) {
                serverFrame.append((int) sr.frame());
            } else {
                serverFrame.appendMissing();
            }
            uid.append(r.uid());
            origH.append(r.origH());
            origP.append(r.origP());
            respH.append(r.respH());
            respP.append(r.respP());
            sender.append(r.sender().name());
            clientCause.append(c == null ? null : c.cause().name());
            serverCause.append(sr == null ? null : sr.cause().name());
            origin.append(r.origin().name());
            verdict.append(r.verdict().name());
        }
        return t.addColumns(seenAt, clientFrame, serverFrame, sender, clientCause, serverCause, origin, verdict, uid,
                origH, origP, respH, respP);
    }

    private String name() {
        return "compare(" + clientSide.data().file().getFileName() + ", " + serverSide.data().file().getFileName() + ")";
    }

    /** One line: the two files, the connections both show and the resets by where they were seen. */
    @Override
    public String toString() {
        Map<SeenAt, Integer> counts = new EnumMap<>(SeenAt.class);
        for (SeenAt s : SeenAt.values()) {
            counts.put(s, 0);
        }
        result.clientSide().forEach(r -> counts.merge(r.seenAt(), 1, Integer::sum));
        result.serverSide().stream().filter(r -> r.seenAt() == SeenAt.SERVER_SIDE_ONLY)
                .forEach(r -> counts.merge(r.seenAt(), 1, Integer::sum));
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        int m = result.matchedConnections();
        return name() + ": " + m + (m == 1 ? " connection" : " connections") + " in both, " + total + " RST: "
                + counts.get(SeenAt.BOTH) + " BOTH, " + counts.get(SeenAt.CLIENT_SIDE_ONLY) + " CLIENT_SIDE_ONLY, "
                + counts.get(SeenAt.SERVER_SIDE_ONLY) + " SERVER_SIDE_ONLY";
    }
}
