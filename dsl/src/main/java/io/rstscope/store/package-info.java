/**
 * The Tablesaw tables a capture is queried through — {@code packets}, {@code issues} and, built on
 * them, {@code flows} and {@code resets}. One schema enum per table ({@link io.rstscope.store.FlowField},
 * {@link io.rstscope.store.PacketField}, {@link io.rstscope.store.IssueField}) is the single source of each column's name, type, whether it
 * may be missing, and its one-line doc; the README's field tables are checked against them. Times are
 * longs of nanoseconds since the epoch, shown to a person in ISO-8601 ({@link io.rstscope.store.Times}).
 *
 * <pre>{@code
 * Table packets = PacketTables.packets(data.packets());
 * packets.where(packets.intColumn(PacketField.DPORT.column()).isEqualTo(443));
 * }</pre>
 */
package io.rstscope.store;
