package io.rstscope.reset;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Optional;

/**
 * What the payload of a reset says about why it was sent. RFC 9293 §3.5.3 lets a reset carry data
 * (SHLD-2); three forms are read:
 * <ul>
 *   <li>the compact RST diagnostic payload of draft-boucadair-tcpm-rst-diagnostic-payload (later
 *       draft-ietf-tcpm-rst-diagnostic-payload): magic 0x33AA, a 16-bit reason code from the "TCP Failure
 *       Causes" registry and a 32-bit private enterprise number (0 for that registry);</li>
 *   <li>the draft's free-description form: magic 0xF317 and a UTF-8 description;</li>
 *   <li>a vendor's plain text, such as F5 BIG-IP's {@code BIG-IP: [0x11c5672:3045] {peer} TCP RST from remote
 *       system} (the shared capture {@code tcpdump__tcp_rst_data.pcap} holds one).</li>
 * </ul>
 * A payload the snap length cut is decoded as far as it was captured, and says so.
 *
 * <pre>{@code
 * ResetPayload p = ResetPayload.decode(bytes, wireLength).orElseThrow();
 * System.out.println(p.text());        // diagnostic code 14 (connection timeout)
 * System.out.println(p.impliedCause()); // Optional[IDLE_TIMEOUT]
 * }</pre>
 *
 * @param kind    which form it is
 * @param code    the reason code of the compact form (-1 otherwise)
 * @param pen     its private enterprise number (0: the registry's codes; -1 when absent or cut off)
 * @param text    one line for the {@code reason_text} column
 * @param cut     whether the snap length cut the payload before its end
 */
public record ResetPayload(Kind kind, int code, long pen, String text, boolean cut) {

    /** The form of a reset's payload. */
    public enum Kind {
        /** 0x33AA, reason code, enterprise number. */
        DIAGNOSTIC_CODE,
        /** 0xF317, then a UTF-8 description. */
        DIAGNOSTIC_TEXT,
        /** Readable text of a vendor's own (F5 BIG-IP and others). */
        VENDOR_TEXT
    }

    /** Magic number of the compact form. */
    public static final int COMPACT_MAGIC = 0x33AA;
    /** Magic number of the free-description form. */
    public static final int TEXT_MAGIC = 0xF317;
    /** Longest text kept for the column. */
    public static final int MAX_TEXT = 200;

    /** The initial "TCP Failure Causes" registry of the draft, indexed by code (0 is reserved). */
    private static final String[] REGISTRY = {
        null,
        "illegal option length",
        "desynchronized state",
        "new data received after CLOSE",
        "ABORT process",
        "unexpected ACK in a non-synchronized state",
        "unexpected SYN in the window",
        "unexpected security compartment",
        "malformed message",
        "not authorized",
        "resource exceeded",
        "network failure",
        "reset received from the peer",
        "destination unreachable",
        "connection timeout",
        "too much outstanding data",
        "unacceptable performance",
        "middlebox interference",
    };

    /**
     * Decodes {@code captured}, the payload bytes the capture holds of a reset whose payload was
     * {@code wireLength} bytes on the wire; empty when the payload says nothing readable (zeros, binary).
     */
    public static Optional<ResetPayload> decode(byte[] captured, int wireLength) {
        if (captured == null || captured.length == 0) {
            return Optional.empty();
        }
        boolean cut = captured.length < wireLength;
        int magic = captured.length >= 2 ? ((captured[0] & 0xff) << 8) | (captured[1] & 0xff) : -1;
        if (magic == COMPACT_MAGIC && (wireLength == 8 || cut) && captured.length >= 4) {
            int code = ((captured[2] & 0xff) << 8) | (captured[3] & 0xff);
            long pen = captured.length >= 8 ? ((captured[4] & 0xffL) << 24) | ((captured[5] & 0xff) << 16)
                    | ((captured[6] & 0xff) << 8) | (captured[7] & 0xff) : -1;
            if (code == 0) {
                return Optional.empty(); // reserved: malformed, to be ignored (the draft's §3.3)
            }
            String name = pen == 0 || pen < 0 && code < REGISTRY.length ? registryName(code) : null;
            StringBuilder sb = new StringBuilder("diagnostic code ").append(code);
            if (pen > 0) {
                sb.append(" of enterprise ").append(pen);
            } else if (name != null) {
                sb.append(" (").append(name).append(')');
            }
            if (cut) {
                sb.append(", payload cut by the snap length");
            }
            return Optional.of(new ResetPayload(Kind.DIAGNOSTIC_CODE, code, pen, sb.toString(), cut));
        }
        if (magic == TEXT_MAGIC) {
            String s = readable(captured, 2);
            if (s == null || s.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ResetPayload(Kind.DIAGNOSTIC_TEXT, -1, -1,
                    "diagnostic text: " + s + (cut ? " (cut by the snap length)" : ""), cut));
        }
        String s = readable(captured, 0);
        if (s == null || s.length() < 4) {
            return Optional.empty();
        }
        return Optional.of(new ResetPayload(Kind.VENDOR_TEXT, -1, -1, s + (cut ? " (cut by the snap length)" : ""), cut));
    }

    /** The registry's name of a reason code, or {@code null} for one it does not list. */
    public static String registryName(int code) {
        return code > 0 && code < REGISTRY.length ? REGISTRY[code] : null;
    }

    /**
     * The cause the stated reason points to, where it names one: registry codes 3 (data after close),
     * 9 (not authorized), 14 (connection timeout) and 17 (middlebox interference); texts that speak of an
     * idle timeout or an expired flow. A text that speaks of a denial or a policy names no cause: an
     * application says "Access Denied" in its own abort too (the shared vlan-rst-with-data capture).
     */
    public Optional<Cause> impliedCause() {
        if (kind == Kind.DIAGNOSTIC_CODE && (pen == 0 || pen < 0)) {
            return switch (code) {
                case 3 -> Optional.of(Cause.DATA_AFTER_CLOSE);
                case 9 -> Optional.of(Cause.FIREWALL_REJECT);
                case 14 -> Optional.of(Cause.IDLE_TIMEOUT);
                case 17 -> Optional.of(Cause.POLICY_INJECTION);
                default -> Optional.empty();
            };
        }
        if (kind == Kind.DIAGNOSTIC_CODE) {
            return Optional.empty();
        }
        String t = text.toLowerCase(Locale.ROOT);
        if (t.contains("idle") || t.contains("timeout") || t.contains("timed out") || t.contains("expired")) {
            return Optional.of(Cause.IDLE_TIMEOUT);
        }
        return Optional.empty();
    }

    /**
     * Whether the text says the device that sent this reset relays one it got from the far side (F5's
     * {@code TCP RST from remote system}, the registry's code 12): the reset speaks for a connection
     * beyond a proxy.
     */
    public boolean relayed() {
        if (kind == Kind.DIAGNOSTIC_CODE) {
            return code == 12 && pen <= 0;
        }
        String t = text.toLowerCase(Locale.ROOT);
        return t.contains("rst from remote") || t.contains("reset from remote") || t.contains("from the peer");
    }

    /** The bytes from {@code from} as text, when they are printable UTF-8 (trailing NULs and blanks trimmed). */
    private static String readable(byte[] b, int from) {
        int end = b.length;
        while (end > from && (b[end - 1] == 0 || b[end - 1] == ' ' || b[end - 1] == '\n' || b[end - 1] == '\r')) {
            end--;
        }
        if (end <= from) {
            return null;
        }
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, from, end - from)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        int printable = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\t' || (c >= 0x20 && c != 0x7f && !Character.isISOControl(c))) {
                printable++;
            }
        }
        if (printable < s.length()) {
            return null;
        }
        s = s.strip();
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + "…" : s;
    }
}
