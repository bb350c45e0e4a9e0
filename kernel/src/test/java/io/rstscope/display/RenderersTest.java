package io.rstscope.display;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class RenderersTest {

    @Test
    void should_show_the_first_rows_and_the_total_when_a_table_is_longer_than_the_limit() {
        Table t = Table.create("t", IntColumn.indexColumn("n", 25, 1), StringColumn.create("s", new String[25]));
        Rendering r = Renderers.standard().render(t, "ignored");
        assertThat(r.data()).containsKeys(Rendering.TEXT, Rendering.HTML);
        assertThat(r.data().get(Rendering.HTML)).startsWith("<div class=\"rstscope-table\"><table><thead><tr><th>n</th><th>s</th>")
                .contains("<td>20</td>").doesNotContain("<td>21</td>")
                .endsWith("<p>25 rows × 2 columns (first 20 shown)</p></div>");
        assertThat(r.plain()).endsWith("25 rows × 2 columns (first 20 shown)");
    }

    @Test
    void should_escape_html_in_cells() {
        Table t = Table.create("t", StringColumn.create("s", "<b>&"));
        assertThat(Renderers.standard().render(t, "").data().get(Rendering.HTML)).contains("<td>&lt;b&gt;&amp;</td>");
    }

    @Test
    void should_use_the_most_specific_renderer_and_fall_back_to_the_text() {
        Renderers r = new Renderers()
                .register(Number.class, n -> Rendering.text("number " + n))
                .register(Integer.class, i -> Rendering.text("int " + i));
        assertThat(r.render(3, "3").plain()).isEqualTo("int 3");
        assertThat(r.render(3L, "3").plain()).isEqualTo("number 3");
        assertThat(r.render("x", "\"x\"").data()).containsExactly(java.util.Map.entry(Rendering.TEXT, "\"x\""));
    }

    static java.nio.file.Path fixture(String name) throws Exception {
        return java.nio.file.Path.of(RenderersTest.class.getResource("/captures/" + name).toURI());
    }

    @Test
    void should_show_a_query_as_its_first_rows_with_its_text_and_count_when_a_query_is_rendered() throws Exception {
        var cap = io.rstscope.Rst.open(fixture("kernel/policy-injection/client.pcap"));
        Rendering r = Renderers.standard().render(cap.resets().spoofed(), "ignored");
        assertThat(r.data().get(Rendering.HTML))
                .startsWith("<div class=\"rstscope-table\"><div><code>resets(client.pcap).spoofed() → 2 resets</code></div>"
                        + "<table><thead><tr><th>frame</th><th>ts</th><th>sender</th><th>stage</th><th>cause</th><th>origin</th>"
                        + "<th>verdict</th><th>uid</th>")
                .contains("<td>2026-11-24T<wbr>04:25:46.950051Z</td><td>SERVER</td><td>DATA_TRANSFER</td>"
                        + "<td>POLICY_INJECTION</td><td>MIDDLEBOX</td><td>FORGED</td>")
                .contains("<th>runner_<wbr>up_<wbr>cause</th>")
                .endsWith("<p>2 rows × 22 columns</p></div>");
        assertThat(r.plain()).startsWith("resets(client.pcap).spoofed() → 2 resets\n").contains("2026-11-24T04:25:46.950051Z")
                .doesNotContain("1795494346950051000");
    }

    @Test
    void should_cut_a_long_cell_and_keep_its_whole_text_as_a_tooltip_when_a_table_is_rendered() {
        String evidence = "ttl_closer_than_sender +3: ttl 64, sender's baseline 63; timestamp_missing +1: RST|ACK without it";
        Table t = Table.create("t", StringColumn.create("evidence", evidence, "short"));
        String html = Renderers.standard().render(t, "").data().get(Rendering.HTML);
        assertThat(html).contains("<td title=\"" + evidence + "\">ttl_closer_than_sender\u00a0+3:\u00a0ttl\u00a064,…</td>")
                .contains("<td>short</td>");
        assertThat(Renderers.standard().render(t, "").plain()).contains(evidence);
    }

    /** The SVG inside an HTML image rendering, decoded from its data URI. */
    static String svgOf(String html) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^<img src=\"data:image/svg\\+xml;base64,([A-Za-z0-9+/=]+)\" "
                + "width=\"(\\d+)\" alt=\"[^\"]*\">$").matcher(html);
        assertThat(m.find()).as(html).isTrue();
        String svg = new String(java.util.Base64.getDecoder().decode(m.group(1)), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(svg).startsWith("<svg ").contains(" width=\"" + m.group(2) + "\"").endsWith("</svg>");
        return svg;
    }

    @Test
    void should_give_an_html_image_of_the_svg_and_text_when_a_ladder_or_timeline_is_rendered_and_html_for_an_explanation() throws Exception {
        var cap = io.rstscope.Rst.open(fixture("kernel/policy-injection/client.pcap"));
        var l = cap.flows().single().ladder();
        Rendering ladder = Renderers.standard().render(l, "ignored");
        assertThat(ladder.data()).containsOnlyKeys(Rendering.TEXT, Rendering.HTML);
        assertThat(svgOf(ladder.data().get(Rendering.HTML))).isEqualTo(l.svg()).contains("middlebox");
        assertThat(ladder.data().get(Rendering.HTML)).endsWith(" alt=\"" + io.rstscope.view.Html.escape(l.title()) + "\">");
        Rendering timeline = Renderers.standard().render(cap.resets().timeline(), "ignored");
        assertThat(timeline.data()).containsOnlyKeys(Rendering.TEXT, Rendering.HTML);
        assertThat(svgOf(timeline.data().get(Rendering.HTML))).contains("POLICY_INJECTION (2)");
        Rendering explanation = Renderers.standard().render(cap.resets().explain(), "ignored");
        assertThat(explanation.data()).containsOnlyKeys(Rendering.TEXT, Rendering.HTML);
        assertThat(explanation.plain()).contains("Cause: POLICY_INJECTION");
    }
}
