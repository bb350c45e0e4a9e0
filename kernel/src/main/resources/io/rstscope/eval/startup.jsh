// rstscope's startup script: run first in every notebook kernel, REPL and script session.
// The bare flows(), resets() and packets() below work on the capture opened last.

import java.nio.file.*;
import java.time.*;
import java.util.*;
import java.util.stream.*;
import io.rstscope.*;
import io.rstscope.capture.*;
import io.rstscope.store.*;
import io.rstscope.query.*;
import io.rstscope.view.*;
import io.rstscope.reset.*;
import io.rstscope.flow.ConnState;
import io.rstscope.reset.Cause;
import io.rstscope.teach.Scenario;
import tech.tablesaw.api.*;
import static io.rstscope.Rst.*;
// display(value), display(value, id) and updateDisplay(id, value): show a value mid-cell.
import static io.rstscope.eval.Host.display;
import static io.rstscope.eval.Host.updateDisplay;
// The vocabularies, so that stage(HANDSHAKE), cause(PORT_CLOSED), state(REJ) read as written.
// Cause.UNKNOWN and Origin.UNKNOWN share a name: write those two qualified.
import static io.rstscope.reset.Stage.*;
import static io.rstscope.reset.Cause.*;
import static io.rstscope.reset.Origin.*;
import static io.rstscope.reset.Verdict.*;
import static io.rstscope.reset.Sender.*;
import static io.rstscope.flow.ConnState.*;
// toPcap("x.pcap", REPLACE): an export replaces an existing file only when asked.
import static io.rstscope.capture.WriteMode.*;
// The fields, so that groupBy(CAUSE, ORIGIN) and where(DURATION, gt(30)) read as written: one name per
// column of any table (Col), which each query resolves to its own table's column (resets().groupBy(UID)
// is the resets table's uid).
import static io.rstscope.store.Col.*;

/** The capture the bare flows(), resets() and packets() work on: the one opened last. */
Capture current = null;

/** Opens a capture, showing progress while a big one loads, and makes it the current one. */
Capture openShowingProgress(Path file) {
    try (var progress = io.rstscope.eval.Host.progress(file)) {
        current = Rst.open(file, ReadOptions.DEFAULT.withProgress(progress));
        progress.finish(current.toString());
        return current;
    }
}

// Each overload calls openShowingProgress: in JShell a method cannot see its own overloads.

/** Opens a capture and makes it the current one: the bare flows(), resets() and packets() work on it. */
Capture open(Path file) {
    return openShowingProgress(file);
}

/** Opens a capture by its file name and makes it the current one. */
Capture open(String file) {
    return openShowingProgress(Path.of(file));
}

/** Opens a capture with options and makes it the current one. */
Capture open(Path file, ReadOptions options) {
    current = Rst.open(file, options);
    return current;
}

/** Opens the teaching scenario of a cause and makes it the current capture: scenario(Cause.BACKLOG_OVERFLOW). */
Capture scenario(Cause cause) {
    current = Rst.scenario(cause);
    return current;
}

/** Opens one teaching scenario and makes it the current capture: scenario(Scenario.SYN_SCAN). */
Capture scenario(Scenario scenario) {
    current = Rst.scenario(scenario);
    return current;
}

// Live capture: it runs in the background while the session goes on; until a file is opened again,
// the bare packets() works on what it has captured so far.

/** The live capture started last; current() is its latest snapshot while current is null. */
LiveCapture lastLive = null;

LiveCapture startLive(LiveCapture started) {
    lastLive = started;
    current = null;
    return started;
}

/** Captures from an interface in the background until live.stop(): capture("eth0", "tcp port 443"). */
LiveCapture capture(String iface, String filter) {
    return startLive(Rst.capture(iface, filter));
}

/** Captures for a while, in the background: capture("eth0", "tcp", Duration.ofSeconds(30)). */
LiveCapture capture(String iface, String filter, Duration duration) {
    return startLive(Rst.capture(iface, filter, duration));
}

/** Captures a number of packets, in the background: capture("eth0", "tcp", 10_000). */
LiveCapture capture(String iface, String filter, long packets) {
    return startLive(Rst.capture(iface, filter, packets));
}

/** Captures with options, in the background: capture("eth0", "tcp", LiveOptions.UNTIL_STOPPED.windowed()). */
LiveCapture capture(String iface, String filter, LiveOptions options) {
    return startLive(Rst.capture(iface, filter, options));
}

/** Captures for seconds (0: until interrupted), showing connections and resets as they come (%capture). */
Capture captureShowing(String iface, String filter, long seconds) {
    startLive(seconds > 0 ? Rst.capture(iface, filter, Duration.ofSeconds(seconds)) : Rst.capture(iface, filter));
    return io.rstscope.eval.Host.follow(lastLive);
}

/** The current capture; fails with a hint when none is open yet. */
Capture current() {
    if (current == null && lastLive != null) {
        return lastLive.snapshot();
    }
    if (current == null) {
        throw new RstscopeException("no capture is open yet: open(\"trace.pcap\") first");
    }
    return current;
}

/** The current capture's connections, as a query: flows().withReset().stage(HANDSHAKE).spoofed().count() */
FlowQuery flows() {
    return current().flows();
}

/** The current capture's resets, as a query: resets().groupBy(CAUSE, ORIGIN).count() */
ResetQuery resets() {
    return current().resets();
}

/** The current capture's TCP packets, as a query: packets().port(80).table() */
PacketQuery packets() {
    return current().packets();
}

/** The current capture's undecodable packets. */
Table issues() {
    return current().issueTable();
}
