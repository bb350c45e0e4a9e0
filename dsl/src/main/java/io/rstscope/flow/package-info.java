/**
 * Connection tracking: every TCP segment of a capture assigned to a bidirectional connection, with
 * Zeek's semantics for who is the originator, the connection state ({@link io.rstscope.flow.ConnState})
 * and the history letters, and rstscope's own measurements per direction (TTLs, IP ID pattern, ISN,
 * MSS, window scale, retransmissions, zero windows, keep-alives, handshake RTT) and per host
 * ({@link io.rstscope.flow.HostTtls}).
 *
 * <pre>{@code
 * TrackedCapture cap = FlowTracker.read(Path.of("incident.pcapng"), ReadOptions.DEFAULT);
 * Table flows = FlowTables.flows(cap.flows());
 * }</pre>
 */
package io.rstscope.flow;
