package io.rstscope.spark;

import static io.rstscope.Rst.contains;
import static io.rstscope.Rst.eq;
import static io.rstscope.Rst.ge;
import static io.rstscope.Rst.gt;
import static io.rstscope.Rst.in;
import static io.rstscope.Rst.le;
import static io.rstscope.Rst.lt;
import static io.rstscope.Rst.matches;
import static io.rstscope.Rst.missing;
import static io.rstscope.Rst.ne;
import static io.rstscope.Rst.present;
import static io.rstscope.Rst.startsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.rstscope.Capture;
import io.rstscope.Rst;
import io.rstscope.RstscopeException;
import io.rstscope.flow.ConnState;
import io.rstscope.query.Filters;
import io.rstscope.query.Match;
import io.rstscope.reset.Cause;
import io.rstscope.reset.Origin;
import io.rstscope.reset.Sender;
import io.rstscope.reset.Stage;
import io.rstscope.reset.Verdict;
import io.rstscope.store.Field;
import io.rstscope.store.FlowField;
import io.rstscope.store.ResetField;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

/**
 * The DSL's two back ends give equal answers: random chains of filters, built from the whole filter
 * vocabulary with values taken from the captures, run on one machine (each capture opened, the answers
 * added up) and on Spark (all the captures read at once, one sensor per file), and their counts, group
 * counts and table rows must be equal. The seed is printed with every difference; rerun one with
 * {@code -Drstscope.dsl.seed=N}.
 */
class SparkDslPropertyTest {

    private static final long SEED = Long.getLong("rstscope.dsl.seed", 20261205L);
    private static final int QUERIES = Integer.getInteger("rstscope.dsl.queries", 40);

    private static Map<String, Capture> local;
    private static SparkCapture onSpark;

    @BeforeAll
    static void read() {
        local = new LinkedHashMap<>();
        for (Path p : TestSpark.captures()) {
            try {
                local.put(p.toString(), Rst.open(p));
            } catch (RstscopeException notACapture) {
                // A file one machine refuses (a broken header) is not compared.
            }
        }
        SparkSession spark = TestSpark.session();
        onSpark = SparkCapture.read(spark, Map.of("sensorFrom", "path"), local.keySet().toArray(String[]::new));
    }

    @AfterAll
    static void release() {
        onSpark.release();
    }

    @Test
    void should_give_the_local_answers_when_random_filter_chains_run_on_spark() {
        Random random = new Random(SEED);
        List<String> differences = new ArrayList<>();
        int nonEmpty = 0;
        for (int i = 0; i < QUERIES; i++) {
            boolean flows = i % 2 == 0;
            List<Step> chain = chain(random, flows);
            int limit = random.nextInt(25);
            List<Field> groups = groups(random, flows);
            String written = (flows ? "flows()" : "resets()") + chain.stream().map(s -> "." + s.text).reduce("", String::concat);
            String context = "seed " + SEED + ", query " + i + ": " + written;

            long localCount = 0;
            Map<List<Object>, Integer> localGroups = new TreeMap<>(ROWS);
            List<List<Object>> localRows = new ArrayList<>();
            for (Map.Entry<String, Capture> e : local.entrySet()) {
                Filters<?> q = applied(flows ? e.getValue().flows() : e.getValue().resets(), chain);
                io.rstscope.query.Query<?, ?> query = (io.rstscope.query.Query<?, ?>) q;
                localCount += query.count();
                for (List<Object> row : TestSpark.rows(query.groupBy(groups.toArray(Field[]::new)).count())) {
                    localGroups.merge(row.subList(0, row.size() - 1), (Integer) row.get(row.size() - 1), Integer::sum);
                }
                for (List<Object> row : TestSpark.rows(query.table())) {
                    List<Object> keyed = new ArrayList<>(row);
                    keyed.add(0, e.getKey());
                    localRows.add(keyed);
                }
            }
            localRows.sort(flows ? FLOW_ORDER : RESET_ORDER);
            List<List<Object>> firstRows = localRows.subList(0, Math.min(limit, localRows.size())).stream()
                    .map(r -> r.subList(1, r.size())).toList();

            SparkQuery<?> q = (SparkQuery<?>) applied(flows ? onSpark.flows() : onSpark.resets(), chain);
            long sparkCount = q.count();
            Map<List<Object>, Integer> sparkGroups = new TreeMap<>(ROWS);
            for (List<Object> row : TestSpark.rows(q.groupBy(groups.toArray(Field[]::new)).count())) {
                sparkGroups.put(row.subList(0, row.size() - 1), (Integer) row.get(row.size() - 1));
            }
            List<List<Object>> sparkRows = TestSpark.rows(q.table(limit));

            if (localCount != sparkCount) {
                differences.add(context + ": count " + localCount + " locally, " + sparkCount + " on Spark");
            }
            if (!localGroups.equals(sparkGroups)) {
                differences.add(context + ".groupBy(" + groups + "): " + localGroups + " locally, " + sparkGroups + " on Spark");
            }
            if (!firstRows.equals(sparkRows)) {
                differences.add(context + ".table(" + limit + "): " + firstRows.size() + " rows locally, "
                        + sparkRows.size() + " on Spark, first differing: " + firstDifference(firstRows, sparkRows));
            }
            if (localCount > 0) {
                nonEmpty++;
            }
        }
        assertThat(differences).isEmpty();
        // The chains are not all empty answers: most select something.
        assertThat(nonEmpty).isGreaterThan(QUERIES / 3);
    }

    // ------------------------------------------------------------------ random chains

    /** One filter step, applied alike to a local and a Spark query. */
    private record Step(String text, Function<Filters<?>, Filters<?>> apply) {
    }

    private static Filters<?> applied(Filters<?> q, List<Step> chain) {
        Filters<?> out = q;
        for (Step s : chain) {
            out = s.apply.apply(out);
        }
        return out;
    }

    private static List<Step> chain(Random random, boolean flows) {
        List<Step> out = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            out.add(step(random, flows));
        }
        return out;
    }

    private static Step step(Random random, boolean flows) {
        Capture cap = any(random, List.copyOf(local.values()));
        Table ft = cap.flowTable();
        switch (random.nextInt(17)) {
            case 0:
                return new Step("withReset()", Filters::withReset);
            case 1:
                return new Step("withoutReset()", Filters::withoutReset);
            case 2: {
                Stage[] v = some(random, Stage.class);
                return new Step("stage" + Arrays.toString(v), q -> q.stage(v));
            }
            case 3: {
                Cause[] v = some(random, Cause.class);
                return new Step("cause" + Arrays.toString(v), q -> q.cause(v));
            }
            case 4: {
                Sender[] v = some(random, Sender.class);
                return new Step("sender" + Arrays.toString(v), q -> q.sender(v));
            }
            case 5: {
                Origin[] v = some(random, Origin.class);
                return new Step("origin" + Arrays.toString(v), q -> q.origin(v));
            }
            case 6: {
                Verdict[] v = some(random, Verdict.class);
                return new Step("verdict" + Arrays.toString(v), q -> q.verdict(v));
            }
            case 7:
                return random.nextBoolean() ? new Step("spoofed()", Filters::spoofed) : new Step("genuine()", Filters::genuine);
            case 8: {
                if (ft.rowCount() == 0) {
                    return new Step("withReset()", Filters::withReset);
                }
                int row = random.nextInt(ft.rowCount());
                String block = block(random, ft.stringColumn(random.nextBoolean() ? "orig_h" : "resp_h").get(row));
                return switch (random.nextInt(3)) {
                    case 0 -> new Step("host(" + block + ")", q -> q.host(block));
                    case 1 -> new Step("client(" + block + ")", q -> q.client(block));
                    default -> new Step("server(" + block + ")", q -> q.server(block));
                };
            }
            case 9: {
                int port = ft.rowCount() == 0 ? 80 : ft.intColumn(random.nextBoolean() ? "orig_p" : "resp_p")
                        .getInt(random.nextInt(ft.rowCount()));
                int other = new int[] {80, 443, 22, 8080}[random.nextInt(4)];
                return new Step("port(" + port + ", " + other + ")", q -> q.port(port, other));
            }
            case 10: {
                ConnState[] v = some(random, ConnState.class);
                return new Step("state" + Arrays.toString(v), q -> q.state(v));
            }
            case 11: {
                double seconds = new double[] {0, 0.001, 0.5, 1, 5, 30, 300}[random.nextInt(7)];
                return new Step("longerThan(" + seconds + ")", q -> q.longerThan(seconds));
            }
            case 12: {
                if (ft.rowCount() == 0) {
                    return new Step("withoutReset()", Filters::withoutReset);
                }
                String uid = ft.stringColumn("uid").get(random.nextInt(ft.rowCount()));
                return new Step("uid(" + uid + ")", q -> q.uid(uid));
            }
            case 13: {
                if (ft.rowCount() == 0) {
                    return new Step("withReset()", Filters::withReset);
                }
                long a = ft.longColumn("ts").getLong(random.nextInt(ft.rowCount()));
                long b = a + (long) (random.nextDouble() * 120e9);
                Instant from = Instant.ofEpochSecond(0, a - (long) (random.nextDouble() * 10e9));
                Instant to = Instant.ofEpochSecond(0, b);
                return new Step("between(" + from + ", " + to + ")", q -> q.between(from, to));
            }
            default:
                return where(random, flows);
        }
    }

    /** A {@code where} on a field of the query's own table, with a value one of the captures holds. */
    private static Step where(Random random, boolean flows) {
        Field[] fields = flows ? FlowField.values() : ResetField.values();
        Field f = fields[random.nextInt(fields.length)];
        Match m = match(random, f);
        if (random.nextInt(5) == 0) {
            Match other = match(random, f);
            m = random.nextBoolean() ? m.and(other) : m.or(other);
        }
        if (random.nextInt(5) == 0) {
            m = m.not();
        }
        Match match = m;
        return new Step("where(" + f.column() + ", " + match + ")", q -> q.where(f, match));
    }

    private static Match match(Random random, Field f) {
        Object v = valueOf(random, f);
        if (v == null || random.nextInt(8) == 0) {
            return random.nextBoolean() ? missing() : present();
        }
        ColumnType t = f.type();
        if (t == ColumnType.BOOLEAN) {
            return random.nextBoolean() ? eq(v) : ne(v);
        }
        if (t == ColumnType.STRING) {
            String s = (String) v;
            String part = s.substring(random.nextInt(s.length() + 1));
            part = part.substring(0, random.nextInt(part.length() + 1));
            return switch (random.nextInt(5)) {
                case 0 -> eq(s);
                case 1 -> in(s, "UNKNOWN");
                case 2 -> contains(part);
                case 3 -> startsWith(s.substring(0, random.nextInt(s.length() + 1)));
                default -> matches(".*" + Pattern.quote(part) + ".*");
            };
        }
        return switch (random.nextInt(7)) {
            case 0 -> eq(v);
            case 1 -> ne(v);
            case 2 -> gt(v);
            case 3 -> ge(v);
            case 4 -> lt(v);
            case 5 -> le(v);
            default -> in(v, 0);
        };
    }

    /** A value of {@code f} in a random row of a random capture; null for a missing one. */
    private static Object valueOf(Random random, Field f) {
        for (int tries = 0; tries < 20; tries++) {
            Capture cap = any(random, List.copyOf(local.values()));
            Table t = f instanceof FlowField ? cap.flowTable() : cap.resetTable();
            if (t.rowCount() > 0) {
                var c = t.column(f.column());
                int row = random.nextInt(t.rowCount());
                return c.isMissing(row) ? null : c.get(row);
            }
        }
        return null;
    }

    /** A block holding {@code address}, of a random prefix length. */
    private static String block(Random random, String address) {
        try {
            byte[] b = InetAddress.getByName(address).getAddress();
            int bits = b.length * 8;
            int prefix = random.nextInt(bits + 1);
            BigInteger v = new BigInteger(1, b);
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
            byte[] masked = v.and(mask).add(BigInteger.ONE.shiftLeft(bits)).toByteArray();
            byte[] out = Arrays.copyOfRange(masked, masked.length - b.length, masked.length);
            return InetAddress.getByAddress(out).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Field> groups(Random random, boolean flows) {
        List<Field> choices = flows
                ? List.of(FlowField.CONN_STATE, FlowField.RESP_P, FlowField.IP_VERSION, FlowField.TS_NEGOTIATED,
                        FlowField.RST_CAUSE, FlowField.RST_ORIGIN, FlowField.RST_VERDICT, FlowField.ORIG_IP_ID, FlowField.HISTORY)
                : List.of(ResetField.CAUSE, ResetField.ORIGIN, ResetField.VERDICT, ResetField.STAGE, ResetField.SENDER,
                        ResetField.FORM, ResetField.SEQ_CHECK, ResetField.TTL, ResetField.RUNNER_UP_CAUSE);
        List<Field> out = new ArrayList<>();
        out.add(any(random, choices));
        if (random.nextBoolean()) {
            Field second = any(random, choices);
            if (!out.contains(second)) {
                out.add(second);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <E extends Enum<E>> E[] some(Random random, Class<E> type) {
        E[] all = type.getEnumConstants();
        EnumSet<E> set = EnumSet.noneOf(type);
        int n = 1 + random.nextInt(Math.min(3, all.length));
        for (int i = 0; i < n; i++) {
            set.add(all[random.nextInt(all.length)]);
        }
        return set.toArray((E[]) java.lang.reflect.Array.newInstance(type, 0));
    }

    private static <T> T any(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    // ------------------------------------------------------------------ comparing answers

    /** Rows in order of their values, missing (null) first. */
    private static final Comparator<List<Object>> ROWS = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    /** Spark's order of the flows: sensor (first, added), ts, uid. */
    private static final Comparator<List<Object>> FLOW_ORDER = Comparator
            .<List<Object>, Object>comparing(r -> r.get(0), SparkDslPropertyTest::compare)
            .thenComparing(r -> r.get(1 + FlowField.TS.ordinal()), SparkDslPropertyTest::compare)
            .thenComparing(r -> r.get(1 + FlowField.UID.ordinal()), SparkDslPropertyTest::compare);

    /** Spark's order of the resets: sensor (first, added), ts, frame (one file per sensor here). */
    private static final Comparator<List<Object>> RESET_ORDER = Comparator
            .<List<Object>, Object>comparing(r -> r.get(0), SparkDslPropertyTest::compare)
            .thenComparing(r -> r.get(1 + ResetField.TS.ordinal()), SparkDslPropertyTest::compare)
            .thenComparing(r -> r.get(1 + ResetField.FRAME.ordinal()), SparkDslPropertyTest::compare);

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return ((Comparable) a).compareTo(b);
    }

    private static String firstDifference(List<List<Object>> local, List<List<Object>> spark) {
        for (int i = 0; i < Math.max(local.size(), spark.size()); i++) {
            List<Object> l = i < local.size() ? local.get(i) : null;
            List<Object> s = i < spark.size() ? spark.get(i) : null;
            if (!java.util.Objects.equals(l, s)) {
                return "row " + i + " local " + l + " spark " + s;
            }
        }
        return "none";
    }
}
