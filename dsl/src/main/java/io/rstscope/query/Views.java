package io.rstscope.query;

import io.rstscope.Capture;
import io.rstscope.reset.ResetRow;
import io.rstscope.view.Explanation;
import io.rstscope.view.Ladder;
import io.rstscope.view.PacketList;
import java.util.ArrayList;
import java.util.List;

/** Builds the views of a query's rows from its capture's columns. */
final class Views {

    private Views() {
    }

    static Ladder ladder(Capture cap, int flow) {
        var packets = Engine.packetColumns(cap, "ladder()");
        return Ladder.of(packets, cap.flowColumns(), flow, cap.resetRows(), cap.flowColumns().uid(flow));
    }

    static PacketList packetList(Capture cap, int flow) {
        var packets = Engine.packetColumns(cap, "packetList()");
        return PacketList.of(packets, cap.flowColumns(), flow, cap.resetRows(), cap.flowColumns().uid(flow));
    }

    static Explanation resets(Capture cap, String title, List<ResetRow> resets) {
        return Explanation.resets(title, resets);
    }

    static Explanation connections(Capture cap, String title, int[] rows) {
        List<String> uids = new ArrayList<>(rows.length);
        for (int r : rows) {
            uids.add(cap.flowColumns().uid(r));
        }
        return Explanation.connections(title, cap.flowColumns(), uids, rows, cap.resetRows());
    }

    static String endpoint(String address, int port) {
        return address.contains(":") ? "[" + address + "]:" + port : address + ":" + port;
    }
}
