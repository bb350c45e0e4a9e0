package io.rstscope.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.Rst;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's DSL reference lists exactly the public methods of the three queries and the matches. */
class ReadmeDslReferenceTest {

    static final Set<String> OBJECT = Set.of("toString", "equals", "hashCode", "getClass", "notify", "notifyAll", "wait");

    static String section(String name) throws IOException {
        Path readme = Path.of(System.getProperty("rstscope.root", "..")).resolve("README.md");
        Matcher m = Pattern.compile("<!-- " + name + " -->\n(.*?)<!-- /" + name + " -->", Pattern.DOTALL)
                .matcher(Files.readString(readme));
        assertThat(m.find()).as("README.md has the section " + name).isTrue();
        return m.group(1);
    }

    /** Method name → the queries it is on, as the README's table says. */
    static Map<String, Set<String>> documented() throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        for (String line : section("dsl:methods").split("\n")) {
            Matcher m = Pattern.compile("^\\| `(\\w+)\\(.*?\\)` \\| ([a-z ]+) \\| .+ \\|$").matcher(line);
            if (m.find()) {
                out.put(m.group(1), new TreeSet<>(Set.of(m.group(2).split(" "))));
            }
        }
        return out;
    }

    /** Method name → the queries that have it, by reflection. */
    static Map<String, Set<String>> actual() {
        Map<String, Set<String>> out = new TreeMap<>();
        Map<String, Class<?>> queries = Map.of("flows", FlowQuery.class, "resets", ResetQuery.class, "packets", PacketQuery.class);
        for (var e : queries.entrySet()) {
            for (Method m : e.getValue().getMethods()) {
                if (!OBJECT.contains(m.getName()) && !m.isSynthetic()) {
                    out.computeIfAbsent(m.getName(), k -> new TreeSet<>()).add(e.getKey());
                }
            }
        }
        return out;
    }

    @Test
    void should_list_every_public_query_method_and_the_queries_it_is_on_when_the_readme_gives_the_reference()
            throws IOException {
        assertThat(documented()).isEqualTo(actual());
    }

    @Test
    void should_list_every_match_factory_when_the_readme_gives_the_matches() throws IOException {
        Set<String> listed = new TreeSet<>();
        for (String line : section("dsl:matches").split("\n")) {
            Matcher m = Pattern.compile("^\\| `(\\w+)\\(").matcher(line);
            if (m.find()) {
                listed.add(m.group(1));
            }
        }
        Set<String> factories = new TreeSet<>();
        for (Method m : Rst.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) && m.getReturnType() == Match.class) {
                factories.add(m.getName());
            }
        }
        assertThat(listed).isEqualTo(factories).hasSize(13);
    }
}
