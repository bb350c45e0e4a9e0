package io.rstscope.capture;

import java.util.List;

/**
 * A network interface that can be captured on, as libpcap lists it.
 *
 * @param name        the name to capture on ({@code eth0})
 * @param description libpcap's description, or an empty string
 * @param addresses   its addresses with their prefix lengths ({@code 10.0.0.2/24}, {@code fe80::1/64})
 * @param loopback    whether it is a loopback interface
 * @param up          whether it is up
 */
public record CaptureInterface(String name, String description, List<String> addresses, boolean loopback, boolean up) {

    /** One line: name, addresses and state, e.g. {@code eth0  10.0.0.2/24  up}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name);
        for (String a : addresses) {
            s.append("  ").append(a);
        }
        s.append(up ? "  up" : "  down");
        if (loopback) {
            s.append(", loopback");
        }
        return s.toString();
    }
}
