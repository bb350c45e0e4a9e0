package io.rstscope.display;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One value shown several ways, by MIME type: {@code text/plain} always (consoles and the REPL read
 * it), {@code text/html} or {@code image/svg+xml} for notebooks.
 *
 * <pre>{@code
 * Rendering.text("3 rows").withHtml("<table>...</table>")
 * }</pre>
 */
public record Rendering(Map<String, String> data) {

    /** Plain text. */
    public static final String TEXT = "text/plain";
    /** HTML. */
    public static final String HTML = "text/html";
    /** SVG, for ladders and timelines. */
    public static final String SVG = "image/svg+xml";

    /** Copies the map, keeping its order. */
    public Rendering {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** A rendering with plain text only. */
    public static Rendering text(String text) {
        return new Rendering(Map.of(TEXT, text));
    }

    /** This rendering with one more MIME type. */
    public Rendering with(String mimeType, String content) {
        Map<String, String> m = new LinkedHashMap<>(data);
        m.put(mimeType, content);
        return new Rendering(m);
    }

    /** This rendering with HTML. */
    public Rendering withHtml(String html) {
        return with(HTML, html);
    }

    /** This rendering with SVG. */
    public Rendering withSvg(String svg) {
        return with(SVG, svg);
    }

    /** The plain text. */
    public String plain() {
        return data.getOrDefault(TEXT, "");
    }
}
