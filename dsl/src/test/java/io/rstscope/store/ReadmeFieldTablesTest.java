package io.rstscope.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/** The README's field tables say exactly what the schema enums say. */
class ReadmeFieldTablesTest {

    static Stream<Arguments> tables() {
        return Stream.of(
                Arguments.of("flows", FlowField.values()),
                Arguments.of("resets", ResetField.values()),
                Arguments.of("packets", PacketField.values()),
                Arguments.of("issues", IssueField.values()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void should_match_the_schema_enum_when_the_readme_lists_a_table(String table, Field[] fields) throws IOException {
        Path readme = Path.of(System.getProperty("rstscope.root", "..")).resolve("README.md");
        String text = Files.readString(readme);
        Matcher m = Pattern.compile("<!-- fields:" + table + " -->\n(.*?)<!-- /fields:" + table + " -->", Pattern.DOTALL)
                .matcher(text);
        assertThat(m.find()).as("README.md has a field table for " + table).isTrue();
        assertThat(m.group(1)).isEqualTo(Field.markdown(fields));
    }
}
