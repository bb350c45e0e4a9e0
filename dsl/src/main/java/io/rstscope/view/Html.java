package io.rstscope.view;

/** HTML escaping for text put into renderings, the views' and the notebook renderers': {@code Html.escape("a < b")}. */
public final class Html {

    private Html() {
    }

    /** {@code s} with {@code & < > "} escaped. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
