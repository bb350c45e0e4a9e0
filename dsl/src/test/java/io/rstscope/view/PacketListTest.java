package io.rstscope.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rstscope.Capture;
import io.rstscope.Rst;
import io.rstscope.RstscopeException;
import io.rstscope.teach.Scenario;
import org.junit.jupiter.api.Test;

class PacketListTest {

    @Test
    void should_list_each_packet_with_relative_numbers_and_the_rst_marked_when_asked_for_one_connection() {
        Capture cap = Rst.scenario(Scenario.CLOSED_PORT);

        PacketList list = cap.flows().withReset().first().packetList();

        assertThat(list.rows()).containsExactly(
                new PacketList.Row(12, 0.0, "192.0.2.10:50112", "203.0.113.80:8080", "SYN", 0, -1, 64240, 0, ""),
                new PacketList.Row(13, 0.024, "203.0.113.80:8080", "192.0.2.10:50112", "RST,ACK", 0, 1, 0, 0,
                        "RST PORT_CLOSED GENUINE"));
        assertThat(list.text()).endsWith("  ** RST PORT_CLOSED GENUINE\n");
        assertThat(cap.flows().withReset().packetList()).isEqualTo(list);
    }

    @Test
    void should_fail_naming_the_count_when_the_query_has_several_connections() {
        Capture cap = Rst.scenario(Scenario.CLOSED_PORT);

        assertThatThrownBy(() -> cap.flows().packetList()).isInstanceOf(RstscopeException.class)
                .hasMessage("flows(closed-port.pcap) → 2 connections: packetList() lists one connection, the query has 2; "
                        + "add a filter, or use first().packetList()");
    }
}
