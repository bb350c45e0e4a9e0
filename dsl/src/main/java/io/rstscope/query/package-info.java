/**
 * The query DSL: {@link io.rstscope.query.FlowQuery}, {@link io.rstscope.query.ResetQuery} and
 * {@link io.rstscope.query.PacketQuery} — immutable values made by {@code cap.flows()},
 * {@code cap.resets()} and {@code cap.packets()}, narrowed by filters in any order, navigated from one
 * to another, and answered by terminal operations that compile the filters (a small sealed model)
 * into tests of the capture's columns. {@link io.rstscope.query.Match} is the value test of
 * {@code where(field, match)}; its factories are on {@link io.rstscope.Rst}. A
 * {@link io.rstscope.query.Comparison} ({@code Rst.compare(clientSide, serverSide)}) puts two captures of
 * the same traffic side by side and decides each reset's origin with both views.
 *
 * <pre>{@code
 * import static io.rstscope.Rst.*;
 * import static io.rstscope.reset.Stage.*;
 *
 * var cap = open("incident.pcapng");
 * cap.flows().withReset().stage(HANDSHAKE).spoofed().count();
 * cap.resets().groupBy(ResetField.CAUSE, ResetField.ORIGIN).count();
 * cap.flows().where(FlowField.DURATION, gt(30)).toZeekLog("long.log");
 * }</pre>
 *
 * <p>Bad arguments fail at the step that takes them, with an {@link io.rstscope.query.InvalidArgumentException}
 * (or {@link io.rstscope.query.UnknownFieldException} for a misspelt field, suggesting the closest).
 */
package io.rstscope.query;
