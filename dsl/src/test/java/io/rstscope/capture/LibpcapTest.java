package io.rstscope.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The messages a failed live capture gives, word for word; these need neither root nor a network. */
class LibpcapTest {

    @Test
    void should_name_the_capability_when_libpcap_is_denied_the_socket() {
        assertThat(Libpcap.openFailure("eth0", "eth0: You don't have permission to perform this capture on that device"
                + " (socket: Operation not permitted)", List.of("eth0", "lo")))
                .isEqualTo("capturing on eth0 needs CAP_NET_RAW: run as root or grant the capability with"
                        + " setcap cap_net_raw,cap_net_admin=eip $(readlink -f $(which java))");
    }

    @Test
    void should_list_the_interfaces_when_the_interface_does_not_exist() {
        assertThat(Libpcap.openFailure("eht0", "No such device exists (SIOCGIFHWADDR: No such device)", List.of("eth0", "lo")))
                .isEqualTo("no network interface named 'eht0': the interfaces are eth0, lo");
    }

    @Test
    void should_pass_libpcaps_words_on_when_opening_fails_otherwise() {
        assertThat(Libpcap.openFailure("eth0", "eth0: That device is not up", List.of()))
                .isEqualTo("cannot capture on eth0: eth0: That device is not up");
    }

    @Test
    void should_keep_only_libpcaps_compile_message_when_a_filter_does_not_compile() {
        assertThat(Libpcap.filterFailure("tcp port banana", "Error occurred in pcap_compile: unknown port 'banana'"))
                .isEqualTo("the BPF filter 'tcp port banana' does not compile: unknown port 'banana'");
    }

    @Test
    void should_say_what_to_install_when_libpcap_is_missing() {
        assertThat(Libpcap.MISSING).isEqualTo("libpcap is missing: install it with apt-get install libpcap0.8"
                + " (or your system's libpcap package)");
    }

    @Test
    void should_refuse_bounds_that_cannot_end_when_building_options() {
        assertThatThrownBy(() -> LiveOptions.UNTIL_STOPPED.forDuration(Duration.ZERO))
                .hasMessage("capture duration: expected more than 0, got PT0S");
        assertThatThrownBy(() -> LiveOptions.UNTIL_STOPPED.forPackets(0))
                .hasMessage("packet count: expected more than 0, got 0");
        assertThat(LiveOptions.UNTIL_STOPPED.windowed()).isEqualTo(new LiveOptions(null, 0, true, 256));
    }
}
