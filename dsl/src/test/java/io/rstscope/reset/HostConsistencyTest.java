package io.rstscope.reset;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.capture.CaptureReader;
import io.rstscope.capture.DecodedPacket;
import io.rstscope.capture.Fixtures;
import io.rstscope.capture.ReadOptions;
import io.rstscope.flow.HostProfile;
import io.rstscope.flow.HostTtls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * The hosts' DF and IP-ID habits across a capture, on the recorded {@code censor-handshake} capture: a
 * censor resets the connection right after the server's SYN/ACK, in the server's name, with DF clear,
 * IP ID 0 and a TTL below the server's. The connection holds one packet of the server, too few to judge
 * its DF bit by; its other connection in the capture sets the habit.
 */
class HostConsistencyTest {

    private static final Path CAPTURE = Fixtures.capture("kernel/censor-handshake/client.pcap");

    @Test
    void should_take_the_servers_df_and_ip_id_habits_from_its_other_connection_when_the_first_pass_gives_them() {
        HostTtls hosts = ResetStream.read(CAPTURE, ReadOptions.DEFAULT.withoutPackets(), ResetOptions.DEFAULT)
                .capture().flows().hosts();
        HostProfile server = hosts.profile("10.77.2.2").orElseThrow();

        assertThat(server.ttl()).isEqualTo(63);
        assertThat(server.dfHabit()).isEqualTo(HostProfile.DfHabit.SET);
        assertThat(server.neverIdZeroWithoutDf()).isTrue();
        assertThat(HostProfile.ttlOf(server.packed())).isEqualTo(63);
        assertThat(HostProfile.dfHabitOf(server.packed())).isEqualTo(HostProfile.DfHabit.SET);
        assertThat(HostProfile.dfHabitOf(63)).as("a bare TTL says nothing of the habits")
                .isEqualTo(HostProfile.DfHabit.UNKNOWN);
    }

    @Test
    void should_call_the_censors_reset_forged_with_the_hosts_habits_and_only_suspicious_with_its_ttl_alone() {
        HostTtls hosts = ResetStream.read(CAPTURE, ReadOptions.DEFAULT.withoutPackets(), ResetOptions.DEFAULT)
                .capture().flows().hosts();
        ToIntFunction<String> profiles = ResetStream.hostProfiles(hosts);

        ResetRow withHabits = censorsReset(profiles);
        ResetRow ttlOnly = censorsReset(a -> HostProfile.ttlOf(profiles.applyAsInt(a)));

        assertThat(withHabits.evidence()).extracting(Evidence::signal)
                .contains("host_df_differs", "host_ip_id_differs", "ttl_off_baseline");
        assertThat(withHabits.verdict()).isEqualTo(Verdict.FORGED);
        assertThat(withHabits.origin()).isEqualTo(Origin.MIDDLEBOX);
        assertThat(withHabits.cause()).isEqualTo(Cause.POLICY_INJECTION);
        assertThat(ttlOnly.evidence()).extracting(Evidence::signal)
                .doesNotContain("host_df_differs", "host_ip_id_differs");
        assertThat(ttlOnly.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    }

    @Test
    void should_give_the_same_row_in_one_pass_and_with_the_first_pass_profiles() {
        List<ResetRow> onePass = ResetAnalysis.analyze(CAPTURE);
        List<ResetRow> twoPasses = new ArrayList<>();
        ResetStream.read(CAPTURE, ReadOptions.DEFAULT.withoutPackets(), ResetOptions.DEFAULT, twoPasses::add);

        assertThat(twoPasses).hasSameSizeAs(onePass);
        assertThat(twoPasses.get(0).evidence()).isEqualTo(onePass.get(0).evidence());
        assertThat(onePass.get(0).verdict()).isEqualTo(Verdict.FORGED);
    }

    /** The reset toward the client on port 7311, judged with {@code hosts} as the host function. */
    private static ResetRow censorsReset(ToIntFunction<String> hosts) {
        List<DecodedPacket> packets = new ArrayList<>();
        CaptureReader.read(CAPTURE, ReadOptions.DEFAULT.withoutPackets(), p -> {
            if (p.tcp()) {
                packets.add(p.copy());
            }
        });
        List<ResetRow> rows = ResetStream.ofPackets(packets.iterator(), ResetOptions.DEFAULT, hosts).resets().stream()
                .filter(r -> r.respP() == 7311).toList();
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}
