package io.rstscope.display;

import io.rstscope.view.Html;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One value shown several ways, by MIME type: {@code text/plain} always (consoles and the REPL read
 * it), {@code text/html} for notebooks.
 *
 * <p>Notebooks are saved with their outputs and opened by others "not trusted": the classic notebook
 * and JupyterLab then show {@code text/html} sanitized (no scripts, no styles, no inline SVG) and do
 * not show {@code image/svg+xml} at all. So every rich rendering is HTML that survives sanitizing, and
 * an SVG picture is an {@code <img>} whose source is the SVG itself ({@link #withSvgImage}).
 *
 * <pre>{@code
 * Rendering.text("3 rows").withHtml("<table>...</table>")
 * Rendering.text(ladder.text()).withSvgImage(ladder.svg(), ladder.title())
 * }</pre>
 */
public record Rendering(Map<String, String> data) {

    /** Plain text. */
    public static final String TEXT = "text/plain";
    /** HTML. */
    public static final String HTML = "text/html";

    private static final Pattern SVG_WIDTH = Pattern.compile("^<svg [^>]*?\\bwidth=\"(\\d+)\"");

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

    /**
     * This rendering with an SVG picture as HTML: {@code <img src="data:image/svg+xml;base64,..."
     * width="W" alt="...">}, W being the SVG's own width. A notebook shows it whether trusted or not,
     * never runs anything in it, and scales it down to the output area when the area is narrower.
     */
    public Rendering withSvgImage(String svg, String alt) {
        Matcher w = SVG_WIDTH.matcher(svg);
        String src = Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
        return withHtml("<img src=\"data:image/svg+xml;base64," + src + "\"" + (w.find() ? " width=\"" + w.group(1) + "\"" : "")
                + " alt=\"" + Html.escape(alt) + "\">");
    }

    /** The plain text. */
    public String plain() {
        return data.getOrDefault(TEXT, "");
    }
}
