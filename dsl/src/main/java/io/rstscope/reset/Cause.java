package io.rstscope.reset;

/**
 * Why a reset was sent. Each cause has a one-line description used by {@code explain()}.
 *
 * <pre>{@code
 * cap.resets().cause(Cause.PORT_CLOSED).count();
 * }</pre>
 */
public enum Cause {
    /** The server's kernel refused a SYN: nothing listens on the port. */
    PORT_CLOSED("nothing listens on the port: the server's kernel refused the SYN"),
    /** A firewall rejected the SYN with a reset (iptables REJECT --reject-with tcp-reset). */
    FIREWALL_REJECT("a firewall rejected the connection with a reset"),
    /** The listener's accept queue was full and tcp_abort_on_overflow is set. */
    BACKLOG_OVERFLOW("the listener's accept queue was full (tcp_abort_on_overflow)"),
    /** A SYN reused a tuple still in TIME_WAIT with a sequence number the server would not accept. */
    TIME_WAIT_REUSE("a new SYN hit a connection still in TIME_WAIT"),
    /** A SYN with flags a stack refuses (SYN+RST, SYN+FIN) or a malformed option. */
    MALFORMED_SYN("the SYN carried flags or options a stack refuses"),
    /** A half-open (SYN) scan: the scanner resets the handshake instead of completing it. */
    HALF_OPEN_SCAN("a SYN scan: the scanner reset the half-open connection"),
    /** The client abandoned the connection right after the handshake or mid-request. */
    CLIENT_ABORT("the client aborted the connection"),
    /** An application closed its socket abruptly (SO_LINGER 0, or close with unread data). */
    APP_ABORT("an application aborted the connection (linger 0, or close with unread data)"),
    /** Data arrived for a socket that had already been closed. */
    DATA_AFTER_CLOSE("data arrived after the receiver had closed its socket"),
    /** The sender gave up after retransmissions went unanswered. */
    RETRANSMISSION_TIMEOUT("the sender gave up after unanswered retransmissions"),
    /** Keep-alive probes went unanswered. */
    KEEPALIVE_TIMEOUT("keep-alive probes went unanswered"),
    /** The connection was silent longer than something on the path (or an endpoint) allows. */
    IDLE_TIMEOUT("the connection was idle longer than allowed"),
    /** A device on the path reset the connection by policy (content or destination filtering). */
    POLICY_INJECTION("a device on the path injected resets by policy"),
    /** The closing side sent RST instead of waiting out the FIN handshake. */
    FAST_TEARDOWN("the connection was closed with a reset instead of the FIN handshake"),
    /** An RFC 5961 challenge ACK answered an in-window reset, and the reset that followed it. */
    CHALLENGE_ACK("an in-window reset drew an RFC 5961 challenge ACK"),
    /** The capture does not show why. */
    UNKNOWN("the capture does not show why");

    private final String description;

    Cause(String description) {
        this.description = description;
    }

    /** One line: what this cause means. */
    public String description() {
        return description;
    }
}
