/**
 * The command line: {@code rstscope summary|explain|...}. Each subcommand is a small class that
 * parses its arguments, calls the library and prints; exit status 0 = clean, 2 = a capture was
 * damaged or unreadable, 1 = usage error.
 */
package io.rstscope.cli;
