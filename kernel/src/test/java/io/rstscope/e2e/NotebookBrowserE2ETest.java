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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The notebooks as a reader sees them: Debian's classic Jupyter Notebook server on 127.0.0.1, driven by
 * headless Chromium through chromedriver (WebDriver over HTTP, no Selenium), in a window of 1280 px,
 * where the classic notebook has its default width. One test runs every cell of the teaching notebook in
 * the page; the other opens the committed notebooks as they are on disk, "not trusted" as any notebook
 * someone else saved, without running anything. Both check in the page, by the elements' rectangles,
 * what is visible: every ladder and timeline drawn at its size inside the output area with none of its
 * text past the picture's edge (measured with the browser's own fonts), every table's verdict column
 * inside the output area, and no table row taller than three lines. The screenshots are kept as
 * {@code kernel/target/notebook-browser.png} and {@code kernel/target/notebook-untrusted.png}.
 */
class NotebookBrowserE2ETest {

    static final String NOTEBOOK = "1-why-tcp-connections-reset.ipynb";
    static final List<String> COMMITTED = List.of("1-why-tcp-connections-reset.ipynb",
            "2-investigating-an-incident.ipynb", "3-two-vantage-points.ipynb");
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Path dir;
    static Process server;
    static Process driver;
    static String webdriver;
    static String session;
    static String base;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        Product.requireCommand("jupyter-notebook");
        Product.requireCommand("chromium");
        Product.requireCommand("chromedriver");
        dir = Files.createTempDirectory("rstscope-browser-");
        Product.run(Map.of(), 300, Product.launcher().toString(), "kernel", "install", "--prefix", dir.toString());
        // The server serves copies: autosave must never rewrite a committed notebook. The notebook run in
        // the page has a folder of its own, so that the committed ones are opened as they are on disk.
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.createDirectories(work.resolve("run"));
        Files.copy(Product.root().resolve("notebooks").resolve(NOTEBOOK), work.resolve("run").resolve(NOTEBOOK));
        for (String name : COMMITTED) {
            Files.copy(Product.root().resolve("notebooks").resolve(name), work.resolve(name));
        }

        token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        int port = freePort();
        ProcessBuilder nb = new ProcessBuilder("jupyter-notebook", "--no-browser", "--ip=127.0.0.1", "--port=" + port,
                "--port-retries=0", "--allow-root", "--NotebookApp.token=" + token, "--notebook-dir=" + work)
                .redirectErrorStream(true).redirectOutput(dir.resolve("notebook-server.log").toFile());
        nb.environment().putAll(Map.of("JUPYTER_PATH", dir.resolve("share/jupyter").toString(),
                "JUPYTER_RUNTIME_DIR", dir.resolve("runtime").toString(),
                "JUPYTER_CONFIG_DIR", dir.resolve("config").toString(),
                "JUPYTER_DATA_DIR", dir.resolve("data").toString()));
        server = nb.start();
        base = "http://127.0.0.1:" + port;
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

    /** Opens a notebook of the server's folder in the page, leaving the one open without asking. */
    static void open(String path) throws Exception {
        script("if (window.Jupyter && Jupyter.notebook) { Jupyter.notebook.set_dirty(false); }"
                + " window.onbeforeunload = null; return true");
        call("POST", "/session/" + session + "/url", json(Map.of("url", base + "/notebooks/" + path + "?token=" + token)));
        poll("return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded)", 60,
                path + " loaded in the page");
    }

    static void screenshot(String name) throws Exception {
        byte[] png = Base64.getDecoder().decode(call("GET", "/session/" + session + "/screenshot", null).getAsString());
        Files.write(Product.root().resolve("kernel/target").resolve(name), png);
        assertThat(png).hasSizeGreaterThan(10_000);
    }

    /**
     * Each picture (an HTML image of an SVG) that is drawn past its output area, scaled, not loaded, or
     * has a text past its own edge — each text measured by the browser, with its fonts, in a copy of
     * the SVG put in the page. Returns the problems and, last, how many pictures were checked.
     */
    static final String PICTURES = """
            var bad = [];
            var imgs = Array.from(document.querySelectorAll('.output_area img[src^="data:image/svg+xml;base64,"]'));
            imgs.forEach(function (img, i) {
              var area = img.closest('.output_subarea').getBoundingClientRect();
              var r = img.getBoundingClientRect();
              var name = 'picture ' + i + ' (' + img.alt.substring(0, 40) + ')';
              if (!img.complete || img.naturalWidth === 0) { bad.push(name + ' is not loaded'); return; }
              if (r.right > area.right + 0.5) bad.push(name + ' ends at ' + r.right + ', past its output area at ' + area.right);
              if (Math.abs(r.width - img.naturalWidth) > 0.5) bad.push(name + ' is scaled from ' + img.naturalWidth + ' to ' + r.width + ' px');
              var bytes = Uint8Array.from(atob(img.src.split(',')[1]), function (c) { return c.charCodeAt(0); });
              var holder = document.createElement('div');
              holder.style.cssText = 'position:absolute;left:-5000px;top:0';
              holder.innerHTML = new TextDecoder().decode(bytes);
              document.body.appendChild(holder);
              var svg = holder.querySelector('svg');
              var w = svg.viewBox.baseVal.width;
              svg.querySelectorAll('text').forEach(function (t) {
                var b = t.getBBox();
                if (b.x < -0.5 || b.x + b.width > w + 0.5) {
                  bad.push(name + ': "' + t.textContent + '" spans ' + Math.round(b.x) + '..' + Math.round(b.x + b.width) + ' of ' + w + ' px');
                }
              });
              holder.remove();
            });
            bad.push(String(imgs.length));
            return bad;""";

    /**
     * Each table row taller than three lines, and each cell of a verdict column that ends past its
     * output area (out of sight without scrolling). Returns the problems and, last, how many verdict
     * cells were checked.
     */
    static final String TABLES = """
            var bad = [];
            var verdicts = 0;
            document.querySelectorAll('.output_area table').forEach(function (t, i) {
              var area = t.closest('.output_subarea').getBoundingClientRect();
              var heads = Array.from(t.querySelectorAll('thead th')).map(function (th) { return th.textContent; });
              var v = heads.indexOf('verdict');
              t.querySelectorAll('tbody tr').forEach(function (tr, k) {
                var h = tr.getBoundingClientRect().height;
                if (h > 60) bad.push('table ' + i + ' (' + heads.slice(0, 4).join(' ') + ') row ' + k + ' is ' + h + ' px high');
                if (v >= 0) {
                  verdicts++;
                  var c = tr.children[v].getBoundingClientRect();
                  if (c.right > area.right + 0.5) bad.push('table ' + i + ' (' + heads.slice(0, 4).join(' ') + ') verdict of row ' + k
                      + ' ends at ' + c.right + ', past its output area at ' + area.right);
                }
              });
            });
            bad.push(String(verdicts));
            return bad;""";

    /** Runs a check script; asserts it found no problem and returns how many things it checked. */
    static int check(String js, String what) throws Exception {
        List<String> found = new ArrayList<>();
        script(js).getAsJsonArray().forEach(e -> found.add(e.getAsString()));
        int checked = Integer.parseInt(found.remove(found.size() - 1));
        assertThat(found).as(what).isEmpty();
        return checked;
    }

    @Test
    void should_render_the_ladders_and_tables_within_the_output_area_when_all_cells_run_in_the_browser() throws Exception {
        open("run/" + NOTEBOOK);
        poll("return !!(Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected())", 60,
                "the kernel connected to the page");
        script("Jupyter.notebook.clear_all_output(); Jupyter.notebook.execute_all_cells(); return true");
        poll("var cells = Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code');"
                + " return cells.every(c => typeof c.input_prompt_number === 'number')"
                + " && document.querySelector('#kernel_indicator_icon').classList.contains('kernel_idle_icon')",
                90, "every code cell ran and the kernel is idle");

        long errors = script("return document.querySelectorAll('.output_area .output_error, .output_area .output_stderr').length").getAsLong();
        long tables = script("return document.querySelectorAll('.output_area table').length").getAsLong();
        String firstRow = script("var t = document.querySelector('.output_area table tbody tr');"
                + " return t ? t.textContent : ''").getAsString();
        int pictures = check(PICTURES, "ladders drawn past their output area or with text past their edge");
        int verdicts = check(TABLES, "table rows too high, or verdicts out of sight");
        // The censor's flurry: the widest ladder (a middlebox lane, two-line notes) and six resets.
        script("var cells = Jupyter.notebook.get_cells();"
                + " var c = cells.find(c => c.get_text().includes('Scenario.CENSOR_RST_FLURRY'));"
                + " c.element[0].scrollIntoView(); window.scrollBy(0, -60); return true");
        screenshot("notebook-browser.png");

        assertThat(errors).as("error outputs in the page").isZero();
        assertThat(pictures).as("SVG ladders rendered in output areas (18 scenarios, one drawn twice)").isGreaterThanOrEqualTo(19);
        assertThat(tables).as("HTML tables rendered in output areas").isGreaterThanOrEqualTo(17);
        assertThat(verdicts).as("verdict cells checked (one table row per scenario at least)").isGreaterThanOrEqualTo(18);
        assertThat(firstRow).contains("PORT_CLOSED").contains("HANDSHAKE");
    }

    @Test
    void should_show_the_saved_pictures_and_tables_when_the_committed_notebooks_open_untrusted() throws Exception {
        for (String name : COMMITTED) {
            open(name);
            assertThat(script("return Jupyter.notebook.trusted").getAsBoolean()).as(name + " opens trusted").isFalse();
            long saved = script("return Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code')"
                    + ".flatMap(c => c.output_area.outputs).filter(o => o.data && o.data['text/html']"
                    + " && o.data['text/html'].startsWith('<img src=\"data:image/svg+xml')).length").getAsLong();
            poll("return Array.from(document.querySelectorAll('.output_area img')).every(i => i.complete)", 30,
                    "the pictures of " + name + " loaded");
            int pictures = check(PICTURES, name + ": pictures not shown, drawn past their output area or with text past their edge");
            assertThat(pictures).as(name + ": every saved picture shown untrusted").isEqualTo(saved).isGreaterThanOrEqualTo(3);
            int verdicts = check(TABLES, name + ": table rows too high, or verdicts out of sight");
            assertThat(verdicts).as(name + ": verdict cells checked").isGreaterThan(0);
            long fallbacks = script("return Array.from(document.querySelectorAll('.output_area pre'))"
                    + ".filter(p => p.textContent.includes('time (s)')).length").getAsLong();
            assertThat(fallbacks).as(name + ": ladders shown as their text fallback").isZero();
            if (name.startsWith("2-")) {
                script("var c = Jupyter.notebook.get_cells().find(c => c.get_text().trim() === 'resets().spoofed()');"
                        + " c.element[0].scrollIntoView(); window.scrollBy(0, -60); return true");
                screenshot("notebook-untrusted.png");
            }
        }
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
