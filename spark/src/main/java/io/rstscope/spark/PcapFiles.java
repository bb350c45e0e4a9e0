package io.rstscope.spark;

import io.rstscope.RstscopeException;
import io.rstscope.capture.CaptureReader;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The capture files a {@code pcap} read covers, each with its sensor and its place in the sensor's order. */
final class PcapFiles {

    /** One file to read: a partition of the scan. */
    record Entry(String path, String sensor, int index) implements Serializable {
    }

    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private PcapFiles() {
    }

    /** The files of the {@code path}/{@code paths} options, grouped by sensor as the options say. */
    static List<Entry> list(Map<String, String> options) {
        Map<String, String> o = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        o.putAll(options);
        List<String> paths = new ArrayList<>();
        if (o.containsKey("paths")) {
            paths.addAll(jsonStrings(o.get("paths")));
        }
        if (o.containsKey("path")) {
            paths.add(o.get("path"));
        }
        if (paths.isEmpty()) {
            throw new RstscopeException("pcap: no path given: spark.read().format(\"pcap\").load(\"captures/\")");
        }
        String fixed = o.get("sensor");
        String from = o.getOrDefault("sensorFrom", "directory").toLowerCase(Locale.ROOT);
        if (!from.equals("directory") && !from.equals("file") && !from.equals("path")) {
            throw new RstscopeException("pcap: option sensorFrom is '" + o.get("sensorFrom")
                    + "', expected 'directory', 'file' or 'path'");
        }
        Map<String, List<Path>> bySensor = new LinkedHashMap<>();
        for (String p : paths) {
            for (Path f : captures(Path.of(stripScheme(p)))) {
                Path abs = f.toAbsolutePath().normalize();
                String sensor = fixed != null ? fixed
                        : from.equals("file") ? abs.getFileName().toString()
                        : from.equals("path") ? abs.toString()
                        : abs.getParent() == null ? "" : abs.getParent().getFileName().toString();
                bySensor.computeIfAbsent(sensor, k -> new ArrayList<>()).add(abs);
            }
        }
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<String, List<Path>> e : bySensor.entrySet()) {
            List<Path> files = e.getValue().stream().distinct()
                    .sorted(Comparator.comparing((Path f) -> f.getFileName().toString(), PcapFiles::natural)
                            .thenComparing(Path::toString))
                    .toList();
            for (int i = 0; i < files.size(); i++) {
                out.add(new Entry(files.get(i).toString(), e.getKey(), i));
            }
        }
        return out;
    }

    private static String stripScheme(String p) {
        return p.startsWith("file:") ? Path.of(java.net.URI.create(p)).toString() : p;
    }

    private static List<Path> captures(Path p) {
        if (!Files.exists(p)) {
            throw new RstscopeException(p + ": no such file or directory");
        }
        if (!Files.isDirectory(p)) {
            return List.of(p);
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.filter(CaptureReader::isCapture).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names compared with their runs of digits as numbers: {@code trace2} before {@code trace10}. */
    static int natural(String a, String b) {
        Matcher ma = DIGITS.matcher(a), mb = DIGITS.matcher(b);
        int ia = 0, ib = 0;
        while (true) {
            boolean da = ma.find(ia), db = mb.find(ib);
            String pa = da ? a.substring(ia, ma.start()) : a.substring(ia);
            String pb = db ? b.substring(ib, mb.start()) : b.substring(ib);
            int c = pa.compareTo(pb);
            if (c != 0 || !da || !db) {
                return c != 0 ? c : Boolean.compare(da, db);
            }
            String na = ma.group().replaceFirst("^0+(?=.)", ""), nb = mb.group().replaceFirst("^0+(?=.)", "");
            c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
            if (c != 0) {
                return c;
            }
            ia = ma.end();
            ib = mb.end();
        }
    }

    /** The strings of a JSON array of strings, as Spark passes several load() paths. */
    private static List<String> jsonStrings(String json) {
        try {
            return List.of(new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, String[].class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
