package io.rstscope.capture;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The real-kernel captures under {@code captures/kernel/} and their {@code labels.tsv}: one
 * directory per scenario with {@code client.pcap} and {@code server.pcap}, and one label per RST per
 * capture. See the README there for how they were recorded.
 */
public final class KernelCaptures {

    /** Every scenario directory, negative controls included, in recording order. */
    public static final List<String> SCENARIOS = List.of(
            "clean", "closed-port", "server-reject", "router-reject", "backlog-overflow", "time-wait-reuse",
            "odd-flag-syns", "nmap-syn-scan", "nmap-connect-scan", "linger0-abort", "unread-data-close",
            "data-after-close", "retrans-giveup", "retrans-timeout-heal", "keepalive-timeout", "app-idle-abort",
            "idle-timeout", "policy-injection", "fin-then-rst", "challenge-ack", "ipv6");

    /**
     * Scenarios recorded later (a router's REJECT of an established connection, a stateful firewall that
     * expired an idle flow; the second family: a censor written apart from the first injector, and
     * nftables beside iptables): classified with the others, but not part of the joined capture whose
     * counts the query tests state.
     */
    public static final List<String> RECORDED_LATER = List.of("router-reject-established", "conntrack-expiry",
            "censor-type1", "censor-type2", "censor-handshake", "nft-router-reject", "nft-reject-established",
            "nft-conntrack-expiry", "nft-conntrack-drop");

    /** Every recorded scenario. */
    public static final List<String> ALL = java.util.stream.Stream.concat(SCENARIOS.stream(), RECORDED_LATER.stream())
            .toList();

    /** The two vantage points: the client's interface and the server's. */
    public static final List<String> VANTAGES = List.of("client", "server");

    private KernelCaptures() {
    }

    /** One row of {@code labels.tsv}: what one RST in one capture is. */
    public record Label(String scenario, String vantage, int frame, String origH, int origP, String respH, int respP,
                        String stage, String sender, String origin, String cause, String altCause, boolean forged,
                        String note) {

        /** The capture this RST is in, relative to {@code captures/}. */
        public String capture() {
            return "kernel/" + scenario + "/" + vantage + ".pcap";
        }

        @Override
        public String toString() {
            return scenario + " " + vantage + " #" + frame + " " + cause;
        }
    }

    /** All labels, in file order. */
    public static List<Label> labels() {
        try (InputStream in = KernelCaptures.class.getResourceAsStream("/captures/kernel/labels.tsv")) {
            if (in == null) {
                throw new IllegalStateException("no captures/kernel/labels.tsv on the test classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Label> labels = new ArrayList<>();
            String header = reader.readLine();
            if (!header.startsWith("scenario\tvantage\tframe\t")) {
                throw new IllegalStateException("unexpected labels.tsv header: " + header);
            }
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] f = line.split("\t", -1);
                if (f.length != 14) {
                    throw new IllegalStateException(f.length + " columns, expected 14: " + line);
                }
                labels.add(new Label(f[0], f[1], Integer.parseInt(f[2]), f[3], Integer.parseInt(f[4]), f[5],
                        Integer.parseInt(f[6]), f[7], f[8], f[9], f[10], f[11], Boolean.parseBoolean(f[12]), f[13]));
            }
            return labels;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
