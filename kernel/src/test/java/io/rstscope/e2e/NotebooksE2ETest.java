package io.rstscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Executes every notebook in {@code notebooks/} top to bottom on the installed kernel with
 * {@code jupyter nbconvert --execute} (a copy goes to a temporary folder; the committed notebook is
 * not touched), fails on any error output, and checks that the outputs hold what each notebook
 * promises.
 */
class NotebooksE2ETest {

    static Path dir;
    static Map<String, String> env;

    @BeforeAll
    static void install() throws Exception {
        Product.requireCommand("jupyter-nbconvert");
        dir = Files.createTempDirectory("rstscope-notebooks-");
        Product.run(Map.of(), 300, Product.launcher().toString(), "kernel", "install", "--prefix", dir.toString());
        env = Map.of("JUPYTER_PATH", dir.resolve("share/jupyter").toString(),
                "JUPYTER_RUNTIME_DIR", dir.resolve("runtime").toString());
    }

    @AfterAll
    static void clean() throws Exception {
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The notebook executed afresh: its cells with their new outputs. */
    static List<Cell> execute(String name) throws Exception {
        return execute(name, 60, 120);
    }

    /** As {@link #execute(String)}, with room for a slow cell and a slow notebook. */
    static List<Cell> execute(String name, int cellSeconds, int notebookSeconds) throws Exception {
        Path notebook = Product.root().resolve("notebooks").resolve(name);
        assertThat(notebook).exists();
        Path out = dir.resolve("out");
        long start = System.nanoTime();
        // nbconvert starts the kernel in the notebook's own folder, so its relative paths hold.
        Product.run(env, notebookSeconds, "jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=rstscope", "--ExecutePreprocessor.timeout=" + cellSeconds,
                "--output-dir", out.toString(), notebook.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s ran top to bottom in %.1f s (kernel start included); %s%n", name, seconds,
                Product.run(Map.of(), 10, "uptime").strip());
        JsonObject nb = new JsonParser().parse(Files.readString(out.resolve(name), StandardCharsets.UTF_8)).getAsJsonObject();
        List<Cell> cells = new ArrayList<>();
        for (JsonElement e : nb.getAsJsonArray("cells")) {
            JsonObject c = e.getAsJsonObject();
            cells.add(new Cell(c.get("cell_type").getAsString(), text(c.get("source")),
                    c.has("outputs") ? c.getAsJsonArray("outputs") : new JsonArray()));
        }
        for (Cell c : cells) {
            for (JsonElement o : c.outputs) {
                String type = o.getAsJsonObject().get("output_type").getAsString();
                assertThat(type).as("output of the cell\n" + c.source + "\nin " + name + ": " + o).isNotEqualTo("error");
                if (type.equals("stream")) {
                    assertThat(o.getAsJsonObject().get("name").getAsString())
                            .as("stream of the cell\n" + c.source + "\nin " + name + ": " + o).isEqualTo("stdout");
                }
            }
        }
        return cells;
    }

    record Cell(String type, String source, JsonArray outputs) {

        /** The cell's rich output of this MIME type, or "" when it has none. */
        String data(String mime) {
            StringBuilder sb = new StringBuilder();
            for (JsonElement o : outputs) {
                JsonObject d = o.getAsJsonObject().getAsJsonObject("data");
                if (d != null && d.has(mime)) {
                    sb.append(text(d.get(mime)));
                }
            }
            return sb.toString();
        }

        boolean code() {
            return type.equals("code");
        }

        /**
         * The SVG picture of the cell: the one its HTML shows as an image whose source is the SVG (the
         * form a notebook shows even untrusted), or "" when it has none.
         */
        String picture() {
            String prefix = "<img src=\"data:image/svg+xml;base64,";
            String html = data("text/html");
            if (!html.startsWith(prefix)) {
                return "";
            }
            String b64 = html.substring(prefix.length(), html.indexOf('"', prefix.length()));
            return new String(java.util.Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
        }
    }

    static String text(JsonElement e) {
        if (e.isJsonArray()) {
            StringBuilder sb = new StringBuilder();
            e.getAsJsonArray().forEach(x -> sb.append(x.getAsString()));
            return sb.toString();
        }
        return e.getAsString();
    }

    /** What the cell printed on standard output. */
    static String printed(Cell c) {
        StringBuilder sb = new StringBuilder();
        for (JsonElement o : c.outputs) {
            if (o.getAsJsonObject().get("output_type").getAsString().equals("stream")) {
                sb.append(text(o.getAsJsonObject().get("text")));
            }
        }
        return sb.toString();
    }

    static List<Cell> withSource(List<Cell> cells, String fragment) {
        return cells.stream().filter(c -> c.code() && c.source.contains(fragment)).toList();
    }

    @Test
    void should_teach_every_scenario_with_a_ladder_a_table_row_and_the_evidence() throws Exception {
        List<Cell> cells = execute("1-why-tcp-connections-reset.ipynb");

        List<Cell> opened = withSource(cells, "scenario(Scenario.");
        assertThat(opened).as("one section per teaching scenario").hasSize(18);
        for (Cell c : opened) {
            assertThat(c.picture()).as("ladder of\n" + c.source).startsWith("<svg");
            assertThat(c.data("image/svg+xml")).as("no SVG output, which an untrusted notebook hides").isEmpty();
        }
        // Every scenario's reset is drawn (the idle timeout's in a second ladder, after the conversation).
        long resetsDrawn = cells.stream().filter(c -> c.picture().startsWith("<svg")
                && c.data("text/plain").contains("** RST")).count();
        assertThat(resetsDrawn).isEqualTo(18);
        List<Cell> rows = withSource(cells, "resets().table().selectColumns(COLUMNS)");
        assertThat(rows).hasSize(18);
        for (Cell c : rows) {
            assertThat(c.data("text/html")).as("table row of a scenario").contains("<table").contains("<th>cause</th>");
        }
        assertThat(withSource(cells, "resets().explain()")).hasSize(18)
                .allSatisfy(c -> assertThat(c.data("text/html")).contains("Evidence"));
        // The censor's flurry: six resets, all from the middlebox, all forged.
        int censor = cells.indexOf(withSource(cells, "scenario(Scenario.CENSOR_RST_FLURRY)").get(0));
        String flurry = cells.get(censor + 1).data("text/html");
        assertThat(flurry).contains("6 rows").contains("POLICY_INJECTION").contains("MIDDLEBOX").doesNotContain("GENUINE");
        Cell glance = withSource(cells, "Table.create(\"the teaching scenarios\"").get(0);
        assertThat(glance.data("text/html")).contains("<table").contains("18 rows").contains("STRAY_RST");
    }

    @Test
    void should_investigate_the_incident_from_summary_to_exported_evidence() throws Exception {
        List<Cell> cells = execute("2-investigating-an-incident.ipynb");

        assertThat(withSource(cells, "open(\"incident.pcap\")").get(0).data("text/plain"))
                .contains("144 packets").contains("19 connections").contains("14 RST");
        assertThat(withSource(cells, "groupBy(CAUSE, ORIGIN)").get(0).data("text/html"))
                .contains("<table").contains("<td>POLICY_INJECTION</td><td>MIDDLEBOX</td><td>2</td>")
                .contains("<td>IDLE_TIMEOUT</td><td>MIDDLEBOX</td><td>1</td>");
        assertThat(withSource(cells, "groupBy(VERDICT)").get(0).data("text/html"))
                .contains("<td>GENUINE</td><td>11</td>").contains("<td>FORGED</td><td>3</td>");
        assertThat(withSource(cells, "resets().spoofed()").get(0).data("text/html"))
                .contains("<table").contains("→ 3 resets").contains("<td>2026-11-24T<wbr>04:25:46.213269Z</td>")
                .doesNotContain("1795494346213269000");
        assertThat(withSource(cells, ".ladder()")).hasSize(3)
                .allSatisfy(c -> assertThat(c.picture()).startsWith("<svg"));
        assertThat(withSource(cells, "resets().timeline()").get(0).picture()).startsWith("<svg");
        assertThat(withSource(cells, "Rst.open(\"out/forged.pcap\")").get(0).data("text/plain"))
                .contains("2 connections").contains("3 RST");
        assertThat(withSource(cells, "resets().spoofed().wiresharkFilter()").get(0).data("text/plain"))
                .contains("frame.number in {127, 133, 134}");
        String connLog = withSource(cells, "toZeekLog").get(0).outputs.toString();
        assertThat(connLog).contains("#fields\\tts\\tuid").contains("REJ").contains("RSTR");
    }

    @Test
    void should_find_the_injected_resets_absent_at_their_claimed_sender() throws Exception {
        List<Cell> cells = execute("3-two-vantage-points.ipynb");

        List<Cell> compared = withSource(cells, "compare(");
        String injection = compared.get(0).data("text/html");
        assertThat(injection).contains("<table").contains("4 rows")
                .doesNotContain("<td>BOTH</td>").contains("<td>CLIENT_SIDE_ONLY</td>").contains("<td>SERVER_SIDE_ONLY</td>");
        assertThat(compared.get(1).data("text/html")).contains("2 rows").doesNotContain("<td>BOTH</td>");
        assertThat(compared.get(2).data("text/html")).contains("1 rows").contains("<td>BOTH</td>")
                .contains("<td>GENUINE</td>");
        assertThat(withSource(cells, ".ladder()")).hasSize(3)
                .allSatisfy(c -> assertThat(c.picture()).startsWith("<svg"));
    }

    @Test
    void should_run_the_spark_job_and_query_its_output_with_the_same_answers_as_one_machine() throws Exception {
        // The notebook runs 'rstscope spark', which builds the Spark module on first use: built here
        // first, so that the notebook's cell times the job, not Maven.
        Product.run(Map.of(), 900, Product.launcher().toString(), "spark", "--help");
        List<Cell> cells = execute("4-at-scale.ipynb", 300, 600);

        String job = printed(withSource(cells, "new ProcessBuilder(command)").get(0));
        assertThat(job).contains("rstscope spark: Spark 4.2.0 started in").contains("1369 connections, 1151 resets in")
                .contains("exit status 0");
        assertThat(withSource(cells, "open(\"at-scale\")").get(0).data("text/plain"))
                .isEqualTo("at-scale: rstscope spark output (Parquet), 1369 connections, 1151 resets");
        assertThat(withSource(cells, "resets().groupBy(CAUSE, VERDICT)").get(0).data("text/html"))
                .contains("<td>POLICY_INJECTION</td>").contains("<td>FORGED</td>").contains("10 rows");
        String same = printed(withSource(cells, "one capture at a time").get(0));
        assertThat(same).contains("connections: 1369 from Spark, 1369 one capture at a time\n")
                .contains("spoofed: 6 and 6\n");
        List<String> byCause = same.lines().filter(l -> l.startsWith("resets by cause"))
                .map(l -> l.substring(l.indexOf('{'))).toList();
        assertThat(byCause).hasSize(2).contains("{APP_ABORT=33, CHALLENGE_ACK=12, CLIENT_ABORT=1, DATA_AFTER_CLOSE=78,"
                + " FAST_TEARDOWN=1, FIREWALL_REJECT=4, HALF_OPEN_SCAN=7, POLICY_INJECTION=2, PORT_CLOSED=1013}");
        assertThat(byCause.get(0)).isEqualTo(byCause.get(1));
        assertThat(printed(withSource(cells, ".ladder();").get(0))).isEqualTo("at-scale is the output of rstscope spark:"
                + " it holds the connections and resets, not the packets; open the capture files themselves"
                + " (open(\"trace.pcap\")) for packets, ladders and packet lists\n");
    }
}
