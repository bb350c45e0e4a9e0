package io.rstscope.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.capture.SharedCaptures;
import io.rstscope.capture.ReadOptions;
import io.rstscope.flow.FlowTracker;
import io.rstscope.flow.TrackedCapture;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The flows table follows its schema enum, and packets carry their connection's uid. */
class FlowTablesTest {

    private static final TrackedCapture SSH = FlowTracker.read(
            SharedCaptures.root().resolve("zeek").resolve("tcp__syn-then-rst.pcap"), ReadOptions.DEFAULT);

    @Test
    void should_have_the_schema_columns_in_order_when_building_the_flows_table() {
        Table flows = FlowTables.flows(SSH.flows());
        assertThat(flows.columnNames()).containsExactlyElementsOf(
                Arrays.stream(FlowField.values()).map(FlowField::column).toList());
        for (FlowField f : FlowField.values()) {
            assertThat(flows.column(f.column()).type()).as(f.column()).isEqualTo(f.type());
            if (!f.nullable()) {
                assertThat(flows.column(f.column()).countMissing()).as("missing values in " + f.column()).isZero();
            }
        }
        assertThat(flows.rowCount()).isEqualTo(1);
        assertThat(flows.stringColumn("conn_state").get(0)).isEqualTo("RSTOS0");
        assertThat(flows.stringColumn("history").get(0)).isEqualTo("SR");
    }

    @Test
    void should_give_every_packet_its_connection_uid_when_flows_are_tracked() {
        Table packets = PacketTables.packets(SSH.data().packets(), SSH.flows());
        String uid = SSH.flows().uid(0);
        assertThat(packets.stringColumn("uid").asList()).containsOnly(uid);
        assertThat(packets.stringColumn("dir").asList()).containsExactly("ORIG", "ORIG");
        assertThat(PacketTables.packets(SSH.data().packets()).stringColumn("uid").countMissing())
                .isEqualTo(packets.rowCount());
    }
}
