package io.rstscope.flow;

/**
 * The TTLs (IPv6: hop limits) one host's packets arrived with, over every connection of a capture. A
 * packet claiming to come from the host with a TTL far from its usual one was probably sent by a
 * device on the path.
 *
 * @param address    the host's address as text
 * @param mostCommon the TTL seen most often
 * @param min        the lowest TTL seen
 * @param max        the highest TTL seen
 * @param packets    how many packets from the host were counted
 */
public record TtlBaseline(String address, int mostCommon, int min, int max, long packets) {
}
