package io.rstscope.query;

import io.rstscope.Capture;
import io.rstscope.Rst;
import io.rstscope.capture.Fixtures;
import io.rstscope.capture.KernelCaptures;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The recorded real-kernel captures as the query tests use them: one scenario's capture, or every
 * scenario of one vantage point joined into one capture, in recording order (the files share one pcap
 * header — little-endian, microseconds, Ethernet, snap length 256 — and their times follow each
 * other, so joining is concatenating their records).
 */
final class Recorded {

    private static Capture client;

    private Recorded() {
    }

    /** One scenario at one vantage point: {@code scenario("closed-port", "client")}. */
    static Capture scenario(String scenario, String vantage) {
        return Rst.open(Fixtures.capture("kernel/" + scenario + "/" + vantage + ".pcap"));
    }

    /** Every scenario's client capture, joined: 21 scenarios, 36 connections, 25 resets. */
    static synchronized Capture client() {
        if (client == null) {
            client = Rst.open(joined("client"));
        }
        return client;
    }

    /** The joined capture of one vantage point, written once under target/. */
    static synchronized Path joined(String vantage) {
        Path out = Path.of("target", "recorded-" + vantage + "-all.pcap");
        try (OutputStream o = Files.newOutputStream(out)) {
            byte[] header = null;
            for (String s : KernelCaptures.SCENARIOS) {
                byte[] b = Files.readAllBytes(Fixtures.capture("kernel/" + s + "/" + vantage + ".pcap"));
                if (header == null) {
                    header = Arrays.copyOf(b, 24);
                    o.write(header);
                } else if (!Arrays.equals(header, Arrays.copyOf(b, 24))) {
                    throw new IllegalStateException(s + "/" + vantage + ".pcap has another pcap header");
                }
                o.write(b, 24, b.length - 24);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
