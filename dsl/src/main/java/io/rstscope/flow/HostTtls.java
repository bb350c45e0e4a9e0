package io.rstscope.flow;

import io.rstscope.capture.AddressTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-host TTL / hop-limit baselines across all connections of a capture, and each host's DF and IP-ID
 * habits ({@link HostProfile}).
 *
 * <pre>{@code
 * TrackedCapture cap = FlowTracker.read(Path.of("incident.pcap"), ReadOptions.DEFAULT);
 * cap.flows().hosts().of("192.0.2.10").ifPresent(b -> System.out.println(b.mostCommon()));
 * cap.flows().hosts().profile("192.0.2.10").ifPresent(h -> System.out.println(h.dfHabit()));
 * }</pre>
 */
public final class HostTtls {

    private final AddressTable addresses;
    private int[] min = new int[0];
    private int[] max = new int[0];
    private long[] packets = new long[0];
    /** Per address: IPv4 packets other than RSTs with DF set, with DF clear, and with DF clear and IP ID 0. */
    private long[] dfSet = new long[0];
    private long[] dfClear = new long[0];
    private long[] idZeroNoDf = new long[0];
    /** Counts per (address id, TTL), in an open-addressing table keyed {@code id << 8 | ttl} (+1, 0 = empty). */
    private long[] keys = new long[64];
    private long[] counts = new long[64];
    private int used;
    private Map<String, Integer> byText;

    HostTtls(AddressTable addresses) {
        this.addresses = addresses;
    }

    void add(int address, TcpEndpoint e) {
        if (e.ttlFirst < 0) {
            return;
        }
        grow(address);
        min[address] = min[address] < 0 ? e.ttlMin : Math.min(min[address], e.ttlMin);
        max[address] = Math.max(max[address], e.ttlMax);
        packets[address] += e.pkts;
        dfSet[address] += e.dfSet;
        dfClear[address] += e.dfClear;
        idZeroNoDf[address] += e.idZeroNoDf;
        if (e.ttlCount0 > 0) {
            count(((long) address << 8 | e.ttlValue0) + 1, e.ttlCount0);
        }
        if (e.ttlCount1 > 0) {
            count(((long) address << 8 | e.ttlValue1) + 1, e.ttlCount1);
        }
        byText = null;
    }

    private void grow(int address) {
        if (address >= min.length) {
            int n = Math.max(address + 1, min.length * 2 + 16);
            int old = min.length;
            min = Arrays.copyOf(min, n);
            max = Arrays.copyOf(max, n);
            packets = Arrays.copyOf(packets, n);
            dfSet = Arrays.copyOf(dfSet, n);
            dfClear = Arrays.copyOf(dfClear, n);
            idZeroNoDf = Arrays.copyOf(idZeroNoDf, n);
            Arrays.fill(min, old, n, -1);
            Arrays.fill(max, old, n, -1);
        }
    }

    /**
     * Adds the baselines of {@code other}, kept by the address ids of its own table: the sums, least and
     * greatest TTLs and TTL counts are those one table would have had from both parts' connections.
     */
    void addAll(HostTtls other) {
        int[] ids = new int[other.min.length];
        for (int id = 0; id < other.min.length; id++) {
            if (other.min[id] < 0) {
                continue;
            }
            int a = addresses.intern(other.addresses.hi(id), other.addresses.lo(id));
            ids[id] = a;
            grow(a);
            min[a] = min[a] < 0 ? other.min[id] : Math.min(min[a], other.min[id]);
            max[a] = Math.max(max[a], other.max[id]);
            packets[a] += other.packets[id];
            dfSet[a] += other.dfSet[id];
            dfClear[a] += other.dfClear[id];
            idZeroNoDf[a] += other.idZeroNoDf[id];
        }
        for (int i = 0; i < other.keys.length; i++) {
            if (other.keys[i] != 0) {
                long key = other.keys[i] - 1;
                count(((long) ids[(int) (key >>> 8)] << 8 | (key & 0xff)) + 1, other.counts[i]);
            }
        }
        byText = null;
    }

    private void count(long key, long n) {
        if (used * 2 >= keys.length) {
            long[] ok = keys, oc = counts;
            keys = new long[ok.length * 2];
            counts = new long[ok.length * 2];
            used = 0;
            for (int i = 0; i < ok.length; i++) {
                if (ok[i] != 0) {
                    count(ok[i], oc[i]);
                }
            }
        }
        int mask = keys.length - 1;
        int h = (int) ((key * 0x9E3779B97F4A7C15L) >>> 35) & mask;
        while (keys[h] != 0 && keys[h] != key) {
            h = (h + 1) & mask;
        }
        if (keys[h] == 0) {
            keys[h] = key;
            used++;
        }
        counts[h] += n;
    }

    private long countOf(long key) {
        int mask = keys.length - 1;
        int h = (int) ((key * 0x9E3779B97F4A7C15L) >>> 35) & mask;
        while (keys[h] != 0) {
            if (keys[h] == key) {
                return counts[h];
            }
            h = (h + 1) & mask;
        }
        return 0;
    }

    /**
     * How many of the host's packets were counted with this TTL for its baseline (each connection counts
     * its side's two most frequent TTLs), so that counts from several pieces of a capture add up to the
     * whole capture's: {@code hosts.count(id, 64)}.
     */
    public long count(int address, int ttl) {
        return ttl < 0 || ttl > 255 ? 0 : countOf(((long) address << 8 | ttl) + 1);
    }

    /** The baseline of the host with this address id, if it sent any packet. */
    public Optional<TtlBaseline> of(int address) {
        if (address < 0 || address >= min.length || min[address] < 0) {
            return Optional.empty();
        }
        int best = -1;
        long n = 0;
        for (int ttl = min[address]; ttl <= max[address]; ttl++) {
            long c = countOf(((long) address << 8 | ttl) + 1);
            if (c > n) {
                n = c;
                best = ttl;
            }
        }
        return Optional.of(new TtlBaseline(addresses.text(address), best < 0 ? min[address] : best, min[address],
                max[address], packets[address]));
    }

    /** The habits of the host with this address id (TTL, DF, IP ID), if it sent any packet. */
    public Optional<HostProfile> profile(int address) {
        return of(address).map(b -> new HostProfile(b.address(), b.mostCommon(), dfSet[address], dfClear[address],
                idZeroNoDf[address]));
    }

    /** The habits of the host with this address (written as rstscope prints addresses): {@code hosts.profile("192.0.2.10")}. */
    public Optional<HostProfile> profile(String address) {
        Integer id = idOf(address);
        return id == null ? Optional.empty() : profile(id);
    }

    /** The baseline of the host with this address (written as rstscope prints addresses), if it sent any packet. */
    public Optional<TtlBaseline> of(String address) {
        Integer id = idOf(address);
        return id == null ? Optional.empty() : of(id);
    }

    private Integer idOf(String address) {
        if (byText == null) {
            Map<String, Integer> m = new HashMap<>();
            for (int id = 0; id < min.length; id++) {
                if (min[id] >= 0) {
                    m.put(addresses.text(id), id);
                }
            }
            byText = m;
        }
        return byText.get(address);
    }

    /** Every host that sent a packet, in order of first appearance. */
    public List<TtlBaseline> all() {
        List<TtlBaseline> out = new ArrayList<>();
        for (int id = 0; id < min.length; id++) {
            of(id).ifPresent(out::add);
        }
        return out;
    }
}
