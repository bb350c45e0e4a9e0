/**
 * rstscope: TCP connections and resets from packet captures. {@link io.rstscope.Rst} is the entry
 * point, {@link io.rstscope.Capture} an opened capture, {@link io.rstscope.RstscopeException} the root
 * of every error the library reports. {@link io.rstscope.LiveCapture} is a capture from a network
 * interface that is still running, and {@link io.rstscope.ResetFeed} hands out its resets as they come.
 *
 * <pre>{@code
 * import static io.rstscope.Rst.*;
 * var cap = open("incident.pcapng");
 * }</pre>
 */
package io.rstscope;
