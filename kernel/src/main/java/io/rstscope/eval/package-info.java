/**
 * The JShell session shared by the notebook kernel, the REPL and scripts: the startup script
 * (a resource, {@code startup.jsh}), cell evaluation with errors mapped to cell lines, completion,
 * documentation lookup, completeness, and an interrupt that really stops the cell. It knows nothing
 * of sockets or Jupyter.
 *
 * <pre>{@code
 * try (Evaluator ev = Evaluator.start(System.in, System.out, System.err, Host.TERMINAL)) {
 *     CellResult r = ev.eval("open(\"trace.pcap\");\npackets().count()");
 * }
 * }</pre>
 */
package io.rstscope.eval;
