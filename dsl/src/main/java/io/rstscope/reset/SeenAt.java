package io.rstscope.reset;

/**
 * Where a reset was seen when two captures of the same traffic are compared: at the client's end, at
 * the server's, or at both ({@code Rst.compare(clientSide, serverSide)}).
 */
public enum SeenAt {
    /** Both captures show it: it crossed the whole path. */
    BOTH,
    /** Only the client-side capture shows it: made on the path toward the client, or lost on the way to the server. */
    CLIENT_SIDE_ONLY,
    /** Only the server-side capture shows it: made on the path toward the server, or lost on the way to the client. */
    SERVER_SIDE_ONLY
}
