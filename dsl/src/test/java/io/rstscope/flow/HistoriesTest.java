package io.rstscope.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HistoriesTest {

    private static byte[] letters(String s, int room) {
        byte[] b = new byte[room];
        byte[] l = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(l, 0, b, 0, l.length);
        return b;
    }

    @Test
    void should_give_one_string_per_history_from_bytes_and_strings_alike() {
        Histories histories = new Histories();
        String first = histories.intern(letters("ShADadFf", 16), 8);
        assertThat(first).isEqualTo("ShADadFf");
        assertThat(histories.intern(letters("ShADadFf", 8), 8)).isSameAs(first);
        assertThat(histories.intern(new String("ShADadFf"))).isSameAs(first);
        // Only the first length bytes count: what lies past them in the buffer is not read.
        assertThat(histories.intern(letters("ShADadFfXYZ", 16), 8)).isSameAs(first);
        assertThat(histories.intern(letters("ShADadFf", 16), 7)).isEqualTo("ShADadF").isNotSameAs(first);
        assertThat(histories.intern(letters("", 8), 0)).isEmpty();
        // Letters past 127 are read unsigned, as ISO-8859-1 maps them.
        String accented = histories.intern(new byte[] {(byte) 0xe9}, 1);
        assertThat(accented).isEqualTo("\u00e9");
        assertThat(histories.intern(new String("\u00e9"))).isSameAs(accented);
    }

    @Test
    void should_answer_as_a_map_for_thousands_of_histories_with_colliding_hashes() {
        // "Aa" and "BB" share String.hashCode: so do all strings made of those pairs.
        Random random = new Random(11);
        Histories histories = new Histories();
        Map<String, String> model = new HashMap<>();
        for (int step = 0; step < 50_000; step++) {
            StringBuilder b = new StringBuilder();
            int pairs = random.nextInt(6);
            for (int k = 0; k < pairs; k++) {
                b.append(random.nextBoolean() ? "Aa" : "BB");
            }
            if (random.nextInt(3) == 0) {
                b.append((char) ('a' + random.nextInt(26))).append(random.nextInt(400));
            }
            String h = b.toString();
            String got = random.nextBoolean()
                    ? histories.intern(letters(h, h.length() + random.nextInt(4)), h.length())
                    : histories.intern(new String(h));
            assertThat(got).isEqualTo(h);
            assertThat(got).isSameAs(model.computeIfAbsent(h, k -> got));
        }
    }
}
