package io.rstscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The teaching notebook run as a reader runs it: Debian's classic Jupyter Notebook server on
 * 127.0.0.1, driven by headless Chromium through chromedriver (WebDriver over HTTP, no Selenium),
 * runs all cells through the page and checks in the page that the ladders and tables were rendered.
 * The screenshot is kept as {@code kernel/target/notebook-browser.png}.
 */
class NotebookBrowserE2ETest {

    static final String NOTEBOOK = "1-why-tcp-connections-reset.ipynb";
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Path dir;
    static Process server;
    static Process driver;
    static String webdriver;
    static String session;

    @BeforeAll
    static void start() throws Exception {
        Product.requireCommand("jupyter-notebook");
        Product.requireCommand("chromium");
        Product.requireCommand("chromedriver");
        dir = Files.createTempDirectory("rstscope-browser-");
        Product.run(Map.of(), 300, Product.launcher().toString(), "kernel", "install", "--prefix", dir.toString());
        // The server serves a copy: autosave must never rewrite the committed notebook.
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.copy(Product.root().resolve("notebooks").resolve(NOTEBOOK), work.resolve(NOTEBOOK));

        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        int port = freePort();
        ProcessBuilder nb = new ProcessBuilder("jupyter-notebook", "--no-browser", "--ip=127.0.0.1", "--port=" + port,
                "--port-retries=0", "--allow-root", "--NotebookApp.token=" + token, "--notebook-dir=" + work)
                .redirectErrorStream(true).redirectOutput(dir.resolve("notebook-server.log").toFile());
        nb.environment().putAll(Map.of("JUPYTER_PATH", dir.resolve("share/jupyter").toString(),
                "JUPYTER_RUNTIME_DIR", dir.resolve("runtime").toString(),
                "JUPYTER_CONFIG_DIR", dir.resolve("config").toString(),
                "JUPYTER_DATA_DIR", dir.resolve("data").toString()));
        server = nb.start();
        String base = "http://127.0.0.1:" + port;
        waitFor(base + "/api/status?token=" + token, "the notebook server");

        int driverPort = freePort();
        driver = new ProcessBuilder("chromedriver", "--port=" + driverPort, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromedriver.log").toFile()).start();
        webdriver = "http://127.0.0.1:" + driverPort;
        waitFor(webdriver + "/status", "chromedriver");

        JsonObject caps = json(Map.of("capabilities", Map.of("alwaysMatch", Map.of(
                "browserName", "chrome",
                "goog:chromeOptions", Map.of("binary", "/usr/bin/chromium", "args", List.of(
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=1280,1000",
                        "--user-data-dir=" + dir.resolve("chromium-profile"))))))).getAsJsonObject();
        session = call("POST", "/session", caps).getAsJsonObject().get("sessionId").getAsString();
        call("POST", "/session/" + session + "/url",
                json(Map.of("url", base + "/notebooks/" + NOTEBOOK + "?token=" + token)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (session != null) {
            try {
                call("DELETE", "/session/" + session, null);
            } catch (Exception | AssertionError e) {
                // the browser is gone already; the processes below are what matters
            }
        }
        for (Process p : new Process[] {driver, server}) {
            if (p != null) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                p.waitFor();
            }
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void should_render_the_ladders_and_tables_when_all_cells_run_in_the_browser() throws Exception {
        poll("return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel"
                + " && Jupyter.notebook.kernel.is_connected())", 60, "the kernel connected to the page");
        script("Jupyter.notebook.clear_all_output(); Jupyter.notebook.execute_all_cells(); return true");
        poll("var cells = Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code');"
                + " return cells.every(c => typeof c.input_prompt_number === 'number')"
                + " && document.querySelector('#kernel_indicator_icon').classList.contains('kernel_idle_icon')",
                90, "every code cell ran and the kernel is idle");

        long svgs = script("return document.querySelectorAll('.output_area svg').length").getAsLong();
        long tables = script("return document.querySelectorAll('.output_area table').length").getAsLong();
        long errors = script("return document.querySelectorAll('.output_area .output_error, .output_area .output_stderr').length").getAsLong();
        String firstRow = script("var t = document.querySelector('.output_area table tbody tr');"
                + " return t ? t.textContent : ''").getAsString();
        script("document.querySelector('.output_area svg').scrollIntoView(); window.scrollBy(0, -120); return true");
        Path shot = Product.root().resolve("kernel/target/notebook-browser.png");
        byte[] png = Base64.getDecoder().decode(call("GET", "/session/" + session + "/screenshot", null).getAsString());
        Files.write(shot, png);

        assertThat(errors).as("error outputs in the page").isZero();
        assertThat(svgs).as("SVG ladders rendered in output areas (16 scenarios, one drawn twice)").isGreaterThanOrEqualTo(17);
        assertThat(tables).as("HTML tables rendered in output areas").isGreaterThanOrEqualTo(17);
        assertThat(firstRow).contains("PORT_CLOSED").contains("HANDSHAKE");
        assertThat(png).hasSizeGreaterThan(10_000);
    }

    // ------------------------------------------------------------------ WebDriver over HTTP

    static JsonElement script(String js) throws Exception {
        return call("POST", "/session/" + session + "/execute/sync", json(Map.of("script", js, "args", List.of())));
    }

    static void poll(String js, int seconds, String what) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            JsonElement v = script(js);
            if (v.isJsonPrimitive() && v.getAsBoolean()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
    }

    /** One WebDriver command; returns its {@code value}, failing on a WebDriver error. */
    static JsonElement call(String method, String path, JsonElement body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(webdriver + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(200);
        return new JsonParser().parse(r.body()).getAsJsonObject().get("value");
    }

    static JsonElement json(Object o) {
        Gson gson = new Gson();
        return gson.toJsonTree(o);
    }

    static void waitFor(String url, String what) throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(what + " did not answer " + url + " within 60 s; log in " + dir);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
