package io.rstscope;

/**
 * The root of every exception rstscope throws on purpose.
 *
 * <p>It is unchecked because the library is used interactively — in notebooks, in the REPL and in
 * one-line scripts — where forced {@code try}/{@code catch} blocks would bury every query; a bad
 * capture or a misspelt field is reported by its message, which always says what was seen and what
 * was expected. Catch this type to handle any rstscope failure:
 *
 * <pre>{@code
 * try {
 *     var cap = Rst.open("incident.pcapng");
 * } catch (RstscopeException e) {
 *     System.err.println(e.getMessage());
 * }
 * }</pre>
 */
public class RstscopeException extends RuntimeException {

    /** Creates an exception with a message that names the value seen and the one expected. */
    public RstscopeException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the failure that caused it. */
    public RstscopeException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The one line a read that ran out of heap ends with: the file, the heap's limit and what to do.
     *
     * <pre>{@code
     * throw RstscopeException.outOfMemory(Path.of("big.pcap"));
     * // big.pcap: out of memory: the Java heap (at most 512 MB) cannot hold what this needs; give the JVM
     * // more (-Xmx4g, or RSTSCOPE_JAVA_OPTS=-Xmx4g for the rstscope command) or keep no packets
     * // (ReadOptions.DEFAULT.withoutPackets(); rstscope summary and explain keep none)
     * }</pre>
     */
    public static RstscopeException outOfMemory(java.nio.file.Path file) {
        return new RstscopeException(file + ": " + outOfMemory() + " or keep no packets "
                + "(ReadOptions.DEFAULT.withoutPackets(); rstscope summary and explain keep none)");
    }

    /**
     * What to say when the heap ran out outside a read: the heap's limit and what to do.
     * {@code RstscopeException.outOfMemory()} gives "out of memory: the Java heap (at most 512 MB) cannot
     * hold what this needs; give the JVM more (-Xmx4g, or RSTSCOPE_JAVA_OPTS=-Xmx4g for the rstscope command)".
     */
    public static String outOfMemory() {
        long mb = Runtime.getRuntime().maxMemory() >> 20;
        long g = Math.max(1, 4 * mb / 1024);
        return "out of memory: the Java heap (at most " + mb + " MB) cannot hold what this needs; give the JVM more (-Xmx"
                + g + "g, or RSTSCOPE_JAVA_OPTS=-Xmx" + g + "g for the rstscope command)";
    }

    /**
     * Whether {@code t} is, or was caused by, the heap running out (jshell's compiler wraps it, for one):
     * {@code if (RstscopeException.outOfMemory(e)) err.println("rstscope: " + RstscopeException.outOfMemory());}
     */
    public static boolean outOfMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }
}
