package io.rstscope.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The common field vocabulary names every column of every table, and nothing else. */
class ColTest {

    @Test
    void should_name_exactly_the_columns_of_the_four_tables_when_listed() {
        Set<String> columns = new LinkedHashSet<>();
        Stream.of(FlowField.values(), ResetField.values(), PacketField.values(), IssueField.values())
                .flatMap(Stream::of).forEach(f -> columns.add(f.column()));
        Set<String> named = new LinkedHashSet<>();
        for (Col c : Col.values()) {
            named.add(c.column());
        }
        assertThat(named).containsExactlyElementsOf(columns);
    }

    @Test
    void should_take_type_and_doc_from_the_schema_when_a_column_is_shared() {
        assertThat(Col.UID.tables()).containsExactly("flows", "resets", "packets");
        assertThat(Col.FRAME.tables()).containsExactly("resets", "packets", "issues");
        assertThat(Col.DURATION.spec()).isEqualTo(FlowField.DURATION.spec());
        for (Col c : Col.values()) {
            for (Field holder : c.holders()) {
                assertThat(holder.type()).as(c + " in " + Col.tableOf(holder)).isEqualTo(c.type());
            }
        }
    }
}
