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

/**
 * The session's names: every documented column works bare on each table that has it, a misspelt
 * constant gets the one it was meant to be, and completion offers the DSL first.
 */
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

    @Test
    void should_suggest_the_closest_constant_when_a_name_does_not_compile() {
        CellResult.Failure cause = (CellResult.Failure) ev.eval("resets().cause(PORT_CLOSD).count()");
        assertThat(cause.message()).isEqualTo("line 1, column 16: cannot find symbol; did you mean PORT_CLOSED?");
        CellResult.Failure state = (CellResult.Failure) ev.eval("flows().state(REJECTED)");
        assertThat(state.message()).isEqualTo("line 1, column 15: cannot find symbol; did you mean REJ?");
        CellResult.Failure field = (CellResult.Failure) ev.eval("resets().groupBy(CAUSEE)");
        assertThat(field.message()).isEqualTo("line 1, column 18: cannot find symbol; did you mean CAUSE?");
        CellResult.Failure none = (CellResult.Failure) ev.eval("int x = nope;");
        assertThat(none.message()).isEqualTo("line 1, column 9: cannot find symbol");
    }

    @Test
    void should_accept_a_constant_as_text_when_a_filter_is_given_its_name() {
        assertThat(ev.eval("resets().cause(\"port_closed\").count() + resets().cause(\"FIREWALL_REJECT\").count()"))
                .isEqualTo(new CellResult.Value(1, "1"));
        CellResult.Failure f = (CellResult.Failure) ev.eval("resets().cause(\"PORT_CLOSD\")");
        assertThat(f.message()).startsWith("cause(\"PORT_CLOSD\"): no cause is called PORT_CLOSD; did you mean PORT_CLOSED?");
    }

    @Test
    void should_offer_the_dsl_before_the_methods_of_object_when_completing_a_query() {
        List<String> candidates = ev.complete("flows().", 8).candidates();
        assertThat(candidates).contains("withReset()", "count()", "wait(", "hashCode()");
        int lastDsl = candidates.indexOf("withReset()");
        for (String objects : List.of("wait(", "notify()", "hashCode()", "getClass()")) {
            assertThat(candidates.indexOf(objects)).as(objects).isGreaterThan(lastDsl).isGreaterThan(candidates.indexOf("count()"));
        }
    }
}
