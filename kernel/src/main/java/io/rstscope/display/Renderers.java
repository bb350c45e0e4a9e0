package io.rstscope.display;

import io.rstscope.Capture;
import io.rstscope.query.Grouping;
import io.rstscope.query.Query;
import io.rstscope.view.Explanation;
import io.rstscope.view.Ladder;
import io.rstscope.view.Timeline;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tech.tablesaw.api.Table;

/**
 * Renderers keyed by the type they render, registered from outside the rendered types: the DSL
 * knows nothing of notebooks. The most specific registered type wins (the class, then its
 * superclasses and interfaces, nearest first); a value of no registered type is shown as the text
 * JShell gave it.
 *
 * <pre>{@code
 * Renderers r = Renderers.standard();
 * r.register(Ladder.class, l -> Rendering.text(l.text()).withSvgImage(l.svg(), l.title()));   // as standard() does
 * Rendering shown = r.render(value, "fallback text");
 * }</pre>
 */
public final class Renderers {

    /** Rows shown by default for a table; the total is always given. */
    public static final int ROW_LIMIT = 20;

    private final Map<Class<?>, Function<Object, Rendering>> byType = new LinkedHashMap<>();

    /** An empty registry. */
    public Renderers() {
    }

    /** The renderers of rstscope's types: every one is registered here, in one place. */
    public static Renderers standard() {
        Renderers r = new Renderers();
        r.register(Table.class, t -> TableView.render(t, ROW_LIMIT));
        r.register(Capture.class, CaptureView::render);
        // A query shows its first rows and its count; its whole table is never built for display.
        r.register(Query.class, q -> {
            int rows = q.count();
            return TableView.head(q.limit(ROW_LIMIT).table(), rows, q.toString());
        });
        r.register(Grouping.class, g -> TableView.render(g.count(), ROW_LIMIT, g.toString()));
        // Pictures as HTML images of their SVG: shown even in a notebook opened untrusted.
        r.register(Ladder.class, l -> Rendering.text(l.text()).withSvgImage(l.svg(), l.title()));
        r.register(Timeline.class, t -> Rendering.text(t.text()).withSvgImage(t.svg(), t.title()));
        r.register(Explanation.class, e -> Rendering.text(e.text()).withHtml(e.html()));
        return r;
    }

    /** Registers how values of {@code type} (and its subtypes) are rendered. */
    @SuppressWarnings("unchecked")
    public <T> Renderers register(Class<T> type, Function<? super T, Rendering> renderer) {
        byType.put(type, v -> renderer.apply((T) v));
        return this;
    }

    /** Renders {@code value}; {@code text} is what shows when no renderer knows its type. */
    public Rendering render(Object value, String text) {
        if (value != null) {
            Function<Object, Rendering> f = find(value.getClass());
            if (f != null) {
                return f.apply(value);
            }
        }
        return Rendering.text(text);
    }

    private Function<Object, Rendering> find(Class<?> type) {
        Deque<Class<?>> queue = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        queue.add(type);
        while (!queue.isEmpty()) {
            Class<?> c = queue.poll();
            if (!seen.add(c)) {
                continue;
            }
            Function<Object, Rendering> f = byType.get(c);
            if (f != null) {
                return f;
            }
            if (c.getSuperclass() != null) {
                queue.add(c.getSuperclass());
            }
            queue.addAll(java.util.List.of(c.getInterfaces()));
        }
        return null;
    }
}
