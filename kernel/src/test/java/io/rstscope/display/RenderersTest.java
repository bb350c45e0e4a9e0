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
}
