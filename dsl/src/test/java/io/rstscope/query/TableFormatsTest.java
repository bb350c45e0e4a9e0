package io.rstscope.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.Capture;
import io.rstscope.store.ResetField;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/** Tables as a person reads them: times in ISO-8601, a full resets table with its verdict early. */
class TableFormatsTest {

    static final Capture CAP = Recorded.scenario("policy-injection", "client");

    @Test
    void should_lead_with_what_happened_and_who_sent_it_when_a_full_resets_table_is_shown() {
        Table shown = TableFormats.readable(CAP.resets().table());
        List<String> schema = Arrays.stream(ResetField.values()).map(ResetField::column).toList();
        assertThat(shown.columnNames()).containsExactlyInAnyOrderElementsOf(schema)
                .startsWith("frame", "ts", "sender", "stage", "cause", "origin", "verdict", "uid", "orig_h");
        assertThat(shown.columnNames().subList(7, schema.size()))
                .isEqualTo(schema.stream().filter(c -> !List.of("frame", "ts", "sender", "stage", "cause", "origin",
                        "verdict").contains(c)).toList());
    }

    @Test
    void should_keep_the_chosen_order_when_columns_were_selected() {
        Table chosen = CAP.resets().table().selectColumns("verdict", "frame", "cause");
        assertThat(TableFormats.readable(chosen).columnNames()).containsExactly("verdict", "frame", "cause");
    }

    @Test
    void should_show_times_in_iso_8601_with_the_capture_precision_when_a_table_is_made_readable() {
        Table shown = TableFormats.readable(CAP.resets().table().selectColumns("frame", "ts"));
        assertThat(shown.stringColumn("ts").get(0)).matches("2026-11-24T04:25:\\d\\d\\.\\d{6}Z");
        Table nanos = Table.create("t", LongColumn.create("ts", 1795494346213269123L, 1795494346213270000L),
                LongColumn.create("orig_isn", 7L, 8L));
        assertThat(TableFormats.text(nanos)).contains("2026-11-24T04:25:46.213269123Z")
                .contains("2026-11-24T04:25:46.213270000Z").doesNotContain("1795494346213269123");
        assertThat(TableFormats.readable(nanos).column("orig_isn")).isInstanceOf(LongColumn.class);
    }

    @Test
    void should_write_the_nanoseconds_and_the_iso_text_when_a_time_goes_to_csv_or_json() {
        Table t = Table.create("t", LongColumn.create("last_ts", 1795494346213269123L), LongColumn.create("n", 5L));
        StringBuilder csv = new StringBuilder();
        TableFormats.csv(t, csv);
        assertThat(csv).hasToString("last_ts,last_ts_iso,n\n1795494346213269123,2026-11-24T04:25:46.213269123Z,5\n");
        StringBuilder json = new StringBuilder();
        TableFormats.json(t, json);
        assertThat(json).hasToString("[\n{\"last_ts\":1795494346213269123,\"last_ts_iso\":\"2026-11-24T04:25:46.213269123Z\",\"n\":5}\n]\n");
    }
}
