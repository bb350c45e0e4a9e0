package io.rstscope.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.query.Grouping;
import io.rstscope.store.Col;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Every documented column name works bare in the session, on each table that has it. */
class SessionVocabularyTest {

    static Evaluator ev;

    @BeforeAll
    static void start() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ev = Evaluator.start(new ByteArrayInputStream(new byte[0]), new PrintStream(sink, true, StandardCharsets.UTF_8),
                new PrintStream(sink, true, StandardCharsets.UTF_8), Host.NONE);
        String file = Path.of(SessionVocabularyTest.class.getResource("/captures/kernel/router-reject/client.pcap").toURI()).toString();
        assertThat(ev.eval("open(\"" + file + "\")").ok()).isTrue();
    }

    @AfterAll
    static void stop() {
        ev.close();
    }

    @Test
    void should_group_and_filter_on_the_right_table_when_any_documented_column_is_named_bare() {
        for (Col c : Col.values()) {
            for (String table : c.tables()) {
                if (table.equals("issues")) {
                    CellResult r = ev.eval("issues().column(" + c.name() + ".column()).name()");
                    assertThat(r).as(c + " of issues").isEqualTo(new CellResult.Value(c.column(), "\"" + c.column() + "\""));
                    continue;
                }
                CellResult grouped = ev.eval(table + "().groupBy(" + c.name() + ")");
                assertThat(grouped).as(table + "().groupBy(" + c.name() + ")").isInstanceOf(CellResult.Value.class);
                Table counts = ((Grouping) ((CellResult.Value) grouped).value()).count();
                assertThat(counts.name()).as(c + " of " + table).startsWith(table + " by ");
                assertThat(counts.columnNames().get(0)).isEqualTo(c.column());
                CellResult filtered = ev.eval(table + "().where(" + c.name() + ", present().or(missing())).count() == "
                        + table + "().count()");
                assertThat(filtered).as(table + "().where(" + c.name() + ", ...)").isEqualTo(new CellResult.Value(true, "true"));
            }
        }
    }

    @Test
    void should_count_by_the_names_analysts_group_by_first_when_written_bare() {
        for (String name : List.of("UID", "TS", "FRAME", "TTL", "ORIG_H", "RESP_H", "RESP_P")) {
            assertThat(ev.eval("resets().groupBy(" + name + ").count().rowCount()"))
                    .as(name).isEqualTo(new CellResult.Value(1, "1"));
        }
        assertThat(ev.eval("flows().groupBy(IP_VERSION).count().rowCount()")).isEqualTo(new CellResult.Value(1, "1"));
    }

    @Test
    void should_name_the_table_and_the_closest_field_when_a_table_lacks_the_column() {
        CellResult r = ev.eval("flows().groupBy(CAUSE)");
        assertThat(((CellResult.Failure) r).message()).isEqualTo("groupBy(CAUSE): flows has no field cause; did you mean "
                + "RST_CAUSE? cause is a field of resets: navigate first, e.g. .resets()");
    }
}
