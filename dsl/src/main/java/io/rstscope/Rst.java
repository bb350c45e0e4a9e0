package io.rstscope;

import io.rstscope.capture.CaptureInterface;
import io.rstscope.capture.LiveOptions;
import io.rstscope.capture.LiveSource;
import io.rstscope.capture.ReadOptions;
import io.rstscope.flow.FlowTracker;
import io.rstscope.flow.TrackedCapture;
import io.rstscope.reset.ResetAnalysis;
import io.rstscope.reset.ResetOptions;
import io.rstscope.reset.ResetRow;
import java.util.List;
import io.rstscope.reset.Cause;
import io.rstscope.teach.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The entry point, written for {@code import static io.rstscope.Rst.*}.
 *
 * <pre>{@code
 * import static io.rstscope.Rst.*;
 *
 * var cap = open("incident.pcapng");
 * System.out.println(cap);                 // file, format and counts
 * cap.packetTable().first(5);              // the first TCP segments as a Tablesaw table
 * var lesson = scenario(BACKLOG_OVERFLOW);  // a teaching capture (import static io.rstscope.reset.Cause.*)
 * }</pre>
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

    /** Opens a capture file with options: {@code open(path, ReadOptions.DEFAULT.withoutPackets())}. */
    public static Capture open(Path path, ReadOptions options) {
        TrackedCapture tracked = FlowTracker.read(path, options);
        // Resets are explained from the packets; a capture opened without them has none explained.
        List<ResetRow> resets = tracked.data().packets() == null ? List.of()
                : ResetAnalysis.analyze(tracked, ResetOptions.DEFAULT);
        return new Capture(tracked, resets);
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
