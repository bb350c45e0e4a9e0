package io.rstscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class QueryCommandTest {

    record Run(int status, String out, String err) {
    }

    static String fixture(String name) throws Exception {
        return Path.of(QueryCommandTest.class.getResource("/captures/" + name).toURI()).toString();
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void should_print_the_number_when_the_expression_counts() throws Exception {
        Run r = run("query", fixture("kernel/router-reject/client.pcap"), "flows().withReset().stage(HANDSHAKE).spoofed().count()");
        assertThat(r).isEqualTo(new Run(0, "1\n", ""));
    }

    @Test
    void should_print_the_rows_as_csv_or_json_when_the_expression_is_a_query_or_a_grouping() throws Exception {
        String file = fixture("kernel/policy-injection/client.pcap");
        Run csv = run("query", file, "resets().groupBy(CAUSE, VERDICT)", "--format", "csv");
        assertThat(csv).isEqualTo(new Run(0, "cause,verdict,count\nPOLICY_INJECTION,FORGED,2\n", ""));
        Run json = run("query", file, "cap.resets().spoofed()", "--format", "json");
        assertThat(json.status()).isZero();
        assertThat(json.out()).startsWith("[\n{\"frame\":6,\"ts\":1795494346945661000,\"ts_iso\":\"2026-11-24T04:25:46.945661Z\",")
                .contains("\"cause\":\"POLICY_INJECTION\"").endsWith("}\n]\n");
        Run table = run("query", file, "flows().table()");
        assertThat(table.out()).contains("conn_state").contains("2026-11-24T04:25:46.945287Z").doesNotContain("1795494346945287000")
                .endsWith("1 rows\n");
        Run resets = run("query", file, "resets()");
        assertThat(resets.out().lines().skip(1).findFirst().orElseThrow()).matches(" *frame *\\| *ts *\\| *sender *\\| *stage *\\| *cause *\\|"
                + " *origin *\\| *verdict *\\| *uid .*");
    }

    @Test
    void should_open_the_output_of_rstscope_spark_as_a_capture() throws Exception {
        String out = Path.of(QueryCommandTest.class.getResource("/spark-output/lessons").toURI()).toString();
        Run r = run("query", out, "resets().cause(POLICY_INJECTION, FIREWALL_REJECT).groupBy(CAUSE, VERDICT)", "--format", "csv");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("cause,verdict,count\n").contains("POLICY_INJECTION,FORGED,");
        Run packets = run("query", out, "packets().count()");
        assertThat(packets.status()).isEqualTo(2);
        assertThat(packets.err()).contains("lessons is the output of rstscope spark: it holds the connections and"
                + " resets, not the packets; open the capture files themselves (open(\"trace.pcap\")) for packets,"
                + " ladders and packet lists");
    }

    @Test
    void should_open_every_file_as_c1_c2_when_several_are_given() throws Exception {
        Run r = run("query", fixture("kernel/policy-injection/client.pcap"), fixture("kernel/closed-port/server.pcap"),
                "c1.resets().count() * 10 + c2.resets().count()");
        assertThat(r).isEqualTo(new Run(0, "21\n", ""));
    }

    @Test
    void should_exit_2_with_the_message_when_the_expression_fails() throws Exception {
        Run bad = run("query", fixture("syn-then-rst.pcap"), "flows().port(70000)");
        assertThat(bad).isEqualTo(new Run(2, "", "InvalidArgumentException: port(70000): expected a TCP port 0..65535\n"));
        Run compile = run("query", fixture("syn-then-rst.pcap"), "flows().nope()");
        assertThat(compile.status()).isEqualTo(2);
        assertThat(compile.err()).startsWith("error: line 1, column 1: cannot find symbol");
        assertThat(run("query", "/no/such.pcap", "flows().count()"))
                .isEqualTo(new Run(2, "", "rstscope query: /no/such.pcap: no such file\n"));
    }

    @Test
    void should_exit_2_with_the_compile_error_when_a_string_constant_is_too_long() throws Exception {
        Run r = run("query", fixture("syn-then-rst.pcap"), "\"" + "w".repeat(70_000) + "\".length()");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("error: line 1, column 1: constant string too long: 70,000 bytes in UTF-8, "
                + "a class file holds at most 65,535 (read the text from a file instead)\n");
    }

    @Test
    void should_exit_2_with_an_error_rather_than_end_the_jvm_when_the_expression_calls_system_exit() throws Exception {
        Run r = run("query", fixture("syn-then-rst.pcap"), "System.exit(3)");
        assertThat(r).isEqualTo(new Run(2, "", "ExitRefused: System.exit(3) was refused: code in a cell cannot end the JVM"
                + " of this session (restart the kernel to start afresh; /exit leaves the shell or a script)\n"));
    }

    @Test
    void should_exit_1_with_the_usage_when_the_arguments_are_wrong() throws Exception {
        assertThat(run("query", "flows().count()")).isEqualTo(new Run(1, "",
                "rstscope query: a FILE and an EXPRESSION expected, got one argument\n" + QueryCommand.USAGE + "\n"));
        assertThat(run("query", fixture("syn-then-rst.pcap"), "1", "--format", "xml"))
                .isEqualTo(new Run(1, "", "rstscope query: --format xml: expected table, csv or json\n" + QueryCommand.USAGE + "\n"));
    }
}
