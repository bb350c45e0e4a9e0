package io.rstscope.query;

import io.rstscope.flow.ConnState;
import io.rstscope.reset.Cause;
import io.rstscope.reset.Origin;
import io.rstscope.reset.Sender;
import io.rstscope.reset.Stage;
import io.rstscope.reset.Verdict;
import io.rstscope.store.Field;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The filter vocabulary of every query, whatever runs it: each filter checks its arguments when it is
 * called and adds one {@link Condition} — a value of the one predicate model — to a new query. A back
 * end compiles the conditions in its terminal operations: {@link Engine} into tests of a capture's
 * columns on one machine, the Spark module into Spark {@code Column} expressions. The same chain of
 * filters therefore reads, and means, the same on both:
 *
 * <pre>{@code
 * cap.flows().port(443).withReset().spoofed().count();                        // one machine
 * SparkCapture.read(spark, "/captures/edge-1").flows().port(443).withReset().spoofed().count();  // a cluster
 * }</pre>
 *
 * <p>A back end extends this class with its query types; it implements {@link #with(Condition)} (a
 * new query with one more condition), {@link #tableName()} and {@link #schema()} (which fields
 * {@code where} accepts).
 *
 * @param <Q> the query type itself, which every filter returns
 */
public abstract class Filters<Q extends Filters<Q>> {

    /** For the query types of a back end: {@code class SparkFlowQuery extends Filters<SparkFlowQuery>}. */
    protected Filters() {
    }

    /**
     * A new query, this one with {@code condition} added after its own; this query is unchanged:
     * {@code with(new Condition.Port(List.of(443)))} is what {@code port(443)} returns.
     */
    protected abstract Q with(Condition condition);

    /** The name of the table the query selects rows of: {@code "flows"}, {@code "resets"} or {@code "packets"}. */
    protected abstract String tableName();

    /** The schema enum of that table, for {@code where} and the other steps naming a field: {@code FlowField.class}. */
    protected abstract Class<? extends Field> schema();

    // ------------------------------------------------------------------ field lookups

    /** The same field of this query's table, or an error naming the right table: {@code field("where", DURATION)}. */
    @SuppressWarnings("unchecked")
    protected final Field field(String step, Field field) {
        return (Field) Fields.of(step, tableName(), schemaEnum(), field);
    }

    /** The field of this query's table named {@code name}, or an error suggesting the closest name: {@code field("where", "duration")}. */
    @SuppressWarnings("unchecked")
    protected final Field field(String step, String name) {
        return (Field) Fields.named(step, tableName(), schemaEnum(), name);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Class schemaEnum() {
        return schema();
    }

    // ------------------------------------------------------------------ filters about a reset

    /** Only rows whose connection had a RST packet: {@code flows().withReset()}. */
    public Q withReset() {
        return with(new Condition.WithReset(true));
    }

    /** Only rows whose connection had no RST packet: {@code flows().withoutReset().count()}. */
    public Q withoutReset() {
        return with(new Condition.WithReset(false));
    }

    /** A reset at one of these stages: {@code flows().stage(HANDSHAKE)}. */
    public Q stage(Stage... stages) {
        return with(new Condition.ResetIs(Condition.Attribute.STAGE, values("stage", Stage.class, stages)));
    }

    /** As {@link #stage(Stage...)}, the constants named as text, in any case: {@code resets().stage("handshake")}. */
    public Q stage(String name, String... more) {
        return stage(named("stage", Stage.class, name, more));
    }

    /** A reset with one of these causes: {@code resets().cause(PORT_CLOSED, FIREWALL_REJECT)}. */
    public Q cause(Cause... causes) {
        return with(new Condition.ResetIs(Condition.Attribute.CAUSE, values("cause", Cause.class, causes)));
    }

    /** As {@link #cause(Cause...)}, the constants named as text, in any case: {@code resets().cause("PORT_CLOSED", "firewall_reject")}. */
    public Q cause(String name, String... more) {
        return cause(named("cause", Cause.class, name, more));
    }

    /** A reset carrying this side's address: {@code resets().sender(SERVER)}. */
    public Q sender(Sender... senders) {
        return with(new Condition.ResetIs(Condition.Attribute.SENDER, values("sender", Sender.class, senders)));
    }

    /** As {@link #sender(Sender...)}, the constants named as text, in any case: {@code resets().sender("server")}. */
    public Q sender(String name, String... more) {
        return sender(named("sender", Sender.class, name, more));
    }

    /** A reset most likely really sent by one of these: {@code resets().origin(MIDDLEBOX)}. */
    public Q origin(Origin... origins) {
        return with(new Condition.ResetIs(Condition.Attribute.ORIGIN, values("origin", Origin.class, origins)));
    }

    /** As {@link #origin(Origin...)}, the constants named as text, in any case: {@code resets().origin("MIDDLEBOX")}. */
    public Q origin(String name, String... more) {
        return origin(named("origin", Origin.class, name, more));
    }

    /** A reset with one of these verdicts: {@code resets().verdict(SUSPICIOUS, FORGED)}. */
    public Q verdict(Verdict... verdicts) {
        return with(new Condition.ResetIs(Condition.Attribute.VERDICT, values("verdict", Verdict.class, verdicts)));
    }

    /** As {@link #verdict(Verdict...)}, the constants named as text, in any case: {@code resets().verdict("forged")}. */
    public Q verdict(String name, String... more) {
        return verdict(named("verdict", Verdict.class, name, more));
    }

    /**
     * A reset not sent by the endpoint whose address it carries — verdict FORGED, or origin MIDDLEBOX
     * (a firewall's REJECT, an injector): {@code flows().withReset().spoofed()}. SUSPICIOUS resets are
     * neither spoofed nor genuine; ask for them with {@code verdict(SUSPICIOUS)}.
     */
    public Q spoofed() {
        return with(new Condition.Spoofed());
    }

    /** A reset sent by the endpoint whose address it carries: verdict GENUINE and origin not MIDDLEBOX: {@code resets().genuine()}. */
    public Q genuine() {
        return with(new Condition.Genuine());
    }

    // ------------------------------------------------------------------ filters about a connection

    /** Either end's address is this address or in this CIDR block: {@code host("10.0.0.0/8")}, {@code host("fd77:1::2")}. */
    public Q host(String addressOrCidr) {
        return with(new Condition.Address(Condition.Role.ANY, Cidr.parse("host", addressOrCidr)));
    }

    /** The client's (originator's) address is in the block: {@code client("10.77.1.0/24")}. */
    public Q client(String addressOrCidr) {
        return with(new Condition.Address(Condition.Role.CLIENT, Cidr.parse("client", addressOrCidr)));
    }

    /** The server's (responder's) address is in the block: {@code server("10.77.2.2")}. */
    public Q server(String addressOrCidr) {
        return with(new Condition.Address(Condition.Role.SERVER, Cidr.parse("server", addressOrCidr)));
    }

    /** Either end's TCP port is one of these: {@code port(443)}, {@code port(80, 8080)}. */
    public Q port(int... ports) {
        if (ports == null || ports.length == 0) {
            throw new InvalidArgumentException("port(): expected at least one TCP port 0..65535");
        }
        List<Integer> list = new ArrayList<>();
        for (int port : ports) {
            if (port < 0 || port > 65535) {
                throw new InvalidArgumentException("port(" + port + "): expected a TCP port 0..65535");
            }
            list.add(port);
        }
        return with(new Condition.Port(List.copyOf(list)));
    }

    /** Zeek's conn_state is one of these: {@code flows().state(REJ, S0)}. */
    public Q state(ConnState... states) {
        return with(new Condition.State(values("state", ConnState.class, states)));
    }

    /** As {@link #state(ConnState...)}, the constants named as text, in any case: {@code flows().state("REJ", "s0")}. */
    public Q state(String name, String... more) {
        return state(named("state", ConnState.class, name, more));
    }

    /** Zeek's duration is longer than this: {@code flows().longerThan(Duration.ofSeconds(2))}. */
    public Q longerThan(Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new InvalidArgumentException("longerThan(" + duration + "): expected a duration of 0 or more");
        }
        return with(new Condition.LongerThan(duration.toNanos(), "Duration.parse(\"" + duration + "\")"));
    }

    /** Zeek's duration is longer than this many seconds: {@code flows().longerThan(2.5)}. */
    public Q longerThan(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new InvalidArgumentException("longerThan(" + seconds + "): expected seconds, 0 or more");
        }
        return with(new Condition.LongerThan(Math.round(seconds * 1e9), stripZeros(seconds)));
    }

    /** The connection has one of these uids (Zeek-style, as in the flows table): {@code uid("CxT8a2...")}. */
    public Q uid(String... uids) {
        if (uids == null || uids.length == 0) {
            throw new InvalidArgumentException("uid(): expected at least one connection uid");
        }
        Set<String> set = new LinkedHashSet<>();
        for (String u : uids) {
            if (u == null || u.isBlank()) {
                throw new InvalidArgumentException("uid(" + (u == null ? "null" : "\"" + u + "\"")
                        + "): expected a connection uid such as the flows table's uid column shows");
            }
            set.add(u.strip());
        }
        return with(new Condition.Uid(Collections.unmodifiableSet(set)));
    }

    // ------------------------------------------------------------------ filters on each row

    /**
     * In the time range, both ends included: a connection alive at some moment of it, a reset or packet
     * sent in it: {@code between(Instant.parse("2026-11-23T10:25:17Z"), Instant.parse("2026-11-23T10:26:00Z"))}.
     */
    public Q between(Instant from, Instant to) {
        if (from == null || to == null) {
            throw new InvalidArgumentException("between(" + from + ", " + to + "): expected two instants");
        }
        if (from.isAfter(to)) {
            throw new InvalidArgumentException("between(" + from + ", " + to + "): expected from <= to, but from is "
                    + Duration.between(to, from) + " after to");
        }
        return with(new Condition.Between(from, to));
    }

    /**
     * As {@link #between(Instant, Instant)}, with ISO-8601 times; one without a zone is UTC:
     * {@code between("2026-11-23T10:25:17", "2026-11-23T10:26")}.
     */
    public Q between(String from, String to) {
        return between(instant("between", from), instant("between", to));
    }

    /** A column of this query's table passes the match: {@code flows().where(DURATION, gt(30))}. */
    public Q where(Field field, Match match) {
        Field f = field("where", field);
        Matcher.check("where", f, match);
        return with(new Condition.Where(f, match));
    }

    /** As {@link #where(Field, Match)}, the field named by its column: {@code flows().where("history", contains("R"))}. */
    public Q where(String field, Match match) {
        Field f = field("where", field);
        Matcher.check("where", f, match);
        return with(new Condition.Where(f, match));
    }

    // ------------------------------------------------------------------ helpers

    /**
     * A query as written: its origin, then each condition's step:
     * {@code written("flows(trace.pcap)", conditions)} is {@code flows(trace.pcap).withReset().port(443)}.
     */
    protected static String written(String origin, List<Condition> conditions) {
        StringBuilder sb = new StringBuilder(origin);
        for (Condition c : conditions) {
            if (!c.text().isEmpty()) {
                sb.append('.').append(c.text());
            }
        }
        return sb.toString();
    }

    @SafeVarargs
    private static <E extends Enum<E>> Set<E> values(String step, Class<E> type, E... values) {
        if (values == null || values.length == 0) {
            throw new InvalidArgumentException(step + "(): expected at least one of "
                    + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
        }
        EnumSet<E> set = EnumSet.noneOf(type);
        for (E v : values) {
            if (v == null) {
                throw new InvalidArgumentException(step + "(null): expected one of "
                        + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
            }
            set.add(v);
        }
        return Collections.unmodifiableSet(set);
    }

    /** The constants named {@code first} and {@code more}, any case; a miss suggests the closest. */
    private static <E extends Enum<E>> E[] named(String step, Class<E> type, String first, String... more) {
        List<String> names = new ArrayList<>();
        names.add(first);
        if (more != null) {
            names.addAll(Arrays.asList(more));
        }
        List<String> known = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
        @SuppressWarnings("unchecked")
        E[] out = (E[]) java.lang.reflect.Array.newInstance(type, names.size());
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            String wanted = n == null ? null : n.strip();
            E match = wanted == null ? null : Arrays.stream(type.getEnumConstants())
                    .filter(e -> e.name().equalsIgnoreCase(wanted)).findFirst().orElse(null);
            if (match == null) {
                String closest = n == null ? null : Suggestions.closest(wanted, known);
                throw new InvalidArgumentException(step + "(" + (n == null ? "null" : "\"" + n + "\"") + "): no "
                        + step + " is called " + (n == null ? "null" : n) + (closest == null ? "." : "; did you mean "
                        + closest + "?") + " Expected one of " + String.join(", ", known));
            }
            out[i] = match;
        }
        return out;
    }

    private static Instant instant(String step, String text) {
        if (text == null) {
            throw new InvalidArgumentException(step + "(null): expected an ISO-8601 time such as 2026-11-23T10:25:17Z");
        }
        String s = text.strip();
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                try {
                    return java.time.OffsetDateTime.parse(s).toInstant();
                } catch (DateTimeParseException e3) {
                    throw new InvalidArgumentException(step + "(\"" + text + "\"): expected an ISO-8601 time such as "
                            + "2026-11-23T10:25:17Z or 2026-11-23T10:25:17.5 (UTC)");
                }
            }
        }
    }

    private static String stripZeros(double seconds) {
        String s = String.format(Locale.ROOT, "%.9f", seconds).replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }
}
