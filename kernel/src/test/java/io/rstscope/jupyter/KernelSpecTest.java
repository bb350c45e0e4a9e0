package io.rstscope.jupyter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSpecTest {

    @TempDir
    Path dir;

    /** A JDK installation with a release file and a java program that is never run. */
    private Path fakeJdk(String name, String version) throws Exception {
        Path home = dir.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\nexit 3\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    @Test
    void should_write_the_chosen_java_with_the_unsafe_flag_when_the_jdk_is_25_and_the_launchers_options() {
        String json = KernelSpec.kernelJson("rstscope", Path.of("/opt/rstscope.jar"), Path.of("/jdk25/bin/java"), 25, true);
        assertThat(json).contains("\"argv\": [\"/jdk25/bin/java\", \"--sun-misc-unsafe-memory-access=allow\", "
                + "\"-XX:+UseParallelGC\", \"-XX:+UseTransparentHugePages\", \"-XX:FreqInlineSize=100\", "
                + "\"-XX:CompileCommand=quiet\", "
                + "\"-XX:CompileCommand=dontinline,io.rstscope.reset.ResetStream::packet\", "
                + "\"-XX:CompileCommand=dontinline,io.rstscope.reset.ResetStream::ended\", \"-jar\", "
                + "\"/opt/rstscope.jar\", \"kernel\", \"run\", \"{connection_file}\"]");
    }

    @Test
    void should_pass_no_flag_that_jdk_17_would_refuse() {
        String json = KernelSpec.kernelJson("rstscope", Path.of("/opt/rstscope.jar"), Path.of("/jdk17/bin/java"), 17, false);
        assertThat(json).contains("\"argv\": [\"/jdk17/bin/java\", \"-XX:+UseParallelGC\", "
                + "\"-XX:FreqInlineSize=100\", \"-XX:CompileCommand=quiet\", "
                + "\"-XX:CompileCommand=dontinline,io.rstscope.reset.ResetStream::packet\", "
                + "\"-XX:CompileCommand=dontinline,io.rstscope.reset.ResetStream::ended\", \"-jar\", \"/opt/rstscope.jar\", "
                + "\"kernel\", \"run\", \"{connection_file}\"]");
        assertThat(KernelSpec.quietFlags(22)).isEmpty();
        assertThat(KernelSpec.quietFlags(23)).containsExactly("--sun-misc-unsafe-memory-access=allow");
    }

    @Test
    void should_read_the_feature_version_from_the_release_file_of_the_jdk() throws Exception {
        assertThat(KernelSpec.featureVersion(fakeJdk("jdk21", "21.0.2"))).isEqualTo(21);
        Path link = dir.resolve("java-link");
        Files.createSymbolicLink(link, fakeJdk("jdk25", "25.0.3"));
        assertThat(KernelSpec.featureVersion(link)).isEqualTo(25);
    }

    @Test
    void should_refuse_a_java_older_than_17_naming_it() throws Exception {
        Path java = fakeJdk("jdk11", "11.0.22");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = KernelSpec.install(List.of("--prefix", dir.resolve("p").toString(), "--java", java.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("rstscope kernel install: --java " + java
                + ": expected a Java 17 or later runtime, got Java 11\n");
    }

    @Test
    void should_refuse_a_java_path_where_there_is_no_program() {
        Path java = dir.resolve("nowhere/bin/java");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = KernelSpec.install(List.of("--java", java.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("rstscope kernel install: --java " + java
                + ": expected the path of a java program, and there is none\n");
    }
}
