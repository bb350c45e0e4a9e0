package io.rstscope.eval;

/**
 * What the documentation lookup found for the name at the cursor.
 *
 * @param signature the declaration, e.g. {@code Capture Rst.open(String path)}
 * @param javadoc   its Javadoc as text, or empty when the sources are not at hand
 */
public record Documentation(String signature, String javadoc) {
}
