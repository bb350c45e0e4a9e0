package io.rstscope.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rstscope.Capture;
import io.rstscope.Rst;
import io.rstscope.RstscopeException;
import io.rstscope.reset.Cause;
import io.rstscope.reset.Stage;
import io.rstscope.store.FlowTables;
import io.rstscope.store.ResetTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * A cluster job's Parquet output opened back with {@code Rst.open(dir)} is the local analysis of the
 * same captures: the same columns with the same types, the same rows, and the same answers to queries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterOutputTest {

    /**
     * Public captures of every kind (scans full of resets, IPv6, pcapng, gzip, a missing SYN) and the
     * teaching scenarios: the whole corpus is compared by {@code SparkAnalysisTest}; here what counts is
     * the way back from Parquet.
     */
    private static final List<String> PUBLIC = List.of("markofu-pcaps__TCP_CONNECT_SCAN.pcap",
            "chrissanders-packets__synscan.pcapng", "StratosphereLinuxIPS__malicious-ssh-bruteforce.pcap",
            "nDPI__reddit.pcap", "arkime__v6.pcap", "zeek__missing-syn.pcap", "markofu-pcaps__http-client-refuse.pcap",
            "suricata-verify__tcp-rst-unacked-stream-12__TLPW1-tcp-110.37.219.134-10.12.14.101-tcp-990-49254.pcap",
            "zeek__ipv6-multiline-reply.pcap", "markofu-pcaps__tcp-con-lost.pcap");

    @TempDir
    static Path dir;
    private final List<Capture> local = new ArrayList<>();
    private Capture out;

    @BeforeAll
    void writeEveryCaptureAndOpenTheOutput() {
        List<String> paths = new ArrayList<>();
        List<Path> captures = new ArrayList<>();
        PUBLIC.forEach(name -> captures.add(TestSpark.root().resolveSibling("shared").resolve("captures")
                .resolve("public").resolve(name)));
        TestSpark.captures().stream().filter(p -> p.startsWith(TestSpark.root().resolve("lessons"))).forEach(captures::add);
        for (Path p : captures) {
            try {
                local.add(Rst.open(p));
                paths.add(p.toString());
            } catch (RstscopeException notACapture) {
                // A file one machine refuses (a broken header) is not compared.
            }
        }
        SparkSession spark = TestSpark.session();
        SparkAnalysis.Result r = SparkAnalysis.analyze(spark.read().format("pcap").option("sensorFrom", "path")
                .load(paths.toArray(String[]::new)));
        SparkAnalysis.write(r, dir.resolve("out").toString());
        r.release();
        out = Rst.open(dir.resolve("out"));
    }

    @Test
    void should_have_the_columns_and_types_of_a_local_open() {
        Capture one = local.get(0);
        assertThat(types(out.flowTable())).isEqualTo(types(one.flowTable()));
        assertThat(types(out.resetTable())).isEqualTo(types(one.resetTable()));
        assertThat(out.flowTable().name()).isEqualTo("flows");
        assertThat(out.resetTable().name()).isEqualTo("resets");
    }

    @Test
    void should_give_every_local_row_and_no_other() {
        List<List<Object>> flows = new ArrayList<>();
        List<List<Object>> resets = new ArrayList<>();
        for (Capture c : local) {
            flows.addAll(TestSpark.rows(c.flowTable()));
            resets.addAll(TestSpark.rows(c.resetTable()));
        }
        assertThat(flows).hasSizeGreaterThan(1000);
        assertThat(resets).hasSizeGreaterThan(100);
        assertThat(TestSpark.rows(out.flowTable())).containsExactlyInAnyOrderElementsOf(flows);
        assertThat(TestSpark.rows(out.resetTable())).containsExactlyInAnyOrderElementsOf(resets);
    }

    @Test
    void should_rebuild_the_columns_and_resets_the_tables_came_from() {
        // The DSL runs on the primitive columns and the reset rows: from them the tables come out again.
        assertThat(TestSpark.rows(FlowTables.flows(out.flowColumns(), out.resetRows()))).isEqualTo(TestSpark.rows(out.flowTable()));
        assertThat(TestSpark.rows(ResetTables.resets(out.resetRows()))).isEqualTo(TestSpark.rows(out.resetTable()));
        assertThat(out.resetRows()).allSatisfy(r -> assertThat(out.flowColumns().uid(r.flow())).isEqualTo(r.uid()));
    }

    @Test
    void should_answer_the_dsl_queries_as_the_local_captures_together() {
        assertSame(c -> c.flows().count());
        assertSame(c -> c.flows().withReset().count());
        assertSame(c -> c.flows().port(443).count());
        assertSame(c -> c.flows().host("10.0.0.0/8").withReset().count());
        assertSame(c -> c.flows().state("REJ").count());
        assertSame(c -> c.flows().longerThan(1.5).count());
        assertSame(c -> c.flows().where("history", Rst.contains("R")).count());
        assertSame(c -> c.resets().count());
        assertSame(c -> c.resets().stage(Stage.HANDSHAKE).count());
        assertSame(c -> c.resets().cause(Cause.PORT_CLOSED).count());
        assertSame(c -> c.resets().spoofed().count());
        assertSame(c -> c.resets().where("ttl", Rst.lt(64)).count());
        assertSame(c -> c.flows().withReset().resets().genuine().count());
        assertSame(c -> c.resets().flows().state("RSTO", "RSTR").count());
        assertThat(out.resets().groupBy("cause", "verdict").count().rowCount()).isGreaterThan(3);
    }

    @Test
    void should_say_it_holds_no_packets_and_what_to_open_instead() {
        String message = "out is the output of rstscope spark: it holds the connections and resets, not the packets;"
                + " open the capture files themselves (open(\"trace.pcap\")) for packets, ladders and packet lists";
        assertThatThrownBy(() -> out.packets().count()).isInstanceOf(RstscopeException.class).hasMessage(message);
        assertThatThrownBy(() -> out.flows().withReset().first().ladder()).hasMessage(message);
        assertThat(out.toString()).isEqualTo("out: rstscope spark output (Parquet), " + out.flowColumns().size()
                + " connections, " + out.resetRows().size() + " resets");
    }

    private void assertSame(ToIntFunction<Capture> query) {
        int expected = local.stream().mapToInt(query).sum();
        assertThat(query.applyAsInt(out)).isEqualTo(expected);
    }

    private static List<String> types(Table t) {
        return t.columns().stream().map(c -> c.name() + " " + c.type().name()).toList();
    }
}
