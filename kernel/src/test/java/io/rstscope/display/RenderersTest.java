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
                .startsWith("<div class=\"rstscope-table\"><div><code>resets(client.pcap).spoofed() → 2 resets</code></div>")
                .endsWith("<p>2 rows × 21 columns</p></div>");
        assertThat(r.plain()).startsWith("resets(client.pcap).spoofed() → 2 resets\n");
    }

    @Test
    void should_give_svg_and_text_when_a_ladder_or_timeline_is_rendered_and_html_for_an_explanation() throws Exception {
        var cap = io.rstscope.Rst.open(fixture("kernel/policy-injection/client.pcap"));
        Rendering ladder = Renderers.standard().render(cap.flows().single().ladder(), "ignored");
        assertThat(ladder.data()).containsOnlyKeys(Rendering.TEXT, Rendering.SVG);
        assertThat(ladder.data().get(Rendering.SVG)).startsWith("<svg ").contains("middlebox").endsWith("</svg>");
        Rendering timeline = Renderers.standard().render(cap.resets().timeline(), "ignored");
        assertThat(timeline.data()).containsOnlyKeys(Rendering.TEXT, Rendering.SVG);
        Rendering explanation = Renderers.standard().render(cap.resets().explain(), "ignored");
        assertThat(explanation.data()).containsOnlyKeys(Rendering.TEXT, Rendering.HTML);
        assertThat(explanation.plain()).contains("Cause: POLICY_INJECTION");
    }
}
