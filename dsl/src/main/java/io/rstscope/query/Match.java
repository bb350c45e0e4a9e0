package io.rstscope.query;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A test on one value of a column, for {@code where(field, match)}. Matches are immutable values that
 * compose with {@link #and}, {@link #or} and {@link #not}; they are made by the static factories of
 * {@link io.rstscope.Rst} ({@code eq}, {@code gt}, {@code in}, {@code missing}, ...), which read well
 * after {@code import static io.rstscope.Rst.*}.
 *
 * <pre>{@code
 * cap.flows().where(DURATION, gt(30).and(lt(60))).count();
 * cap.flows().where("history", contains("R").not()).count();
 * cap.resets().where(TTL, in(64, 128, 255)).table();
 * }</pre>
 *
 * <p>A comparison never matches a missing value: {@code gt(0)} and {@code le(0)} both leave out a
 * connection whose {@code duration} is missing; ask for it with {@link io.rstscope.Rst#missing()}.
 * Numbers compare by value whatever the column's number type; text compares as text.
 */
public sealed interface Match {

    /** The match as it is written: {@code gt(30)}, {@code in("S0", "REJ")}. */
    @Override
    String toString();

    /** Both this and {@code other}: {@code gt(1).and(lt(5))}. */
    default Match and(Match other) {
        return new And(this, Objects.requireNonNull(other, "and: expected a match, got null"));
    }

    /** This or {@code other}: {@code eq("S0").or(eq("REJ"))}. */
    default Match or(Match other) {
        return new Or(this, Objects.requireNonNull(other, "or: expected a match, got null"));
    }

    /** The opposite of this match (missing values included): {@code contains("R").not()}. */
    default Match not() {
        return new Not(this);
    }

    /** How a value is compared with a bound. */
    enum Op {
        /** Equal. */
        EQ("eq"),
        /** Not equal. */
        NE("ne"),
        /** Greater than. */
        GT("gt"),
        /** Greater than or equal. */
        GE("ge"),
        /** Less than. */
        LT("lt"),
        /** Less than or equal. */
        LE("le");

        private final String word;

        Op(String word) {
            this.word = word;
        }

        /** The factory's name: {@code gt}. */
        public String word() {
            return word;
        }

        boolean test(int comparison) {
            return switch (this) {
                case EQ -> comparison == 0;
                case NE -> comparison != 0;
                case GT -> comparison > 0;
                case GE -> comparison >= 0;
                case LT -> comparison < 0;
                case LE -> comparison <= 0;
            };
        }
    }

    /**
     * A comparison with one value: {@code gt(30)}.
     *
     * @param op    the comparison
     * @param value a Number, a String, a Boolean or an enum constant (compared by its name)
     */
    record Compare(Op op, Object value) implements Match {
        /** Checks the value is of a kind a column can hold. */
        public Compare {
            value = Match.checkValue(op.word(), value);
        }

        @Override
        public String toString() {
            return op.word() + "(" + Match.literal(value) + ")";
        }
    }

    /**
     * One of several values: {@code in(80, 443)}.
     *
     * @param values Numbers, Strings, Booleans or enum constants
     */
    record In(List<Object> values) implements Match {
        /** Checks and copies the values. */
        public In {
            if (values.isEmpty()) {
                throw new InvalidArgumentException("in(): expected at least one value, got none");
            }
            values = values.stream().map(v -> Match.checkValue("in", v)).collect(Collectors.toUnmodifiableList());
        }

        @Override
        public String toString() {
            return "in(" + values.stream().map(Match::literal).collect(Collectors.joining(", ")) + ")";
        }
    }

    /**
     * The value is missing ({@code present == false}) or present ({@code true}).
     *
     * @param present true for {@code present()}, false for {@code missing()}
     */
    record Presence(boolean present) implements Match {
        @Override
        public String toString() {
            return present ? "present()" : "missing()";
        }
    }

    /** How a text is searched. */
    enum TextOp {
        /** Contains the text. */
        CONTAINS("contains"),
        /** Starts with the text. */
        STARTS_WITH("startsWith"),
        /** The whole value matches the regular expression. */
        MATCHES("matches");

        private final String word;

        TextOp(String word) {
            this.word = word;
        }

        /** The factory's name. */
        public String word() {
            return word;
        }
    }

    /**
     * A search in the value's text: {@code contains("R")}, {@code startsWith("10.")},
     * {@code matches("S.*r")}.
     *
     * @param op   the kind of search
     * @param text the text, or the regular expression for {@code matches}
     */
    record Text(TextOp op, String text) implements Match {
        /** Checks the text (and compiles a regular expression to find its errors now). */
        public Text {
            if (text == null) {
                throw new InvalidArgumentException(op.word() + "(): expected a text, got null");
            }
            if (op == TextOp.MATCHES) {
                try {
                    Pattern.compile(text);
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw new InvalidArgumentException("matches(\"" + text + "\"): expected a regular expression, "
                            + e.getDescription() + " at index " + e.getIndex());
                }
            }
        }

        @Override
        public String toString() {
            return op.word() + "(" + Match.literal(text) + ")";
        }
    }

    /**
     * Any test written in Java, for what the other matches cannot say; it sees each value boxed (a
     * missing value as {@code null}), so it is slower than the others.
     *
     * @param description how {@code toString()} shows it
     * @param test        the test
     */
    record Test(String description, Predicate<Object> test) implements Match {
        /** Checks both are given. */
        public Test {
            Objects.requireNonNull(description, "test: expected a description, got null");
            Objects.requireNonNull(test, "test: expected a predicate, got null");
        }

        @Override
        public String toString() {
            return "test(" + Match.literal(description) + ")";
        }
    }

    /**
     * Both.
     *
     * @param left  the first match
     * @param right the second match
     */
    record And(Match left, Match right) implements Match {
        @Override
        public String toString() {
            return left + ".and(" + right + ")";
        }
    }

    /**
     * Either.
     *
     * @param left  the first match
     * @param right the second match
     */
    record Or(Match left, Match right) implements Match {
        @Override
        public String toString() {
            return left + ".or(" + right + ")";
        }
    }

    /**
     * The opposite.
     *
     * @param match the match negated
     */
    record Not(Match match) implements Match {
        @Override
        public String toString() {
            return match + ".not()";
        }
    }

    private static Object checkValue(String factory, Object value) {
        if (value == null) {
            throw new InvalidArgumentException(factory + "(null): expected a number, a text, a boolean or an enum "
                    + "constant; ask for missing values with missing()");
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Character c) {
            return c.toString();
        }
        if (value instanceof Number || value instanceof String || value instanceof Boolean) {
            return value;
        }
        throw new InvalidArgumentException(factory + "(" + value + "): expected a number, a text, a boolean or an enum "
                + "constant, got a " + value.getClass().getSimpleName());
    }

    /** A value as Java source: {@code "REJ"}, {@code 30}, {@code 1.5}. */
    static String literal(Object v) {
        if (v instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (v instanceof Double || v instanceof Float) {
            return String.format(Locale.ROOT, "%s", v);
        }
        return String.valueOf(v);
    }
}
