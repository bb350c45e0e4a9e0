package io.rstscope.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tech.tablesaw.api.StringColumn;

/**
 * A column built from keys ({@link Columns#dictionary}, {@link Columns#enums}) is the column Tablesaw
 * builds by appending the same texts row by row: the same values, missing rows, counts and lookups, and it
 * takes more rows, past what its dictionary's width holds.
 */
class ColumnsTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 253, 254, 255, 256, 300, 40_000})
    void should_build_the_column_tablesaw_builds_row_by_row(int distinct) {
        Random random = new Random(distinct);
        int n = Math.max(5_000, distinct * 3);
        int[] keys = new int[n];
        for (int i = 0; i < n; i++) {
            keys[i] = random.nextInt(distinct + 1);
        }
        // Key `distinct` has no text (missing); keys 0 and 1 share one text.
        String[] text = new String[distinct + 1];
        for (int k = 0; k < distinct; k++) {
            text[k] = "v" + Math.max(k, 1);
        }
        String[] rows = new String[n];
        for (int i = 0; i < n; i++) {
            rows[i] = text[keys[i]];
        }

        StringColumn built = Columns.dictionary("c", n, i -> keys[i], distinct + 1, k -> text[k]);
        StringColumn appended = StringColumn.create("c", rows);

        for (int i = 0; i < n; i++) {
            assertThat(built.get(i)).as("row " + i).isEqualTo(appended.get(i));
            assertThat(built.isMissing(i)).as("row " + i + " missing").isEqualTo(appended.isMissing(i));
        }
        assertThat(built.countMissing()).isEqualTo(appended.countMissing()).isPositive();
        assertThat(built.countUnique()).isEqualTo(appended.countUnique());
        assertThat(built.countOccurrences("v1")).isEqualTo(appended.countOccurrences("v1")).isPositive();
        assertThat(built.isEqualTo("v1").toArray()).isEqualTo(appended.isEqualTo("v1").toArray());
        assertThat(built.isEqualTo("absent").size()).isZero();
        assertThat(built.countOccurrences("absent")).isZero();
        assertThat(built.isMissing().toArray()).isEqualTo(appended.isMissing().toArray());
        if (distinct <= 255) { // texts "v1" to "v<distinct-1>": a one-byte dictionary, keyed as appending keys it
            assertThat(built.countByCategory().print()).isEqualTo(appended.countByCategory().print());
        }
        StringColumn more = built.copy();
        more.append("new text");
        more.append("v1");
        more.appendMissing();
        assertThat(more.get(n)).isEqualTo("new text");
        assertThat(more.get(n + 1)).isEqualTo("v1");
        assertThat(more.isMissing(n + 2)).isTrue();
        assertThat(more.countMissing()).isEqualTo(appended.countMissing() + 1);
        assertThat(more.countOccurrences("new text")).isEqualTo(1);
        for (int k = 0; k < 300; k++) { // past a one-byte dictionary's keys, into a wider one's
            more.append("added " + k);
        }
        assertThat(more.get(n + 3 + 299)).isEqualTo("added 299");
        assertThat(more.countUnique()).isEqualTo(appended.countUnique() + 301);
        assertThat(more.countOccurrences("v1")).isEqualTo(appended.countOccurrences("v1") + 1);
    }

    enum Colour { RED, GREEN, BLUE }

    @Test
    void should_build_an_enum_column_by_its_names_with_null_missing() {
        int[] ordinals = {Colour.BLUE.ordinal(), -1, Colour.RED.ordinal(), Colour.BLUE.ordinal(), -1};

        StringColumn built = Columns.enums("colour", ordinals, Colour.values());

        assertThat(built.asList()).containsExactly("BLUE", "", "RED", "BLUE", "");
        assertThat(built.isMissing().toArray()).containsExactly(1, 4);
        assertThat(built.countOccurrences("BLUE")).isEqualTo(2);
        assertThat(built.isEqualTo("GREEN").size()).isZero();
        StringColumn appended = StringColumn.create("colour", "BLUE", null, "RED", "BLUE", null);
        assertThat(built.unique().asList()).isEqualTo(appended.unique().asList());
        assertThat(built.countByCategory().print()).isEqualTo(appended.countByCategory().print());
    }
}
