package io.rstscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code jupyter console} and {@code rstscope shell} in a real terminal (tmux), typed into like a person would. */
class TerminalE2ETest {

    static Path dir;
    static Map<String, String> env;

    @BeforeAll
    static void install() throws Exception {
        Product.requireCommand("tmux");
        Product.requireCommand("jupyter-console");
        dir = Files.createTempDirectory("rstscope-term-");
        Product.run(Map.of(), 300, Product.launcher().toString(), "kernel", "install", "--prefix", dir.toString());
        env = Map.of("JUPYTER_PATH", dir.resolve("share/jupyter").toString(),
                "JUPYTER_RUNTIME_DIR", dir.resolve("runtime").toString(),
                "JUPYTER_CONFIG_DIR", dir.resolve("config").toString(),
                "IPYTHONDIR", dir.resolve("ipython").toString(),
                "HOME", dir.toString());
    }

    @AfterAll
    static void clean() throws Exception {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void should_run_a_query_in_jupyter_console() throws Exception {
        try (var term = new Product.Tmux("console", env, "jupyter console --kernel rstscope")) {
            term.waitFor("In [1]:", 60);
            term.type("%open " + Product.smallCapture());
            term.send("Enter");
            term.waitFor("syn-then-rst.pcap: pcap, 2 packets", 30);
            term.type("packets().count() * 10");
            term.send("Enter");
            term.waitFor("Out[2]: 20", 30);
            term.type("exit");
            term.send("Enter");
        }
    }

    @Test
    void should_answer_a_query_and_complete_with_tab_in_the_shell() throws Exception {
        String command = Product.launcher() + " shell " + Product.smallCapture();
        try (var term = new Product.Tmux("shell", env, command)) {
            term.waitFor("c1 = syn-then-rst.pcap: pcap, 2 packets", 60);
            term.waitFor("jshell>", 30);
            term.type("packets().count() + 40");
            term.send("Enter");
            term.waitFor("==> 42", 30);
            term.type("c1.issueTab");
            term.send("Tab");
            term.waitFor("c1.issueTable()", 10);
            term.type(".rowCount()");
            term.send("Enter");
            String screen = term.waitFor("==> 0", 30);
            assertThat(screen).contains("c1.issueTable().rowCount()");
            term.type("/exit");
            term.send("Enter");
        }
    }

    @Test
    void should_show_values_uncut_and_errors_without_frames_when_the_shell_prints_them() throws Exception {
        String capture = Product.scanCapture().toString();
        String explained = Product.run(Map.of(), 120, Product.launcher().toString(), "query", capture,
                "resets().limit(20).explain()");
        assertThat(explained.lines().filter(l -> l.startsWith("Frame ")).count()).isEqualTo(20);
        try (var term = new Product.Tmux("shell-values", env, Product.launcher() + " shell " + capture)) {
            term.waitFor("jshell>", 60);
            term.enter("resets().limit(20).explain()");
            term.enter("\"after\" + 1");
            term.waitFor("==> \"after1\"", 30);
            String shown = term.scrollback();
            for (String line : explained.strip().lines().toList()) {
                assertThat(shown).as("the shell shows the line query shows").contains(line.stripTrailing());
            }
            assertThat(shown).doesNotContain(" ... ");

            term.enter("flows()");
            String rows = term.waitFor("1,002 rows × 62 columns (first 20 shown)", 30);
            assertThat(rows).contains("==>\nflows(markofu-pcaps__TCP_SYN_SCAN.pcap) → 1002 connections", "CDqDoKiUCMOSmNnYRE");
            term.enter("resets().groupBy(CAUSE, ORIGIN)");
            String groups = term.waitFor("2 rows × 3 columns", 30);
            assertThat(groups).contains("PORT_CLOSED  |  ENDPOINT  |    995");

            term.enter("resets().groupBy(UID).count().rowCount()");
            term.waitFor("==> 1000", 30);

            term.enter("open(\"nosuch.pcap\")");
            term.enter("\"end\" + 1");
            String screen = term.waitFor("==> \"end1\"", 30);
            String error = screen.substring(screen.indexOf("open(\"nosuch.pcap\")"), screen.indexOf("\"end\" + 1"));
            assertThat(error).contains("|  Exception RstscopeException: nosuch.pcap: no such file").doesNotContain(" at ");

            term.enter("resets().cause(PORT_CLOSD)");
            term.waitFor("|    symbol:   variable PORT_CLOSD", 30);
            term.waitFor("|    did you mean PORT_CLOSED?", 30);
            term.enter("resets().cause(\"port_closed\").count()");
            term.waitFor("==> 995", 30);
            term.enter("/exit");
        }
    }

    @Test
    void should_stop_a_busy_loop_with_ctrl_c_in_the_shell_and_stay_usable_without_warnings() throws Exception {
        try (var term = new Product.Tmux("shell-interrupt", env, Product.launcher() + " shell")) {
            term.waitFor("jshell>", 60);
            term.enter("long spins = 0; while (true) { spins++; }");
            Thread.sleep(1500);
            term.send("C-c");
            term.enter("spins > 0 ? 6 * 7 : -1");
            assertThat(term.waitFor("==> 42", 30)).doesNotContain("WARNING");
            term.enter("/exit");
        }
    }

    @Test
    void should_run_a_script_and_fail_with_a_nonzero_status_on_an_error() throws Exception {
        Path ok = dir.resolve("ok.jsh");
        Files.writeString(ok, "var cap = open(args[0]);\nSystem.out.println(\"rows=\" + packets().count());\n/exit\n");
        String out = Product.run(Map.of(), 120, Product.launcher().toString(), "run", ok.toString(), Product.smallCapture().toString());
        assertThat(out).contains("rows=2");
        Path bad = dir.resolve("bad.jsh");
        Files.writeString(bad, "int a = 1;\nint b = nope;\n");
        Process p = new ProcessBuilder(Product.launcher().toString(), "run", bad.toString()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isEqualTo(1);
        assertThat(text).contains("bad.jsh:2: error: line 2, column 9: cannot find symbol");
    }
}
