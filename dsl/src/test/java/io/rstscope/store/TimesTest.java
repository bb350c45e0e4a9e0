package io.rstscope.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.LongColumn;

class TimesTest {

    @Test
    void should_write_iso_8601_utc_with_six_or_nine_digits_when_a_time_is_formatted() {
        assertThat(Times.iso(1795494346213269000L, 6)).isEqualTo("2026-11-24T04:25:46.213269Z");
        assertThat(Times.iso(1795494346213269123L, 9)).isEqualTo("2026-11-24T04:25:46.213269123Z");
        assertThat(Times.iso(0, 6)).isEqualTo("1970-01-01T00:00:00.000000Z");
        assertThat(Times.iso(-1, 9)).isEqualTo("1969-12-31T23:59:59.999999999Z");
    }

    @Test
    void should_refuse_other_precisions_when_a_time_is_formatted() {
        assertThatThrownBy(() -> Times.iso(0, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("digits: expected 6 or 9, got 3");
    }

    @Test
    void should_need_nine_digits_only_when_a_time_has_nanoseconds() {
        LongColumn micros = LongColumn.create("ts", 1795494346213269000L, 1795494346213270000L);
        LongColumn nanos = LongColumn.create("ts", 1795494346213269000L, 1795494346213270001L);
        LongColumn missing = LongColumn.create("ts", 1795494346213269000L);
        missing.appendMissing();
        assertThat(Times.digits(micros)).isEqualTo(6);
        assertThat(Times.digits(nanos)).isEqualTo(9);
        assertThat(Times.digits(missing)).isEqualTo(6);
    }

    @Test
    void should_know_every_nanosecond_column_of_the_schemas_as_a_time() {
        Field[][] schemas = {FlowField.values(), ResetField.values(), PacketField.values(), IssueField.values()};
        for (Field f : Arrays.stream(schemas).flatMap(Arrays::stream).toList()) {
            assertThat(Times.isTime(f)).as(f.column()).isEqualTo(f.doc().contains("nanoseconds since the epoch"));
        }
        assertThat(Times.isTime(FlowField.LAST_TS)).isTrue();
        assertThat(Times.isTime(PacketField.TSVAL)).isFalse();
    }
}
