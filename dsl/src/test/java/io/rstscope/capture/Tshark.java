package io.rstscope.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs tshark on a capture and counts what it saw, the oracle of the corpus tests. */
final class Tshark {

    /**
     * @param packets    frames tshark dissected (before any error)
     * @param tcp        frames with a TCP layer not quoted inside ICMP or ICMPv6
     * @param directTcp  those whose TCP sits directly on the outermost IP (or on IP-in-IP)
     * @param rst        TCP frames with the RST flag
     * @param directRst  RST frames among {@code directTcp}
     * @param error      tshark's complaint on stderr, or empty
     */
    record Counts(long packets, long tcp, long directTcp, long rst, long directRst, String error) {
    }

    private Tshark() {
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("tshark", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static Counts count(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tshark", "-n", "-r", file.toString(), "-T", "fields",
                "-E", "occurrence=f", "-e", "frame.protocols", "-e", "tcp.flags.reset")
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(120, TimeUnit.SECONDS);
        long packets = 0, tcp = 0, direct = 0, rst = 0, directRst = 0;
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            packets++;
            String[] f = line.split("\t", -1);
            List<String> layers = List.of(f[0].split(":"));
            if (!layers.contains("tcp") || layers.contains("icmp") || layers.contains("icmpv6")) {
                continue;
            }
            boolean isRst = f.length > 1 && (f[1].equals("1") || f[1].equalsIgnoreCase("true"));
            tcp++;
            rst += isRst ? 1 : 0;
            if (direct(layers)) {
                direct++;
                directRst += isRst ? 1 : 0;
            }
        }
        String error = err.lines().filter(l -> !l.startsWith("Running as user")).reduce("", (a, b) -> a + b + " ").trim();
        return new Counts(packets, tcp, direct, rst, directRst, error);
    }

    /** TCP right after the first IP layer, allowing IPv6 extension headers and IP-in-IP between them. */
    private static boolean direct(List<String> layers) {
        int i = 0;
        while (i < layers.size() && !layers.get(i).equals("ip") && !layers.get(i).equals("ipv6")) {
            if (layers.get(i).equals("udp") || layers.get(i).equals("gre")) {
                return false;
            }
            i++;
        }
        for (i++; i < layers.size(); i++) {
            String l = layers.get(i);
            if (l.equals("tcp")) {
                return true;
            }
            if (!(l.equals("ip") || l.equals("ipv6") || l.startsWith("ipv6."))) {
                return false;
            }
        }
        return false;
    }
}
