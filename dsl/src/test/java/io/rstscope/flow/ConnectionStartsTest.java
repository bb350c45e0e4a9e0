package io.rstscope.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ConnectionStartsTest {

    /**
     * First frames as a capture gives them: mostly a few packets apart, at times thousands, and past
     * 2^31 packets (a capture of some 200 GB), which the places must still count.
     */
    private static long[] firstFrames(int n, long seed) {
        Random random = new Random(seed);
        long[] frames = new long[n];
        long f = 0;
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(100);
            f += kind < 90 ? 1 + random.nextInt(12) : kind < 99 ? 1 + random.nextInt(5_000) : 1L << 20;
            if (i == n / 2) {
                f += 1L << 31;
            }
            frames[i] = f;
        }
        return frames;
    }

    /** The places of {@code frames}, noted by {@code parts} as workers that share the connections would. */
    private static void assertPlaces(long[] frames, ConnectionStarts... parts) {
        Random random = new Random(3);
        int[] rows = new int[parts.length];
        for (long f : frames) {
            int w = random.nextInt(parts.length);
            parts[w].note(rows[w]++, f);
        }
        try (ConnectionStarts.Ordinals ordinals = ConnectionStarts.ordinals(List.of(parts))) {
            for (int i = 0; i < frames.length; i++) {
                assertThat(ordinals.applyAsInt(frames[i])).as("frame %d", frames[i]).isEqualTo(i);
            }
            // Between the frames, before the first and after the last, in an order that jumps about.
            for (int k = 0; k < 20_000; k++) {
                long f = random.nextInt(4) == 0 ? random.nextLong(frames[frames.length - 1] + 10)
                        : frames[random.nextInt(frames.length)] + random.nextInt(3) - 1;
                int expected = Arrays.binarySearch(frames, f);
                assertThat(ordinals.applyAsInt(f)).as("frame %d", f).isEqualTo(expected >= 0 ? expected : -expected - 1);
            }
            assertThat(ordinals.applyAsInt(0)).isZero();
            assertThat(ordinals.applyAsInt(Long.MAX_VALUE)).isEqualTo(frames.length);
        }
    }

    @Test
    void should_give_each_first_frame_its_place_when_spilled_to_a_temporary_file() {
        long[] frames = firstFrames(300_000, 11);
        ConnectionStarts[] parts = {new ConnectionStarts(), new ConnectionStarts(), new ConnectionStarts()};
        assertPlaces(frames, parts);
        assertThat(parts).allMatch(ConnectionStarts::spilled);
    }

    @Test
    void should_give_the_same_places_to_threads_that_ask_at_once() throws Exception {
        long[] frames = firstFrames(200_000, 14);
        ConnectionStarts[] parts = {new ConnectionStarts(), new ConnectionStarts()};
        for (int i = 0; i < frames.length; i++) {
            parts[i % 2].note(i / 2, frames[i]);
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try (ConnectionStarts.Ordinals ordinals = ConnectionStarts.ordinals(List.of(parts))) {
            List<java.util.concurrent.Future<Integer>> wrong = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                wrong.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    int errors = 0;
                    for (int k = 0; k < 50_000; k++) {
                        int i = random.nextInt(frames.length);
                        errors += ordinals.applyAsInt(frames[i]) == i ? 0 : 1;
                    }
                    return errors;
                }));
            }
            for (var w : wrong) {
                assertThat(w.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void should_give_each_first_frame_its_place_on_the_heap_alone() {
        long[] frames = firstFrames(300_000, 12);
        ConnectionStarts[] parts = {ConnectionStarts.onHeap(), ConnectionStarts.onHeap()};
        assertPlaces(frames, parts);
        assertThat(parts).noneMatch(ConnectionStarts::spilled);
    }

    @Test
    void should_keep_the_frames_on_the_heap_when_the_file_cannot_grow() throws IOException {
        // Every write to /dev/full fails as a full disk does (ENOSPC).
        try (FileChannel full = FileChannel.open(Path.of("/dev/full"), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ConnectionStarts starts = ConnectionStarts.spillingTo(full);
            assertPlaces(firstFrames(100_000, 15), starts);
            assertThat(starts.spilled()).isFalse();
        }
    }

    @Test
    void should_give_the_places_of_a_few_connections_without_a_file() {
        ConnectionStarts starts = new ConnectionStarts();
        assertPlaces(new long[] {3, 4, 9}, starts);
        assertThat(starts.spilled()).isFalse();
        try (ConnectionStarts.Ordinals none = new ConnectionStarts().ordinals()) {
            assertThat(none.applyAsInt(1)).isZero();
        }
    }

    @Test
    void should_note_only_the_first_packet_of_each_connection() {
        ConnectionStarts starts = new ConnectionStarts();
        starts.note(0, 5);
        starts.note(0, 6); // a later packet of connection 0
        starts.note(1, 8);
        starts.note(0, 9);
        try (ConnectionStarts.Ordinals ordinals = starts.ordinals()) {
            assertThat(ordinals.applyAsInt(5)).isZero();
            assertThat(ordinals.applyAsInt(8)).isOne();
            assertThat(ordinals.applyAsInt(9)).isEqualTo(2);
        }
    }

    @Test
    void should_refuse_a_first_frame_after_the_places_were_asked_for() {
        ConnectionStarts starts = new ConnectionStarts();
        starts.note(0, 1);
        starts.ordinals().close();
        assertThatThrownBy(() -> starts.note(1, 2)).isInstanceOf(IllegalStateException.class)
                .hasMessage("a first frame noted after ordinals(): it would not be counted");
    }

    @Test
    void should_refuse_a_place_asked_for_after_close_with_a_message_not_a_null_pointer() {
        ConnectionStarts starts = new ConnectionStarts();
        long[] frames = firstFrames(100_000, 5);
        for (int i = 0; i < frames.length; i++) {
            starts.note(i, frames[i]);
        }
        assertThat(starts.spilled()).isTrue();
        ConnectionStarts.Ordinals ordinals = starts.ordinals();
        assertThat(ordinals.applyAsInt(frames[10])).isEqualTo(10);
        ordinals.close();
        assertThatThrownBy(() -> ordinals.applyAsInt(frames[20])).isInstanceOf(IllegalStateException.class)
                .hasMessage("ordinals asked for after close(): their first frames are gone");
    }

    @Test
    void should_leave_no_temporary_file_behind_while_spilled() throws IOException {
        ConnectionStarts starts = new ConnectionStarts();
        long[] frames = firstFrames(200_000, 13);
        for (int i = 0; i < frames.length; i++) {
            starts.note(i, frames[i]);
        }
        assertThat(starts.spilled()).isTrue();
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("rstscope-starts-"));
        }
        starts.ordinals().close();
    }
}
