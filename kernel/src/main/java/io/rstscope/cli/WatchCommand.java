package io.rstscope.cli;

import io.rstscope.LiveCapture;
import io.rstscope.ResetFeed;
import io.rstscope.Rst;
import io.rstscope.RstscopeException;
import io.rstscope.capture.CaptureInterface;
import io.rstscope.capture.LiveOptions;
import io.rstscope.capture.LiveSource;
import io.rstscope.reset.Cause;
import io.rstscope.reset.ResetRow;
import io.rstscope.reset.Sender;
import io.rstscope.reset.Verdict;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Set;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code rstscope watch IFACE [--filter BPF] [--seconds N]}: captures live and prints each reset as
 * soon as it is explained — time, tuple (sender > receiver), stage, cause, verdict — and a summary
 * when it ends: on Ctrl-C (from a shutdown hook), or after {@code --seconds}.
 *
 * <pre>
 * $ sudo rstscope watch eth0 --filter 'tcp port 443'
 * watching eth0 (tcp port 443): each reset as it is explained; Ctrl-C for the summary
 * 2025-03-02T10:15:04.312871Z  10.0.0.7:443 &gt; 10.0.0.2:51544  DATA_TRANSFER  APP_ABORT  GENUINE
 * ^C
 * watched eth0 (tcp port 443) for 41 s: 18230 packets, 18230 TCP, 1 RST packet, 1 reset explained, 0 dropped by the kernel
 *   by cause: APP_ABORT 1
 *   by verdict: GENUINE 1
 * </pre>
 *
 * <p>Each reset comes from the streaming analysis that follows the capture packet by packet (see
 * {@link ResetFeed}): it is printed once its connection has ended by Zeek's timers, about 5 s after the
 * RST, so that what followed it counts; nothing is decoded twice. The capture is
 * {@linkplain LiveOptions#windowed() windowed} (it keeps only the TCP headers that can still explain a
 * reset, for a snapshot or a save), so memory stays bounded however long it watches.
 */
final class WatchCommand {

    static final String USAGE = "usage: rstscope watch IFACE [--filter BPF] [--seconds N]   (rstscope watch --interfaces lists them)";
    static final String HELP = String.join("\n", USAGE,
            "",
            "Captures live from IFACE and prints each reset as soon as it is explained; on Ctrl-C (or after",
            "--seconds) a summary. Needs CAP_NET_RAW.",
            "",
            "  --filter BPF   a capture filter, as tcpdump takes it",
            "  --seconds N    stop after N seconds",
            "  --interfaces   list the interfaces with their addresses",
            "  -h, --help     this text");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final PrintStream err;
    private final Map<Cause, Integer> causes = new EnumMap<>(Cause.class);
    private final Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
    private boolean finished;

    WatchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        String iface = null;
        String filter = "";
        Duration duration = null;
        try {
            Args a = Args.parse(args, Set.of("--interfaces"), Set.of("--filter", "--seconds"));
            if (a.help()) {
                out.println(HELP);
                return 0;
            }
            if (a.has("--interfaces")) {
                return interfaces();
            }
            if (a.positional().size() != 1) {
                throw new Args.Usage(a.positional().isEmpty() ? "no interface given"
                        : "one interface expected, got " + a.positional().size() + ": " + String.join(" ", a.positional()));
            }
            iface = a.positional().get(0);
            filter = a.value("--filter", "");
            if (a.has("--seconds")) {
                String v = a.value("--seconds", "");
                double seconds;
                try {
                    seconds = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    seconds = -1;
                }
                if (!(seconds > 0 && seconds < 1e9)) {
                    throw new Args.Usage("--seconds " + v + ": expected a number of seconds > 0");
                }
                duration = Duration.ofMillis((long) (seconds * 1000));
            }
        } catch (Args.Usage e) {
            err.println("rstscope watch: " + e.getMessage());
            err.println(USAGE);
            return 1;
        }
        LiveOptions options = LiveOptions.UNTIL_STOPPED.windowed();
        if (duration != null) {
            options = options.forDuration(duration);
        }
        LiveCapture live;
        try {
            live = Rst.capture(iface, filter, options);
        } catch (RstscopeException e) {
            err.println("rstscope watch: " + e.getMessage());
            return 2;
        }
        out.println("watching " + label(live) + ": each reset as it is explained; Ctrl-C for the summary");
        out.flush();
        ResetFeed feed = live.resetFeed();
        Thread hook = new Thread(() -> {
            out.println(); // off the line where the terminal echoed ^C
            finish(live, feed);
        }, "rstscope-watch-summary");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            // Until the capture ends, or the output can no longer be written: 'rstscope watch lo | head -3'
            // ends when head does, as tcpdump does, instead of capturing for no one.
            while (live.running() && !out.checkError()) {
                print(feed);
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finish(live, feed);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook found the work done
        }
        if (live.source().failure().isPresent()) {
            err.println("rstscope watch: " + live.source().failure().get().getMessage());
            return 2;
        }
        return 0;
    }

    private synchronized void print(ResetFeed feed) {
        if (finished) {
            return;
        }
        for (ResetRow r : feed.poll()) {
            out.println(line(r));
            causes.merge(r.cause(), 1, Integer::sum);
            verdicts.merge(r.verdict(), 1, Integer::sum);
        }
        out.flush();
    }

    /** Stops the capture, prints the resets still waiting and the summary; once, whoever calls first. */
    private synchronized void finish(LiveCapture live, ResetFeed feed) {
        if (finished) {
            return;
        }
        live.close();
        print(feed);
        finished = true;
        LiveSource s = live.source();
        long seconds = Duration.between(s.started(), s.ended().orElse(Instant.now())).toSeconds();
        long resets = causes.values().stream().mapToLong(Integer::longValue).sum();
        out.println("watched " + label(live) + " for " + seconds + " s: " + s.packets() + " packets, " + s.tcpPackets()
                + " TCP, " + s.rstPackets() + (s.rstPackets() == 1 ? " RST packet, " : " RST packets, ") + resets + (resets == 1 ? " reset" : " resets")
                + " explained, " + Math.max(0, s.dropped()) + " dropped by the kernel");
        if (resets > 0) {
            out.println("  by cause: " + counts(causes));
            out.println("  by verdict: " + counts(verdicts));
        }
        if (feed.missed() > 0) {
            out.println("  " + feed.missed() + (feed.missed() == 1 ? " reset" : " resets")
                    + " not printed: they came faster than they could be printed");
        }
        out.flush();
    }

    /** One reset: time, sender > receiver, stage, cause (or the runner-up), verdict. */
    static String line(ResetRow r) {
        boolean fromClient = r.sender() == Sender.CLIENT;
        String from = endpoint(fromClient ? r.origH() : r.respH(), fromClient ? r.origP() : r.respP());
        String to = endpoint(fromClient ? r.respH() : r.origH(), fromClient ? r.respP() : r.origP());
        return TIME.format(Instant.ofEpochSecond(0, r.ts())) + "  " + from + " > " + to + "  " + r.stage() + "  "
                + r.cause() + (r.runnerUp() != null ? " (or " + r.runnerUp() + ")" : "") + "  " + r.verdict();
    }

    private static String endpoint(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static String label(LiveCapture live) {
        String f = live.source().filter();
        return live.source().iface() + (f.isEmpty() ? "" : " (" + f + ")");
    }

    private static <K> String counts(Map<K, Integer> m) {
        return m.entrySet().stream().sorted(Map.Entry.<K, Integer>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private int interfaces() {
        try {
            for (CaptureInterface i : Rst.interfaces()) {
                out.println(i);
            }
            return 0;
        } catch (RstscopeException e) {
            err.println("rstscope watch: " + e.getMessage());
            return 2;
        }
    }
}
