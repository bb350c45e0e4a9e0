/**
 * Reading packet captures: pcap, pcapng and their gzip-compressed forms, decoded link layer by link
 * layer down to the TCP header into primitive columns.
 *
 * <p>{@link io.rstscope.capture.CaptureReader} is the entry point. Records are read from large
 * buffers and decoded into one reused {@link io.rstscope.capture.DecodedPacket}; nothing is
 * allocated per packet on the way. A bad packet becomes an {@link io.rstscope.capture.Issue} and
 * reading goes on; a damaged file stops the read with a
 * {@link io.rstscope.capture.CaptureFormatException} that names the file, the packet number and the
 * byte offset, and what was read before the damage is kept.
 *
 * <pre>{@code
 * CaptureData data = CaptureReader.read(Path.of("incident.pcapng"), ReadOptions.DEFAULT);
 * System.out.println(data.stats().packets() + " packets, " + data.issues().size() + " issues");
 * }</pre>
 *
 * <p>{@link io.rstscope.capture.LiveSource} takes packets from a network interface through libpcap
 * (pcap4j and JNA, the only native code) and reads them through the same decoding loop as a file.
 */
package io.rstscope.capture;
