package io.rstscope.reset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EndedTuplesTest {

    /** A key whose hash the test chooses, so that keys collide and runs of the table wrap around its end. */
    private record Key(int id, int hash) {
        @Override
        public int hashCode() {
            return hash;
        }
    }

    @Test
    void should_answer_as_a_linked_map_when_keys_collide_are_replaced_and_dropped_oldest_first() {
        Random random = new Random(7);
        EndedTuples<Key, Integer> table = new EndedTuples<>();
        LinkedHashMap<Key, Integer> model = new LinkedHashMap<>();
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            // Few distinct hashes, some of them near the table's last slots: long runs that wrap.
            keys.add(new Key(i, random.nextInt(8) == 0 ? -1 - random.nextInt(4) : random.nextInt(3_000)));
        }
        for (int step = 0; step < 200_000; step++) {
            Key k = keys.get(random.nextInt(keys.size()));
            int op = random.nextInt(10);
            if (op < 5) {
                table.put(k, step);
                model.remove(k); // a tuple put again goes to the end of the order
                model.put(k, step);
            } else if (op < 9) {
                assertThat(table.get(k)).isEqualTo(model.get(k));
            } else {
                int drop = random.nextInt(4);
                for (int d = 0; d < drop && !model.isEmpty(); d++) {
                    Iterator<Map.Entry<Key, Integer>> it = model.entrySet().iterator();
                    assertThat(table.oldest()).isEqualTo(it.next().getValue());
                    it.remove();
                    table.removeOldest();
                }
            }
            assertThat(table.size()).isEqualTo(model.size());
        }
        for (Key k : keys) {
            assertThat(table.get(k)).isEqualTo(model.get(k));
        }
        for (Integer v : model.values()) {
            assertThat(table.oldest()).isEqualTo(v);
            table.removeOldest();
        }
        assertThat(table.oldest()).isNull();
        assertThat(table.size()).isZero();
    }

    @Test
    void should_hold_nothing_when_cleared() {
        EndedTuples<Key, String> table = new EndedTuples<>();
        table.put(new Key(1, 5), "a");
        table.put(new Key(2, 5), "b");
        table.clear();
        assertThat(table.get(new Key(1, 5))).isNull();
        assertThat(table.oldest()).isNull();
        assertThat(table.size()).isZero();
        table.put(new Key(2, 5), "c");
        assertThat(table.oldest()).isEqualTo("c");
    }
}
