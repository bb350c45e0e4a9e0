/**
 * rstscope: TCP connections and resets from packet captures. {@link io.rstscope.Rst} is the entry
 * point, {@link io.rstscope.Capture} an opened capture, {@link io.rstscope.RstscopeException} the root
 * of every error the library reports.
 *
 * <pre>{@code
 * import static io.rstscope.Rst.*;
 * var cap = open("incident.pcapng");
 * }</pre>
 */
package io.rstscope;
