package io.rstscope.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PcapFilesTest {

    @Test
    void should_order_rotated_files_as_their_writers_number_them() {
        List<String> names = new ArrayList<>(List.of("trace10", "trace2", "trace", "trace1",
                "piece_00010_20240301.pcap", "piece_00002_20240301.pcap"));
        names.sort(PcapFiles::natural);
        assertThat(names).containsExactly("piece_00002_20240301.pcap", "piece_00010_20240301.pcap",
                "trace", "trace1", "trace2", "trace10");
    }

    @Test
    void should_give_the_sensor_of_a_connection_key_whatever_its_name_holds() {
        assertThat(PacketSchema.sensorOf("edge|1|0:FFFFC0000201:40000|0:FFFFC0000202:80")).isEqualTo("edge|1");
    }
}
