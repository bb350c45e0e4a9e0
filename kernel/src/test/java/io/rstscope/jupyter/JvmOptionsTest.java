package io.rstscope.jupyter;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JvmOptionsTest {

    /** A renamed method would leave its command matching nothing, silently: each must name a real one. */
    @Test
    void should_name_methods_that_exist_in_every_compile_command() throws Exception {
        for (String option : JvmOptions.COMPILER) {
            if (!option.startsWith("-XX:CompileCommand=")) {
                continue;
            }
            String command = option.substring("-XX:CompileCommand=".length());
            if (command.equals("quiet")) {
                continue;
            }
            assertThat(command).startsWith("dontinline,");
            String[] target = command.substring("dontinline,".length()).split("::");
            Class<?> type = Class.forName(target[0]);
            assertThat(Arrays.stream(type.getDeclaredMethods()).map(Method::getName))
                    .as(option).contains(target[1]);
        }
    }
}
