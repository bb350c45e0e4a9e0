package io.rstscope.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.Rst;
import io.rstscope.teach.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LadderTest {

    /** The SVG's width, and each left-aligned text line's end at 12 px monospace (0.6 em a character). */
    static int width(String svg) {
        Matcher width = Pattern.compile("^<svg [^>]*width=\"(\\d+)\"").matcher(svg);
        assertThat(width.find()).isTrue();
        return Integer.parseInt(width.group(1));
    }

    static List<String> startTexts(String svg) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<text x=\"(\\d+)\" y=\"\\d+\" text-anchor=\"start\"[^>]*font-size=\"12\"[^>]*>([^<]*)</text>").matcher(svg);
        while (m.find()) {
            out.add(m.group(1) + ":" + m.group(2));
        }
        return out;
    }

    @Test
    void should_wrap_the_title_and_the_reset_notes_within_a_notebook_width_when_they_are_long() {
        Ladder ladder = Rst.scenario(Scenario.CENSOR_RST_FLURRY).resets().first().ladder();
        String svg = ladder.svg();

        int width = width(svg);
        assertThat(width).isLessThanOrEqualTo(Ladder.SVG_WIDTH);
        assertThat(svg).contains(">RST: POLICY_INJECTION, FORGED,</text>").contains(">MIDDLEBOX, claims to be the server</text>");
        List<String> texts = startTexts(svg);
        assertThat(texts).hasSizeGreaterThan(6);
        for (String t : texts) {
            int x = Integer.parseInt(t.substring(0, t.indexOf(':')));
            String s = t.substring(t.indexOf(':') + 1).replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&");
            assertThat(x + s.length() * 7.2).as("end of \"" + s + "\"").isLessThanOrEqualTo(width);
        }
        assertThat(svg).contains("viewBox=\"0 0 " + width + " ");
    }

    @Test
    void should_break_after_a_comma_and_keep_every_word_when_a_line_is_wrapped() {
        assertThat(Ladder.wrap("RST: PORT_CLOSED (or FIREWALL_REJECT), GENUINE", 42))
                .containsExactly("RST: PORT_CLOSED (or FIREWALL_REJECT),", "GENUINE");
        assertThat(Ladder.wrap("one two three", 8)).containsExactly("one two", "three");
        assertThat(Ladder.wrap("unbreakable_word_longer_than_a_line", 8)).containsExactly("unbreakable_word_longer_than_a_line");
        assertThat(Ladder.wrap("short", 40)).containsExactly("short");
    }
}
