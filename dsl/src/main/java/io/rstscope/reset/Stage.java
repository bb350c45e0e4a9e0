package io.rstscope.reset;

/**
 * Where in a connection's life a reset came. An idle timeout is a cause, not a stage.
 *
 * <pre>{@code
 * cap.resets().stage(Stage.HANDSHAKE).count();
 * }</pre>
 */
public enum Stage {
    /** Before the three-way handshake completed: the reset answers or races the SYN or SYN/ACK. */
    HANDSHAKE("before the three-way handshake completed"),
    /** Established, but no payload had been sent yet. */
    POST_HANDSHAKE("after the handshake, before any payload"),
    /** Established, with payload sent by either side. */
    DATA_TRANSFER("while data was being exchanged"),
    /** After a FIN from either side. */
    TEARDOWN("after a FIN, during the close"),
    /** The connection was picked up mid-stream: no handshake seen. */
    MIDSTREAM("on a connection seen without its handshake"),
    /** No connection at all: the reset is the only packet of its tuple. */
    STRAY("with no connection seen for its addresses and ports");

    private final String phrase;

    Stage(String phrase) {
        this.phrase = phrase;
    }

    /** A phrase for explanations: "before the three-way handshake completed". */
    public String phrase() {
        return phrase;
    }
}
