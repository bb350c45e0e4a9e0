/**
 * Views of what the queries select, each one model rendered two ways — text for terminals, SVG or
 * HTML for notebooks: {@link io.rstscope.view.Explanation} (each reset told with its evidence),
 * {@link io.rstscope.view.Ladder} (a connection as a sequence diagram, the resets highlighted) and
 * {@link io.rstscope.view.Timeline} (resets over time by cause). Views are built from the capture's
 * columns and resets, and know nothing of queries, notebooks or the shell.
 *
 * <pre>{@code
 * Ladder l = cap.flows().withReset().first().ladder();
 * System.out.println(l.text());   // in a terminal
 * String svg = l.svg();           // in a notebook
 * }</pre>
 */
package io.rstscope.view;
