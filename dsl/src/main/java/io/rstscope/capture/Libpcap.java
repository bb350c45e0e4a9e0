package io.rstscope.capture;

import com.sun.jna.NativeLibrary;
import io.rstscope.RstscopeException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.PcapAddress;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;

/**
 * The system libpcap, reached through pcap4j and JNA, with its failures turned into one clear message.
 *
 * <p>pcap4j asks JNA for the library {@code pcap}, which JNA finds as {@code libpcap.so}: on Debian
 * and Ubuntu that name comes only with the development package ({@code libpcap-dev}), while the
 * runtime package {@code libpcap0.8} installs {@code libpcap.so.0.8}. So before pcap4j loads, the
 * first of {@code pcap}, {@code libpcap.so.0.8} and {@code libpcap.so.1} that JNA can open is set as
 * pcap4j's library name (the system property {@value #LIB_NAME_PROPERTY}); a name set by the user
 * on the command line is left alone.
 */
final class Libpcap {

    /** pcap4j's system property for the library name. */
    static final String LIB_NAME_PROPERTY = "org.pcap4j.core.pcapLibName";

    static final String MISSING = "libpcap is missing: install it with apt-get install libpcap0.8"
            + " (or your system's libpcap package)";

    private static final List<String> NAMES = List.of("pcap", "libpcap.so.0.8", "libpcap.so.1");
    private static volatile boolean loaded;

    private Libpcap() {
    }

    /** Finds and loads libpcap, or throws the one message that says what to install. */
    static synchronized void load() {
        if (loaded) {
            return;
        }
        if (System.getProperty(LIB_NAME_PROPERTY) == null) {
            String found = null;
            for (String name : NAMES) {
                try {
                    NativeLibrary.getInstance(name);
                    found = name;
                    break;
                } catch (UnsatisfiedLinkError e) {
                    // try the next name
                }
            }
            if (found == null) {
                throw new RstscopeException(MISSING);
            }
            System.setProperty(LIB_NAME_PROPERTY, found);
        }
        try {
            Pcaps.libVersion();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            throw new RstscopeException(MISSING + " (" + System.getProperty(LIB_NAME_PROPERTY) + ": " + e + ")", e);
        }
        loaded = true;
    }

    /** libpcap's version line, e.g. {@code libpcap version 1.10.3 (with TPACKET_V3)}. */
    static String version() {
        load();
        return Pcaps.libVersion();
    }

    /** Every interface libpcap can capture on, with its addresses. */
    static List<CaptureInterface> interfaces() {
        load();
        List<PcapNetworkInterface> devs;
        try {
            devs = Pcaps.findAllDevs();
        } catch (PcapNativeException e) {
            throw new RstscopeException("cannot list the network interfaces: " + e.getMessage(), e);
        }
        List<CaptureInterface> out = new ArrayList<>();
        for (PcapNetworkInterface d : devs) {
            List<String> addresses = new ArrayList<>();
            for (PcapAddress a : d.getAddresses()) {
                InetAddress ip = a.getAddress();
                if (ip == null) {
                    continue;
                }
                String text = text(ip);
                int prefix = prefixLength(a.getNetmask());
                addresses.add(prefix >= 0 ? text + "/" + prefix : text);
            }
            out.add(new CaptureInterface(d.getName(), d.getDescription() == null ? "" : d.getDescription(),
                    List.copyOf(addresses), d.isLoopBack(), d.isUp()));
        }
        return out;
    }

    /** Dotted quad, or RFC 5952 text without the scope (the scope is the interface itself). */
    private static String text(InetAddress ip) {
        byte[] b = ip.getAddress();
        if (b.length == 4) {
            return ip.getHostAddress();
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = hi << 8 | (b[i] & 0xff);
            lo = lo << 8 | (b[i + 8] & 0xff);
        }
        return AddressTable.format(hi, lo);
    }

    private static int prefixLength(InetAddress mask) {
        if (mask == null) {
            return -1;
        }
        int n = 0;
        for (byte b : mask.getAddress()) {
            n += Integer.bitCount(b & 0xff);
        }
        return n;
    }

    /** Opens {@code iface} for capture with {@code bpf} (may be empty), or throws a message a person can act on. */
    static PcapHandle open(String iface, String bpf, int snaplen) {
        load();
        PcapHandle handle;
        try {
            handle = builder(iface, snaplen).timestampPrecision(PcapHandle.TimestampPrecision.NANO).build();
        } catch (PcapNativeException e) {
            if (!String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("precision")) {
                throw new RstscopeException(openFailure(iface, e.getMessage(), names()), e);
            }
            try {
                handle = builder(iface, snaplen).build(); // a libpcap without nanosecond timestamps
            } catch (PcapNativeException again) {
                throw new RstscopeException(openFailure(iface, again.getMessage(), names()), again);
            }
        }
        try {
            handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
        } catch (PcapNativeException | org.pcap4j.core.NotOpenException e) {
            handle.close();
            throw new RstscopeException("cannot capture on " + iface + ": " + e.getMessage(), e);
        }
        if (bpf != null && !bpf.isBlank()) {
            try {
                handle.setFilter(bpf, BpfProgram.BpfCompileMode.OPTIMIZE, PcapHandle.PCAP_NETMASK_UNKNOWN);
            } catch (PcapNativeException e) {
                handle.close();
                throw new RstscopeException(filterFailure(bpf, e.getMessage()), e);
            } catch (org.pcap4j.core.NotOpenException e) {
                throw new IllegalStateException(e);
            }
        }
        return handle;
    }

    private static PcapHandle.Builder builder(String iface, int snaplen) {
        return new PcapHandle.Builder(iface)
                .snaplen(snaplen)
                .promiscuousMode(org.pcap4j.core.PcapNetworkInterface.PromiscuousMode.PROMISCUOUS)
                .immediateMode(true)
                .timeoutMillis(100)
                .bufferSize(4 << 20);
    }

    private static List<String> names() {
        try {
            return interfaces().stream().map(CaptureInterface::name).toList();
        } catch (RstscopeException e) {
            return List.of();
        }
    }

    /** The message for an interface libpcap would not open, from libpcap's own words. */
    static String openFailure(String iface, String libpcapMessage, List<String> interfaceNames) {
        String m = String.valueOf(libpcapMessage);
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("permission") || lower.contains("operation not permitted")) {
            return "capturing on " + iface + " needs CAP_NET_RAW: run as root or grant the capability with"
                    + " setcap cap_net_raw,cap_net_admin=eip $(readlink -f $(which java))";
        }
        if (lower.contains("no such device") || lower.contains("doesn't exist") || lower.contains("does not exist")) {
            return "no network interface named '" + iface + "'"
                    + (interfaceNames.isEmpty() ? "" : ": the interfaces are " + String.join(", ", interfaceNames));
        }
        return "cannot capture on " + iface + ": " + m;
    }

    /** The message for a BPF filter libpcap would not compile: its own words, not a stack trace. */
    static String filterFailure(String bpf, String libpcapMessage) {
        String m = String.valueOf(libpcapMessage);
        // pcap4j wraps pcap_geterr's text as "Error occurred in pcap_compile: <text>" (or "occured").
        int colon = m.indexOf("pcap_compile:");
        if (colon >= 0) {
            m = m.substring(colon + "pcap_compile:".length()).strip();
        }
        return "the BPF filter '" + bpf + "' does not compile: " + m;
    }
}
