package io.rstscope.reset;

import io.rstscope.capture.DecodedPacket;
import io.rstscope.capture.PacketColumns;
import io.rstscope.flow.Direction;
import io.rstscope.flow.FlowColumns;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches the resets of two captures of the same traffic, one taken at the client's end and one at the
 * server's, and decides each reset's origin with both views.
 *
 * <p>A connection is the same in both when its unordered tuple (addresses and ports) and its
 * originator's ISN agree; a reset is the same when its connection, its sender, its flags and its
 * sequence number agree. Timestamps are never compared: the two clocks may be apart. Addresses must be
 * the same in both captures: a NAT between the two vantage points is not undone.
 *
 * <p>The claimed sender's own capture decides: a reset it shows is the sender's ({@code ENDPOINT},
 * {@code GENUINE}); one it never shows was made on the path ({@code MIDDLEBOX}, {@code FORGED}). The
 * client-side capture is taken to be at the connections' originator.
 *
 * <pre>{@code
 * TwoViews.Result r = TwoViews.match(client.flowColumns(), client.data().packets(), client.resetRows(),
 *                                    server.flowColumns(), server.data().packets(), server.resetRows());
 * r.clientSide().get(0).seenAt();   // BOTH
 * }</pre>
 */
public final class TwoViews {

    private TwoViews() {
    }

    /**
     * What the comparison found.
     *
     * @param clientSide          the client-side resets, in file order, with where seen and the two-view origin
     * @param serverSide          the same for the server side
     * @param serverOfClient      for each client-side reset, the index of the same reset among the server-side ones, else -1
     * @param clientOfServer      for each server-side reset, the index of the same reset among the client-side ones, else -1
     * @param matchedConnections  how many connections both captures show
     */
    public record Result(List<ResetRow> clientSide, List<ResetRow> serverSide, int[] serverOfClient,
                         int[] clientOfServer, int matchedConnections) {
    }

    /** Matches the resets of the client-side capture with those of the server-side one. */
    public static Result match(FlowColumns clientFlows, PacketColumns clientPackets, List<ResetRow> clientResets,
                               FlowColumns serverFlows, PacketColumns serverPackets, List<ResetRow> serverResets) {
        List<String> clientKeys = resetKeys(clientFlows, clientPackets, clientResets, "client");
        List<String> serverKeys = resetKeys(serverFlows, serverPackets, serverResets, "server");
        Map<String, ArrayDeque<Integer>> byKey = new HashMap<>();
        for (int i = 0; i < serverKeys.size(); i++) {
            byKey.computeIfAbsent(serverKeys.get(i), k -> new ArrayDeque<>()).add(i);
        }
        int[] serverOf = new int[clientKeys.size()];
        int[] clientOf = new int[serverKeys.size()];
        java.util.Arrays.fill(clientOf, -1);
        for (int i = 0; i < clientKeys.size(); i++) {
            // Identical resets (a retransmitted one) pair in order.
            ArrayDeque<Integer> q = byKey.get(clientKeys.get(i));
            serverOf[i] = q == null || q.isEmpty() ? -1 : q.poll();
            if (serverOf[i] >= 0) {
                clientOf[serverOf[i]] = i;
            }
        }
        List<ResetRow> client = decide(clientResets, serverOf, Sender.CLIENT, serverResets, "client", "server");
        List<ResetRow> server = decide(serverResets, clientOf, Sender.SERVER, clientResets, "server", "client");
        Set<String> serverConnections = new HashSet<>();
        for (int f = 0; f < serverFlows.size(); f++) {
            serverConnections.add(connectionKey(serverFlows, f));
        }
        int matched = 0;
        for (int f = 0; f < clientFlows.size(); f++) {
            matched += serverConnections.contains(connectionKey(clientFlows, f)) ? 1 : 0;
        }
        return new Result(client, server, serverOf, clientOf, matched);
    }

    /** The resets of one side with the two-view verdicts; {@code here} is the sender whose own capture this is. */
    private static List<ResetRow> decide(List<ResetRow> rows, int[] other, Sender here, List<ResetRow> otherRows,
                                         String hereName, String otherName) {
        List<ResetRow> out = new ArrayList<>(rows.size());
        SeenAt only = here == Sender.CLIENT ? SeenAt.CLIENT_SIDE_ONLY : SeenAt.SERVER_SIDE_ONLY;
        for (int i = 0; i < rows.size(); i++) {
            ResetRow r = rows.get(i);
            SeenAt where = other[i] >= 0 ? SeenAt.BOTH : only;
            String claimed = r.sender().name().toLowerCase(java.util.Locale.ROOT);
            if (r.sender() == here) {
                out.add(r.withTwoViews(where, Origin.ENDPOINT, Verdict.GENUINE, new Evidence("in_senders_capture", 0,
                        "the " + claimed + "-side capture itself shows it, frame " + r.frame())));
            } else if (other[i] >= 0) {
                out.add(r.withTwoViews(where, Origin.ENDPOINT, Verdict.GENUINE, new Evidence("in_senders_capture", 0,
                        "the " + otherName + "-side capture shows the " + claimed + " sending it, frame "
                                + otherRows.get(other[i]).frame())));
            } else {
                out.add(r.withTwoViews(where, Origin.MIDDLEBOX, Verdict.FORGED, new Evidence("not_in_senders_capture", 0,
                        "it carries the " + claimed + "'s address but the " + otherName
                                + "-side capture never shows it: the " + claimed + " did not send it")));
            }
        }
        return out;
    }

    /** For each reset: its connection, sender, flags and sequence number, as one text. */
    private static List<String> resetKeys(FlowColumns flows, PacketColumns packets, List<ResetRow> resets,
                                          String side) {
        Map<Integer, Integer> rowOfFrame = new HashMap<>();
        if (packets != null) {
            for (int p = 0; p < packets.size(); p++) {
                if ((packets.flags(p) & DecodedPacket.RST) != 0) {
                    rowOfFrame.put(packets.frame(p), p);
                }
            }
        }
        List<String> keys = new ArrayList<>(resets.size());
        for (ResetRow r : resets) {
            Integer p = rowOfFrame.get((int) r.frame());
            String sender = r.sender() == Sender.CLIENT ? r.origH() + "#" + r.origP() : r.respH() + "#" + r.respP();
            String conn = r.flow() < 0 ? r.origH() + "#" + r.origP() + " " + r.respH() + "#" + r.respP()
                    : connectionKey(flows, r.flow());
            keys.add(p == null ? side + " frame " + r.frame() + " without its packet"
                    : conn + " from " + sender + " flags " + packets.flags(p) + " seq " + Integer.toUnsignedLong(packets.seq(p)));
        }
        return keys;
    }

    /** A connection as both captures name it: the two endpoints in a fixed order, and the originator's ISN. */
    private static String connectionKey(FlowColumns flows, int f) {
        String a = flows.addresses().text(flows.address(f, Direction.ORIG)) + "#" + flows.port(f, Direction.ORIG);
        String b = flows.addresses().text(flows.address(f, Direction.RESP)) + "#" + flows.port(f, Direction.RESP);
        String pair = a.compareTo(b) <= 0 ? a + " " + b : b + " " + a;
        return pair + " isn " + a + "=" + flows.isn(f, Direction.ORIG);
    }
}
