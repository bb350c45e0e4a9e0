package io.rstscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PluralTest {

    @Test
    void should_group_thousands_as_the_formatter_does() {
        long[] edges = {0, 1, -1, 12, 999, 1000, -1000, 1234, 12345, 123456, 1234567, -999, -1234567, 999999,
                1000000, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long n : edges) {
            assertThat(Plural.number(n)).as("%d", n).isEqualTo(String.format(Locale.ROOT, "%,d", n));
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long n = random.nextLong() >> random.nextInt(64);
            assertThat(Plural.number(n)).as("%d", n).isEqualTo(String.format(Locale.ROOT, "%,d", n));
        }
    }

    @Test
    void should_say_the_noun_in_the_singular_only_for_one() {
        assertThat(Plural.of(1, "issue")).isEqualTo("1 issue");
        assertThat(Plural.of(6025, "reset")).isEqualTo("6,025 resets");
        assertThat(Plural.of(2, "RST packet", "RST packets")).isEqualTo("2 RST packets");
    }
}
