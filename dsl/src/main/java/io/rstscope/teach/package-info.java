/**
 * Synthetic, protocol-faithful TCP conversations: {@link io.rstscope.teach.Conversation} plays both
 * endpoints of one connection — sequence and acknowledgment numbers, options, TTLs, IP IDs and
 * timestamps as real stacks set them — and writes each segment as a frame. The teaching scenarios
 * ({@link io.rstscope.teach.Scenario}, one capture per reset cause with the {@link io.rstscope.teach.Label}
 * of each RST) and the benchmark's workload are built on it.
 *
 * <pre>{@code
 * Scenario.of(Cause.HALF_OPEN_SCAN).write(Path.of("syn-scan.pcap"));   // for Wireshark
 * Scenario.writeAll(Path.of("lessons"));                              // all of them, labels.tsv, README.md
 * }</pre>
 *
 * <p>A conversation of your own:
 *
 * <pre>{@code
 * try (CaptureWriter w = CaptureWriter.pcap(out, CaptureWriter.LINKTYPE_ETHERNET)) {
 *     Conversation c = Conversation.ipv4(w::write, "10.0.0.1", 40000, "10.0.0.2", 80, startNanos);
 *     c.handshake();
 *     c.send(CLIENT, 120);
 *     c.send(SERVER, 3000);
 *     c.close(CLIENT);
 * }
 * }</pre>
 */
package io.rstscope.teach;
