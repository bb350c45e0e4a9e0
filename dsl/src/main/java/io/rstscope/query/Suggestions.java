package io.rstscope.query;

import io.rstscope.flow.ConnState;
import io.rstscope.reset.Cause;
import io.rstscope.reset.Origin;
import io.rstscope.reset.Sender;
import io.rstscope.reset.Stage;
import io.rstscope.reset.Verdict;
import io.rstscope.store.Col;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which known name a misspelt one was meant to be: the "did you mean" of the DSL's messages, of field
 * names, enum constants given as text, and (in the notebook and shell) unknown symbols.
 *
 * <pre>{@code
 * Suggestions.closest("PORT_CLOSD", Suggestions.vocabulary());   // "PORT_CLOSED"
 * Suggestions.closest("REJECTED", List.of("REJ", "S0", "SF"));   // "REJ"
 * Suggestions.closest("x", List.of("ts"));                       // null: nothing is close
 * }</pre>
 */
public final class Suggestions {

    private Suggestions() {
    }

    /**
     * The constants the notebook, shell and scripts import bare: the column names ({@link Col}) and the
     * constants of {@link Stage}, {@link Cause}, {@link Sender}, {@link Origin}, {@link Verdict} and
     * {@link ConnState}.
     */
    public static List<String> vocabulary() {
        Set<String> names = new LinkedHashSet<>();
        for (Class<? extends Enum<?>> type : List.of(Col.class, Stage.class, Cause.class, Sender.class, Origin.class,
                Verdict.class, ConnState.class)) {
            for (Enum<?> e : type.getEnumConstants()) {
                names.add(e.name());
            }
        }
        return List.copyOf(names);
    }

    /**
     * The known name closest to {@code name}, compared without case, or {@code null} when none is close:
     * one slip (a letter wrong, missing, extra, or two swapped); else a known name that is one word of
     * it or it one word of the known name ({@code cause} for {@code rst_cause}), or its start
     * ({@code REJ} for {@code REJECTED}); else at most a third of the letters wrong. Returned as known.
     */
    public static String closest(String name, Collection<String> known) {
        String asked = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        List<String> all = new ArrayList<>(known);
        for (String k : all) {
            int d = Fields.distance(asked, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        if (bestDistance <= 1) {
            return best;
        }
        for (String k : all) {
            String lower = k.toLowerCase(Locale.ROOT);
            if (List.of(lower.split("_")).contains(asked) || List.of(asked.split("_")).contains(lower)
                    || (lower.length() >= 2 && asked.startsWith(lower))) {
                return k;
            }
        }
        return bestDistance <= Math.max(1, asked.length() / 3) ? best : null;
    }
}
