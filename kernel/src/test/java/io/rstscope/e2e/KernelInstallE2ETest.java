package io.rstscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code rstscope kernel install --user} and {@code --sys-prefix} put the kernelspec where Jupyter looks. */
class KernelInstallE2ETest {

    private Path dir;
    private Path sysPrefixSpec;

    @AfterEach
    void clean() throws Exception {
        if (sysPrefixSpec != null && Files.exists(sysPrefixSpec)) {
            delete(sysPrefixSpec);
        }
        if (dir != null) {
            delete(dir);
        }
    }

    private static void delete(Path p) throws Exception {
        try (var files = Files.walk(p)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void should_install_where_jupyter_lists_user_kernels_when_asked_for_user() throws Exception {
        dir = Files.createTempDirectory("rstscope-user-");
        Map<String, String> env = Map.of("XDG_DATA_HOME", dir.resolve("data").toString(),
                "JUPYTER_DATA_DIR", dir.resolve("data/jupyter").toString(),
                "JUPYTER_RUNTIME_DIR", dir.resolve("runtime").toString());

        String installed = Product.run(env, 300, Product.launcher().toString(), "kernel", "install", "--user",
                "--name", "rstscope-user-test");
        String listed = Product.run(env, 60, "jupyter", "kernelspec", "list");

        assertThat(installed).contains("installed kernelspec rstscope-user-test");
        assertThat(listed).contains("rstscope-user-test").contains(dir.resolve("data/jupyter/kernels/rstscope-user-test").toString());
        String spec = Files.readString(dir.resolve("data/jupyter/kernels/rstscope-user-test/kernel.json"), StandardCharsets.UTF_8);
        assertThat(spec).contains("\"interrupt_mode\": \"message\"").contains("\"language\": \"java\"");
    }

    @Test
    void should_install_into_the_prefix_of_jupyters_python_when_asked_for_sys_prefix() throws Exception {
        String prefix = Product.run(Map.of(), 60, "/usr/bin/python3", "-c", "import sys; print(sys.prefix)").strip();
        sysPrefixSpec = Path.of(prefix, "share/jupyter/kernels/rstscope-sys-prefix-test");

        String installed = Product.run(Map.of(), 300, Product.launcher().toString(), "kernel", "install", "--sys-prefix",
                "--name", "rstscope-sys-prefix-test");
        String listed = Product.run(Map.of(), 60, "jupyter", "kernelspec", "list");

        assertThat(installed).contains("installed kernelspec rstscope-sys-prefix-test");
        assertThat(listed).contains("rstscope-sys-prefix-test").contains(sysPrefixSpec.toString());
    }
}
