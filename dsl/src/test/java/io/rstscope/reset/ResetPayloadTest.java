package io.rstscope.reset;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.capture.CaptureReader;
import io.rstscope.capture.DecodedPacket;
import io.rstscope.capture.ReadOptions;
import io.rstscope.capture.SharedCaptures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reset payloads decoded as the RST diagnostic payload draft and vendors write them. */
class ResetPayloadTest {

    /** The first RST of a shared capture, as the reader decodes it. */
    private static DecodedPacket firstRst(String sharedCapture) {
        List<DecodedPacket> rsts = new ArrayList<>();
        CaptureReader.read(SharedCaptures.publicFile(sharedCapture), ReadOptions.DEFAULT.withoutPackets(), p -> {
            if (p.tcp() && (p.flags() & DecodedPacket.RST) != 0 && rsts.isEmpty()) {
                rsts.add(p.copy());
            }
        });
        assertThat(rsts).as("an RST in %s", sharedCapture).isNotEmpty();
        return rsts.get(0);
    }

    @Test
    void should_read_the_f5_text_when_decoding_the_payload_of_a_real_big_ip_reset() {
        DecodedPacket p = firstRst("tcpdump__tcp_rst_data.pcap");

        ResetPayload r = ResetPayload.decode(p.payload(ResetStream.RST_PAYLOAD_KEPT), p.payloadLen()).orElseThrow();

        assertThat(r.kind()).isEqualTo(ResetPayload.Kind.VENDOR_TEXT);
        assertThat(r.text()).isEqualTo("BIG-IP: [0x11c5672:3045] {peer} TCP RST from remote system");
        assertThat(r.relayed()).isTrue();
        assertThat(r.impliedCause()).isEmpty();
    }

    @Test
    void should_read_the_reason_code_and_say_it_was_cut_when_the_snap_length_cut_a_diagnostic_payload() {
        DecodedPacket p = firstRst("tcpdump__tcp_rst_diag_payload-trunc.pcap");

        ResetPayload r = ResetPayload.decode(p.payload(ResetStream.RST_PAYLOAD_KEPT), p.payloadLen()).orElseThrow();

        assertThat(p.payloadLen()).isEqualTo(8);
        assertThat(r.kind()).isEqualTo(ResetPayload.Kind.DIAGNOSTIC_CODE);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.cut()).isTrue();
        assertThat(r.text()).isEqualTo("diagnostic code 1 (illegal option length), payload cut by the snap length");
    }

    @Test
    void should_name_the_registry_reason_and_imply_an_idle_timeout_when_a_nat_reports_a_connection_timeout() {
        byte[] b = {0x33, (byte) 0xaa, 0x00, 0x0e, 0, 0, 0, 0};

        ResetPayload r = ResetPayload.decode(b, 8).orElseThrow();

        assertThat(r.text()).isEqualTo("diagnostic code 14 (connection timeout)");
        assertThat(r.pen()).isZero();
        assertThat(r.impliedCause()).contains(Cause.IDLE_TIMEOUT);
    }

    @Test
    void should_name_the_enterprise_instead_of_the_registry_when_the_code_is_a_vendors() {
        byte[] b = {0x33, (byte) 0xaa, 0x04, (byte) 0xd2, 0, 0, 0x7e, (byte) 0xd9};

        ResetPayload r = ResetPayload.decode(b, 8).orElseThrow();

        assertThat(r.text()).isEqualTo("diagnostic code 1234 of enterprise 32473");
        assertThat(r.impliedCause()).isEmpty();
    }

    @Test
    void should_read_the_description_when_the_free_description_form_is_used() {
        byte[] text = "flow expired (NAT mapping)".getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[2 + text.length];
        b[0] = (byte) 0xf3;
        b[1] = 0x17;
        System.arraycopy(text, 0, b, 2, text.length);

        ResetPayload r = ResetPayload.decode(b, b.length).orElseThrow();

        assertThat(r.kind()).isEqualTo(ResetPayload.Kind.DIAGNOSTIC_TEXT);
        assertThat(r.text()).isEqualTo("diagnostic text: flow expired (NAT mapping)");
        assertThat(r.impliedCause()).contains(Cause.IDLE_TIMEOUT);
    }

    @Test
    void should_name_no_cause_when_an_application_says_access_denied_in_its_reset() {
        ResetPayload r = ResetPayload.decode("Access Denied".getBytes(StandardCharsets.US_ASCII), 13).orElseThrow();

        assertThat(r.kind()).isEqualTo(ResetPayload.Kind.VENDOR_TEXT);
        assertThat(r.text()).isEqualTo("Access Denied");
        assertThat(r.impliedCause()).isEmpty();
    }

    @Test
    void should_say_nothing_when_the_payload_is_zeros_binary_or_the_reserved_code_0() {
        assertThat(ResetPayload.decode(new byte[16], 16)).isEmpty();
        assertThat(ResetPayload.decode(new byte[] {1, 2, (byte) 0xff, 3, 9}, 5)).isEmpty();
        assertThat(ResetPayload.decode(new byte[] {0x33, (byte) 0xaa, 0, 0, 0, 0, 0, 0}, 8)).isEmpty();
        assertThat(ResetPayload.decode(new byte[0], 0)).isEmpty();
    }
}
