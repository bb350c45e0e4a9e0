package io.rstscope.capture;

/**
 * One row of the {@code issues} table: a packet that could not be fully decoded, and why.
 *
 * @param frame  1-based packet number in the file
 * @param ts     the packet's timestamp in nanoseconds since the epoch
 * @param kind   truncated, invalid or unsupported
 * @param reason what is wrong, with the value seen and the limit
 * @param offset byte offset of the packet's record in the file
 */
public record Issue(long frame, long ts, IssueKind kind, String reason, long offset) {
}
