/**
 * The Jupyter kernel on jupyter-jvm-basekernel: the protocol side only (cells go to
 * {@link io.rstscope.eval.Evaluator}, values to {@link io.rstscope.display.Renderers}). It also
 * handles the library's traps: a message with a bad signature no longer kills the request loop,
 * output is sent every 100 ms rather than per print, history requests are answered, the library's
 * logging is silenced, and the kernel exits with the process that started it.
 */
package io.rstscope.jupyter;
