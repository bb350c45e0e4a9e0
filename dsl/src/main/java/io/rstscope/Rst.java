package io.rstscope;

import io.rstscope.capture.CaptureInterface;
import io.rstscope.capture.LiveOptions;
import io.rstscope.capture.LiveSource;
import io.rstscope.capture.ReadOptions;
import io.rstscope.query.Comparison;
import io.rstscope.query.InvalidArgumentException;
import io.rstscope.query.Match;
import io.rstscope.reset.ResetStream;
import io.rstscope.reset.ResetOptions;
import io.rstscope.reset.TwoViews;
import io.rstscope.reset.Cause;
import io.rstscope.teach.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The entry point, written for {@code import static io.rstscope.Rst.*}.
 *
 * <pre>{@code
 * import static io.rstscope.Rst.*;
 *
 * import static io.rstscope.reset.Stage.*;
 *
 * var cap = open("incident.pcapng");
 * System.out.println(cap);                                       // file, format and counts
 * cap.flows().withReset().stage(HANDSHAKE).spoofed().count();    // connections reset at the handshake by a device on the path
 * cap.resets().groupBy("cause", "origin").count();               // a Tablesaw table
 * cap.flows().where("duration", gt(30).and(lt(60))).list();      // Match factories: eq, gt, in, missing...
 * cap.flows().port(443).withReset().first().ladder();            // a sequence diagram
 * var lesson = scenario(BACKLOG_OVERFLOW);                      // a teaching capture (import static io.rstscope.reset.Cause.*)
 * }</pre>
 *
 * <p>There is no static {@code flows()} here: the library holds no "current capture". The notebook,
 * the shell and scripts define the bare {@code flows()}, {@code resets()} and {@code packets()} on
 * their session's capture (the one opened last); Java code says {@code cap.flows()}.
 *
 * <p>A damaged file still opens: what was read before the damage is in the capture, and the
 * damage is in {@code cap.data().error()}. A file that is not a capture throws
 * {@link io.rstscope.capture.CaptureFormatException}.
 */
public final class Rst {

    private Rst() {
    }

    /** Opens a capture file: {@code open("trace.pcapng")}. */
    public static Capture open(String path) {
        return open(Path.of(path));
    }

    /** Opens a capture file: {@code open(Path.of("trace.pcapng"))}. */
    public static Capture open(Path path) {
        return open(path, ReadOptions.DEFAULT);
    }

    /**
     * Opens a capture file with options: {@code open(path, ReadOptions.DEFAULT.withoutPackets())}.
     *
     * <p>A directory written by {@code rstscope spark --out DIR} opens too: its {@code flows/} and
     * {@code resets/} Parquet files become the capture's tables (the same columns a capture's have), so
     * the same queries run on a cluster's result. It holds no packets: {@code packets()}, ladders and
     * packet lists say so. The options do not apply to it.
     *
     * <pre>{@code
     * var out = open("out");                         // the output of rstscope spark --out out ...
     * out.resets().groupBy(CAUSE, VERDICT).count();
     * }</pre>
     */
    public static Capture open(Path path, ReadOptions options) {
        if (ClusterOutput.is(path)) {
            return ClusterOutput.open(path);
        }
        // One pass: resets are explained as their connections end, with or without the packets kept.
        // A little heap held back for the line that says the heap ran out: when it does, the workers may
        // still hold what they read, and the line itself could not be made (it came out without the file).
        byte[] reserve = new byte[1 << 20];
        try {
            ResetStream.Result r = ResetStream.read(path, options, ResetOptions.DEFAULT);
            return new Capture(r.capture(), r.resets());
        } catch (OutOfMemoryError e) {
            reserve = null;
            throw RstscopeException.outOfMemory(path);
        } finally {
            java.lang.ref.Reference.reachabilityFence(reserve);
        }
    }

    /**
     * Compares two captures of the same traffic, one taken at the client's end and one at the server's:
     * each reset is told where it was seen (BOTH, CLIENT_SIDE_ONLY, SERVER_SIDE_ONLY), and one that the
     * claimed sender's own capture never shows is from the path (origin MIDDLEBOX, verdict FORGED).
     * Connections match by tuple and the originator's ISN, resets by connection, sender, flags and
     * sequence number — never by time, so the clocks may differ. Two captures that share no connection
     * fail here: {@code compare(open("client.pcap"), open("server.pcap")).resets().origin(MIDDLEBOX)}.
     */
    public static Comparison compare(Capture clientSide, Capture serverSide) {
        TwoViews.Result r = TwoViews.match(clientSide.flowColumns(), clientSide.data().packets(), clientSide.resetRows(),
                serverSide.flowColumns(), serverSide.data().packets(), serverSide.resetRows());
        if (r.matchedConnections() == 0 && clientSide.flowColumns().size() > 0 && serverSide.flowColumns().size() > 0) {
            // Without one shared connection every reset would look injected; more likely the files are not of the same traffic.
            throw new InvalidArgumentException("compare(" + clientSide.data().file().getFileName() + ", "
                    + serverSide.data().file().getFileName() + "): expected captures of the same traffic, but no "
                    + "connection (tuple and ISN) is in both (" + clientSide.flowColumns().size() + " and "
                    + serverSide.flowColumns().size() + " connections)");
        }
        return Comparison.of(new Capture(clientSide, r.clientSide()), new Capture(serverSide, r.serverSide()), r);
    }

    /** The network interfaces that can be captured on, with their addresses: {@code interfaces()}. */
    public static List<CaptureInterface> interfaces() {
        return LiveSource.interfaces();
    }

    /**
     * Captures from a network interface in the background until stopped:
     * {@code var live = capture("eth0", "tcp port 443"); ... live.stop();}. The filter is BPF, as
     * tcpdump takes it ({@code null} or empty for every packet); one that does not compile fails here
     * with libpcap's message. See {@link LiveCapture}.
     */
    public static LiveCapture capture(String iface, String bpfFilter) {
        return capture(iface, bpfFilter, LiveOptions.UNTIL_STOPPED);
    }

    /** Captures for {@code duration}, in the background: {@code capture("eth0", "tcp", Duration.ofSeconds(30)).await()}. */
    public static LiveCapture capture(String iface, String bpfFilter, Duration duration) {
        return capture(iface, bpfFilter, LiveOptions.UNTIL_STOPPED.forDuration(duration));
    }

    /** Captures {@code packetCount} packets, in the background: {@code capture("eth0", "tcp", 10_000)}. */
    public static LiveCapture capture(String iface, String bpfFilter, long packetCount) {
        return capture(iface, bpfFilter, LiveOptions.UNTIL_STOPPED.forPackets(packetCount));
    }

    /**
     * Captures with options: {@code capture("eth0", "tcp", LiveOptions.UNTIL_STOPPED.windowed())} keeps
     * memory bounded on a long watch. Throws {@link RstscopeException} with one clear message when
     * libpcap or the privileges are missing (it says what to install or which capability to grant).
     */
    public static LiveCapture capture(String iface, String bpfFilter, LiveOptions options) {
        return LiveCapture.start(iface, bpfFilter, options);
    }
    // ------------------------------------------------------------------ matches for where(field, match)

    /** Equal to the value (a number, a text, a boolean or an enum constant): {@code where("conn_state", eq("REJ"))}. */
    public static Match eq(Object value) {
        return new Match.Compare(Match.Op.EQ, value);
    }

    /** Not equal to the value (missing values do not match): {@code where("resp_p", ne(80))}. */
    public static Match ne(Object value) {
        return new Match.Compare(Match.Op.NE, value);
    }

    /** Greater than: {@code where("duration", gt(30))}. */
    public static Match gt(Object value) {
        return new Match.Compare(Match.Op.GT, value);
    }

    /** Greater than or equal: {@code where("forged_score", ge(4))}. */
    public static Match ge(Object value) {
        return new Match.Compare(Match.Op.GE, value);
    }

    /** Less than: {@code where("ttl", lt(10))}. */
    public static Match lt(Object value) {
        return new Match.Compare(Match.Op.LT, value);
    }

    /** Less than or equal: {@code where("orig_pkts", le(1))}. */
    public static Match le(Object value) {
        return new Match.Compare(Match.Op.LE, value);
    }

    /** One of the values: {@code where("resp_p", in(80, 443, 8080))}. */
    public static Match in(Object... values) {
        return new Match.In(values == null ? List.of() : Arrays.asList(values));
    }

    /** The value is missing (unknown): {@code where("rst_cause", missing())}. */
    public static Match missing() {
        return new Match.Presence(false);
    }

    /** The value is present: {@code where("rtt_syn_ms", present())}. */
    public static Match present() {
        return new Match.Presence(true);
    }

    /** The text contains this: {@code where("history", contains("R"))}. */
    public static Match contains(String text) {
        return new Match.Text(Match.TextOp.CONTAINS, text);
    }

    /** The text starts with this: {@code where("orig_h", startsWith("10.77."))}. */
    public static Match startsWith(String text) {
        return new Match.Text(Match.TextOp.STARTS_WITH, text);
    }

    /** The whole text matches the regular expression: {@code where("history", matches("S.*[rR]"))}. */
    public static Match matches(String regex) {
        return new Match.Text(Match.TextOp.MATCHES, regex);
    }

    /**
     * Any test in Java, described for {@code toString()}; it sees each value boxed ({@code null} when
     * missing): {@code where("history", test("odd length", h -> ((String) h).length() % 2 == 1))}.
     */
    public static Match test(String description, Predicate<Object> test) {
        return new Match.Test(description, test);
    }

    // ------------------------------------------------------------------ teaching scenarios

    /**
     * Opens the teaching scenario of a cause: a small synthetic capture that shows it, written to a
     * temporary file named after the scenario (deleted when the JVM exits).
     *
     * <pre>{@code
     * var cap = scenario(Cause.BACKLOG_OVERFLOW);   // accept-queue-overflow.pcap: 9 packets, 1 RST
     * System.out.println(Scenario.of(Cause.BACKLOG_OVERFLOW).explanation());
     * }</pre>
     */
    public static Capture scenario(Cause cause) {
        return scenario(Scenario.of(cause));
    }

    /** Opens one teaching scenario: {@code scenario(Scenario.SYN_SCAN)}. */
    public static Capture scenario(Scenario scenario) {
        try {
            Path dir = Files.createTempDirectory("rstscope-scenario-");
            Path file = dir.resolve(scenario.fileName());
            scenario.write(file);
            dir.toFile().deleteOnExit();
            file.toFile().deleteOnExit();
            return open(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
