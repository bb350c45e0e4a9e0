/**
 * How values look in a notebook: renderers keyed by the type they render, registered in one place
 * ({@link io.rstscope.display.Renderers#standard()}) from outside the rendered types. Tables and
 * queries become HTML tables with a row limit and the total count; every rendering also has
 * {@code text/plain} for consoles.
 */
package io.rstscope.display;
