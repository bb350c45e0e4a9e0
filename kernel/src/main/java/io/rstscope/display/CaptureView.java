package io.rstscope.display;

import io.rstscope.view.Html;

import io.rstscope.Capture;

/** An opened capture: its one-line summary, and in HTML with what to try next. */
final class CaptureView {

    private CaptureView() {
    }

    static Rendering render(Capture cap) {
        String line = cap.toString();
        String html = "<div class=\"rstscope-capture\"><b>" + Html.escape(line) + "</b>"
                + "<div>try <code>flows()</code>, <code>resets()</code>, <code>packets()</code> or <code>issues()</code></div></div>";
        return Rendering.text(line).withHtml(html);
    }
}
