package io.rstscope.jupyter;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * {@code rstscope kernel install [--user | --sys-prefix | --prefix DIR] [--name N] [--java PATH]}:
 * writes the kernelspec (kernel.json with absolute paths, {@code interrupt_mode: message}, and the
 * logos) where {@code jupyter kernelspec list} finds it. The kernel runs on the JVM given by
 * {@code --java} (by default the one running the installer), with the flags that JVM needs to stay
 * quiet.
 */
public final class KernelSpec {

    public static final String USAGE = "usage: rstscope kernel install [--user | --sys-prefix | --prefix DIR] [--name NAME] [--java PATH]";

    private KernelSpec() {
    }

    /** Runs {@code kernel install ARGS}; returns the exit status. */
    public static int install(List<String> args, PrintStream out, PrintStream err) {
        String name = "rstscope";
        Path kernels = null;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--user" -> kernels = userDataDir().resolve("kernels");
                case "--sys-prefix" -> kernels = sysPrefix().resolve("share/jupyter/kernels");
                case "--prefix", "--name", "--java" -> {
                    if (i + 1 >= args.size()) {
                        err.println("rstscope kernel install: " + a + " needs a value");
                        err.println(USAGE);
                        return 1;
                    }
                    String v = args.get(++i);
                    if (a.equals("--name")) {
                        name = v;
                    } else if (a.equals("--java")) {
                        java = Path.of(v).toAbsolutePath();
                    } else {
                        kernels = Path.of(v).toAbsolutePath().resolve("share/jupyter/kernels");
                    }
                }
                default -> {
                    err.println("rstscope kernel install: unknown option '" + a + "'");
                    err.println(USAGE);
                    return 1;
                }
            }
        }
        if (!name.matches("[A-Za-z0-9._-]+")) {
            err.println("rstscope kernel install: --name: expected letters, digits, '.', '_' or '-', got '" + name + "'");
            return 1;
        }
        if (kernels == null) {
            kernels = userDataDir().resolve("kernels");
        }
        int feature;
        if (java.equals(Path.of(System.getProperty("java.home"), "bin", "java"))) {
            feature = Runtime.version().feature();
        } else if (!Files.isRegularFile(java) || !Files.isExecutable(java)) {
            err.println("rstscope kernel install: --java " + java + ": expected the path of a java program, and there is none");
            return 1;
        } else {
            feature = featureVersion(java);
            if (feature < 17) {
                err.println("rstscope kernel install: --java " + java + ": expected a Java 17 or later runtime, got "
                        + (feature <= 0 ? "one whose version could not be read" : "Java " + feature));
                return 1;
            }
        }
        Path jar = runningJar();
        if (jar == null) {
            err.println("rstscope kernel install: run it from the runnable jar (src/bin/rstscope kernel install)");
            return 1;
        }
        Path dir = kernels.resolve(name);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("kernel.json"), kernelJson(name, jar, java, feature, JvmOptions.hugePagesOffered()),
                    StandardCharsets.UTF_8);
            writeLogos(dir);
        } catch (IOException e) {
            err.println("rstscope kernel install: cannot write " + dir + ": " + e.getMessage());
            return 2;
        }
        out.println("installed kernelspec " + name + " in " + dir + " (Java " + feature + ": " + java + ")");
        return 0;
    }

    /**
     * The kernelspec: {@code java} with the flags that keep it quiet and the launcher's default options
     * ({@link JvmOptions#defaults}, huge pages when {@code hugePages}: the machine that installs the kernel
     * is the one it runs on), then the jar's kernel.
     */
    static String kernelJson(String name, Path jar, Path java, int feature, boolean hugePages) {
        List<String> argv = new ArrayList<>(List.of(java.toString()));
        argv.addAll(quietFlags(feature));
        argv.addAll(JvmOptions.defaults(hugePages));
        argv.addAll(List.of("-jar", jar.toString(), "kernel", "run", "{connection_file}"));
        StringBuilder a = new StringBuilder();
        for (int i = 0; i < argv.size(); i++) {
            a.append(i == 0 ? "" : ", ").append(quote(argv.get(i)));
        }
        return "{\n"
                + "  \"argv\": [" + a + "],\n"
                + "  \"display_name\": " + quote(name.equals("rstscope") ? "rstscope (Java)" : "rstscope (" + name + ")") + ",\n"
                + "  \"language\": \"java\",\n"
                + "  \"interrupt_mode\": \"message\",\n"
                + "  \"env\": {},\n"
                + "  \"metadata\": {\"debugger\": false}\n"
                + "}\n";
    }

    /**
     * The flags that keep Java {@code feature} quiet, only those it accepts: from JDK 24 on, Tablesaw's
     * classgraph calling {@code sun.misc.Unsafe} prints warnings unless allowed (the option exists
     * from 23). Native access for JNA is granted by the jar's manifest. Keep in step with
     * {@code src/bin/rstscope}.
     */
    static List<String> quietFlags(int feature) {
        return feature >= 23 ? List.of("--sun-misc-unsafe-memory-access=allow") : List.of();
    }

    /**
     * The feature version of the JVM {@code java} runs: from the {@code release} file of its
     * installation, else by asking it; 0 when neither tells.
     */
    static int featureVersion(Path java) {
        try {
            Path release = java.toRealPath().getParent().getParent().resolve("release");
            for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    return leadingNumber(line.substring("JAVA_VERSION=".length()).replace("\"", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no release file: ask the JVM
        }
        try {
            Process p = new ProcessBuilder(java.toString(), "-XshowSettings:properties", "-version").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            for (String line : text.split("\n")) {
                String t = line.strip();
                if (t.startsWith("java.specification.version = ")) {
                    return leadingNumber(t.substring("java.specification.version = ".length()));
                }
            }
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int leadingNumber(String v) {
        int i = 0;
        while (i < v.length() && Character.isDigit(v.charAt(i))) {
            i++;
        }
        return i == 0 ? 0 : Integer.parseInt(v.substring(0, i));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Jupyter's per-user data directory, as {@code jupyter --data-dir} gives it on Linux. */
    static Path userDataDir() {
        String env = System.getenv("JUPYTER_DATA_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("jupyter");
    }

    /** The interpreter on the first line of the {@code jupyter} launcher on PATH, or {@code null}. */
    static String jupyterPython() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path launcher = Path.of(dir.isEmpty() ? "." : dir, "jupyter");
            if (java.nio.file.Files.isRegularFile(launcher)) {
                try (var lines = java.nio.file.Files.lines(launcher, StandardCharsets.ISO_8859_1)) {
                    String first = lines.findFirst().orElse("");
                    if (first.startsWith("#!")) {
                        String[] words = first.substring(2).strip().split("\\s+");
                        // "#!/usr/bin/env python3" names the interpreter second.
                        return words[0].endsWith("/env") && words.length > 1 ? words[1] : words[0];
                    }
                } catch (IOException | java.io.UncheckedIOException e) {
                    return null;
                }
                return null;
            }
        }
        return null;
    }

    /** The prefix of the Python environment in use: a virtualenv or conda env when active, else python3's. */
    static Path sysPrefix() {
        for (String v : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
            String p = System.getenv(v);
            if (p != null && !p.isBlank()) {
                return Path.of(p);
            }
        }
        // Jupyter's --sys-prefix is the prefix of the Python that runs jupyter: ask the interpreter
        // its launcher names (Debian's /usr/bin/python3), not whichever python3 comes first on PATH.
        for (String python : List.of(jupyterPython(), "python3")) {
            if (python == null) {
                continue;
            }
            try {
                Process p = new ProcessBuilder(python, "-c", "import sys; print(sys.prefix)").redirectErrorStream(true).start();
                String prefix = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (p.waitFor() == 0 && !prefix.isEmpty()) {
                    return Path.of(prefix);
                }
            } catch (IOException e) {
                // not there: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Path.of("/usr");
    }

    static Path runningJar() {
        try {
            Path p = Path.of(KernelSpec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p.toAbsolutePath() : null;
        } catch (URISyntaxException | SecurityException e) {
            return null;
        }
    }

    /** The logo: a red "RST" bar crossing a packet ladder, drawn rather than shipped as a binary. */
    static void writeLogos(Path dir) throws IOException {
        for (int size : new int[] {32, 64}) {
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            float s = size / 32f;
            g.setColor(new Color(0x1f, 0x3a, 0x5f));
            g.fillRoundRect(0, 0, size, size, (int) (8 * s), (int) (8 * s));
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(2 * s));
            g.drawLine((int) (8 * s), (int) (5 * s), (int) (8 * s), (int) (27 * s));
            g.drawLine((int) (24 * s), (int) (5 * s), (int) (24 * s), (int) (27 * s));
            g.drawLine((int) (8 * s), (int) (9 * s), (int) (24 * s), (int) (13 * s));
            g.setColor(new Color(0xe0, 0x3c, 0x31));
            g.setStroke(new BasicStroke(3 * s));
            g.drawLine((int) (24 * s), (int) (17 * s), (int) (8 * s), (int) (23 * s));
            g.dispose();
            ImageIO.write(img, "png", dir.resolve("logo-" + size + "x" + size + ".png").toFile());
        }
        Files.writeString(dir.resolve("logo-svg.svg"), """
                <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
                  <rect width="32" height="32" rx="4" fill="#1f3a5f"/>
                  <g stroke="#fff" stroke-width="2"><line x1="8" y1="5" x2="8" y2="27"/><line x1="24" y1="5" x2="24" y2="27"/><line x1="8" y1="9" x2="24" y2="13"/></g>
                  <line x1="24" y1="17" x2="8" y2="23" stroke="#e03c31" stroke-width="3"/>
                </svg>
                """, StandardCharsets.UTF_8);
    }
}
