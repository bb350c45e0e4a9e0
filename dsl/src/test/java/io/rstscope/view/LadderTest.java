package io.rstscope.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.Rst;
import io.rstscope.teach.Scenario;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LadderTest {

    @Test
    void should_make_the_svg_wide_enough_for_its_reset_notes_when_they_run_past_the_server_lane() {
        Ladder ladder = Rst.scenario(Scenario.CENSOR_RST_FLURRY).resets().first().ladder();
        String svg = ladder.svg();

        Matcher width = Pattern.compile("^<svg [^>]*width=\"(\\d+)\"").matcher(svg);
        assertThat(width.find()).isTrue();
        // The note starts 12 px right of the server's lane (x = 730 with a middlebox); 12 px monospace
        // characters are 7.2 px wide.
        String note = "RST: POLICY_INJECTION, FORGED, MIDDLEBOX, claims to be the server";
        assertThat(svg).contains(">" + note + "<");
        assertThat(Integer.parseInt(width.group(1))).isGreaterThanOrEqualTo(730 + 12 + (int) Math.ceil(note.length() * 7.2));
    }
}
