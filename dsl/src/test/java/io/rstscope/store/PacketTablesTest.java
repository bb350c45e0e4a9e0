package io.rstscope.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.capture.Fixtures;
import io.rstscope.capture.ReadOptions;
import io.rstscope.flow.FlowTracker;
import io.rstscope.flow.TrackedCapture;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;
import tech.tablesaw.selection.Selection;

class PacketTablesTest {

    @Test
    void should_have_the_schema_columns_in_order_when_building_the_packets_table() {
        Table t = PacketTables.packets(Fixtures.read("linux-sll-nsec-handshake.pcap").packets());

        assertThat(t.columnNames()).containsExactlyElementsOf(Arrays.stream(PacketField.values()).map(Field::column).toList());
        for (PacketField f : PacketField.values()) {
            assertThat(t.column(f.column()).type()).as(f.column()).isEqualTo(f.type());
        }
        assertThat(t.rowCount()).isEqualTo(3);
    }

    @Test
    void should_hold_text_flags_and_missing_options_when_building_the_packets_table() {
        Table t = PacketTables.packets(Fixtures.read("linux-sll-nsec-handshake.pcap").packets());

        assertThat(t.stringColumn("flags").asList()).containsExactly("SYN", "SYN,ACK", "ACK");
        assertThat(t.longColumn("seq").get(1)).isEqualTo(3078856592L);
        assertThat(t.intColumn("mss").isMissing(2)).isTrue();
        assertThat(t.intColumn("mss").get(0)).isEqualTo(1360);
        assertThat(t.stringColumn("src").get(1)).isEqualTo("137.116.81.94");
    }

    @Test
    void should_select_no_row_for_a_text_no_row_holds_when_filtering_the_packets_table() {
        Table t = PacketTables.packets(Fixtures.read("linux-sll-nsec-handshake.pcap").packets());

        for (String column : new String[] {"src", "dst", "flags"}) {
            assertThat(t.stringColumn(column).isEqualTo("no such text").size()).as(column).isZero();
            assertThat(t.stringColumn(column).countOccurrences("no such text")).as(column).isZero();
        }
        assertThat(t.stringColumn("src").isEqualTo("137.116.81.94").size()).isEqualTo(1);
    }

    @Test
    void should_give_the_rows_of_the_whole_table_when_building_only_the_selected_rows() {
        TrackedCapture cap = FlowTracker.read(Fixtures.capture("ipv6-ftp-rst.pcap"), ReadOptions.DEFAULT);
        int n = cap.data().packets().size();
        int[] rows = java.util.stream.IntStream.range(0, n).filter(i -> i % 3 != 1).toArray();

        Table part = PacketTables.packets(cap.data().packets(), cap.flows(), rows);
        Table whole = PacketTables.packets(cap.data().packets(), cap.flows()).where(Selection.with(rows));

        assertThat(n).isGreaterThan(6);
        assertThat(part.columnNames()).isEqualTo(whole.columnNames());
        assertThat(part.rowCount()).isEqualTo(rows.length);
        for (int c = 0; c < whole.columnCount(); c++) {
            for (int r = 0; r < rows.length; r++) {
                assertThat(part.column(c).getString(r)).as(whole.column(c).name() + " row " + r)
                        .isEqualTo(whole.column(c).getString(r));
            }
            assertThat(PacketTables.column(PacketField.values()[c], cap.data().packets(), cap.flows()).asList())
                    .as(whole.column(c).name()).isEqualTo(PacketTables.packets(cap.data().packets(), cap.flows()).column(c).asList());
        }
    }

    @Test
    void should_list_each_issue_when_building_the_issues_table() {
        Table t = PacketTables.issues(Fixtures.read("snaplen-68-truncated-header.pcap").issues());

        assertThat(t.rowCount()).isEqualTo(1);
        assertThat(t.stringColumn("kind").get(0)).isEqualTo("TRUNCATED");
        assertThat(t.stringColumn("reason").get(0)).isEqualTo("TCP options cut by the snap length: 34 of 40 bytes captured");
    }

    @Test
    void should_name_flags_as_wireshark_does() {
        assertThat(PacketTables.flagText(0x18)).isEqualTo("PSH,ACK");
        assertThat(PacketTables.flagText(0x14)).isEqualTo("RST,ACK");
        assertThat(PacketTables.flagText(0x11)).isEqualTo("FIN,ACK");
        assertThat(PacketTables.flagText(0)).isEmpty();
    }
}
