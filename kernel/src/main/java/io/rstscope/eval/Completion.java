package io.rstscope.eval;

import java.util.List;

/**
 * Completion candidates for the text {@code [start, end)} of a cell: those matching the expected
 * type first.
 */
public record Completion(List<String> candidates, int start, int end) {
}
