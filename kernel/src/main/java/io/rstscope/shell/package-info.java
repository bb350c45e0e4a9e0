/**
 * The REPL and scripts: {@link io.rstscope.shell.Shell} starts the JDK's real jshell tool with
 * rstscope's startup script and execution engine; {@link io.rstscope.shell.ScriptRunner} runs a
 * {@code .jsh} script non-interactively on the same session type as the notebook kernel.
 */
package io.rstscope.shell;
