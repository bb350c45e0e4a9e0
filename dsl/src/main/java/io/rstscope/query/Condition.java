package io.rstscope.query;

import io.rstscope.flow.ConnState;
import io.rstscope.store.Field;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One filter step of a query, as a value: the one predicate model every back end compiles. The filters
 * of {@link Filters} make them; one machine's {@link Engine} compiles them, in the terminal operation,
 * into tests of a capture's columns, and the Spark module into Spark {@code Column} expressions.
 * {@link #text()} is the step as the user wrote it, for the query's {@code toString()}.
 *
 * <pre>{@code
 * Condition c = new Condition.Port(List.of(80, 443));
 * c.text();                        // port(80, 443)
 * c.aboutReset();                  // false: it asks about the connection
 * }</pre>
 *
 * <p>The model is closed (sealed): a back end handles every kind, and says in its error which ones it
 * cannot run ({@link Via} and {@link Row} belong to one machine's navigation).
 */
public sealed interface Condition {

    /** The step as written: {@code stage(HANDSHAKE)}. */
    String text();

    /** True for the steps about a reset (stage, cause, sender, origin, verdict, spoofed, genuine). */
    default boolean aboutReset() {
        return false;
    }

    /** {@code withReset()} / {@code withoutReset()}: the connection had a RST packet, or none. */
    record WithReset(boolean present) implements Condition {
        @Override
        public String text() {
            return present ? "withReset()" : "withoutReset()";
        }
    }

    /** The reset attributes a step can ask for. */
    enum Attribute {
        STAGE("stage"), CAUSE("cause"), SENDER("sender"), ORIGIN("origin"), VERDICT("verdict");

        private final String step;

        Attribute(String step) {
            this.step = step;
        }
    }

    /** {@code stage(HANDSHAKE, TEARDOWN)}: the reset's attribute is one of the values. */
    record ResetIs(Attribute attribute, Set<? extends Enum<?>> values) implements Condition {
        @Override
        public String text() {
            return attribute.step + "(" + values.stream().map(Enum::name).collect(Collectors.joining(", ")) + ")";
        }

        @Override
        public boolean aboutReset() {
            return true;
        }
    }

    /** {@code spoofed()}: verdict FORGED or origin MIDDLEBOX. */
    record Spoofed() implements Condition {
        @Override
        public String text() {
            return "spoofed()";
        }

        @Override
        public boolean aboutReset() {
            return true;
        }
    }

    /** {@code genuine()}: verdict GENUINE and origin not MIDDLEBOX. */
    record Genuine() implements Condition {
        @Override
        public String text() {
            return "genuine()";
        }

        @Override
        public boolean aboutReset() {
            return true;
        }
    }

    /** Which end of a connection an address step looks at. */
    enum Role {
        ANY("host"), CLIENT("client"), SERVER("server");

        private final String step;

        Role(String step) {
            this.step = step;
        }
    }

    /** {@code host(..)}, {@code client(..)}, {@code server(..)}: an end's address is in the block. */
    record Address(Role role, Cidr cidr) implements Condition {
        @Override
        public String text() {
            return role.step + "(\"" + cidr + "\")";
        }
    }

    /** {@code port(80, 443)}: either end's port is one of these (for a reset or a packet, its connection's). */
    record Port(List<Integer> ports) implements Condition {
        @Override
        public String text() {
            return "port(" + ports.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
        }
    }

    /** {@code between(from, to)}: in the time range, both ends included. */
    record Between(Instant from, Instant to) implements Condition {
        @Override
        public String text() {
            return "between(\"" + from + "\", \"" + to + "\")";
        }

        /** The range's start, nanoseconds since the epoch: {@code between.fromNanos()}. */
        public long fromNanos() {
            return from.getEpochSecond() * 1_000_000_000L + from.getNano();
        }

        /** The range's end, nanoseconds since the epoch: {@code between.toNanos()}. */
        public long toNanos() {
            return to.getEpochSecond() * 1_000_000_000L + to.getNano();
        }
    }

    /** {@code state(REJ, S0)}: Zeek's conn_state of the connection. */
    record State(Set<ConnState> states) implements Condition {
        @Override
        public String text() {
            return "state(" + states.stream().map(Enum::name).collect(Collectors.joining(", ")) + ")";
        }
    }

    /** {@code longerThan(Duration.ofSeconds(5))}: Zeek's duration of the connection is longer. */
    record LongerThan(long nanos, String written) implements Condition {
        @Override
        public String text() {
            return "longerThan(" + written + ")";
        }
    }

    /** {@code uid("C...")}: the connection has one of these uids. */
    record Uid(Set<String> uids) implements Condition {
        @Override
        public String text() {
            return "uid(" + uids.stream().map(Match::literal).collect(Collectors.joining(", ")) + ")";
        }
    }

    /** One connection known by its row, as {@code Flow.query()} makes it; printed by its uid. */
    record Row(int row, String uid) implements Condition {
        @Override
        public String text() {
            return "uid(" + Match.literal(uid) + ")";
        }
    }

    /** {@code where(field, match)}: a column of the query's own table. */
    record Where(Field field, Match match) implements Condition {
        @Override
        public String text() {
            return "where(" + field.column() + ", " + match + ")";
        }
    }

    /**
     * The rows related to another query's rows: its connections, resets or packets. Printed by the
     * query's origin ({@code flows(...).port(80).resets()}), so its own text is empty.
     */
    record Via(Query<?, ?> source) implements Condition {
        @Override
        public String text() {
            return "";
        }
    }

    /** The steps of {@code conditions} about a reset. */
    static List<Condition> aboutResets(List<Condition> conditions) {
        return conditions.stream().filter(Condition::aboutReset).collect(Collectors.toList());
    }
}
