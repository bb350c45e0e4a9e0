package io.rstscope.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.round;

import io.rstscope.query.Cidr;
import io.rstscope.query.Condition;
import io.rstscope.query.InvalidArgumentException;
import io.rstscope.query.Match;
import io.rstscope.reset.Origin;
import io.rstscope.reset.Verdict;
import io.rstscope.store.FlowField;
import io.rstscope.store.ResetField;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import tech.tablesaw.api.ColumnType;

/**
 * The Spark back end of the query model: compiles the {@link Condition}s the DSL's filters collect into
 * Spark {@code Column} expressions and semi-joins, meaning what one machine's engine means. A
 * connection is known by its sensor and uid, so the conditions about a reset select, of the flows,
 * those with one reset meeting all of them together, and the conditions about a connection select, of
 * the resets, those whose connection meets them. An address block is a range of the numbers in the
 * hidden address columns ({@link SparkCapture#ADDRESS_COLUMNS}). Every expression is true or false,
 * never null, so that {@code not()} of a comparison keeps the missing values as it does locally.
 *
 * <pre>{@code
 * Dataset<Row> rows = SparkConditions.flows(flows, resets, List.of(new Condition.Port(List.of(443))));
 * }</pre>
 */
final class SparkConditions {

    private static final String SENSOR = "sensor", UID = "uid";

    private SparkConditions() {
    }

    /** The flows that pass every condition; {@code flows} carries the hidden address columns. */
    static Dataset<Row> flows(Dataset<Row> flows, Dataset<Row> resets, List<Condition> conditions) {
        List<Condition> aboutResets = Condition.aboutResets(conditions);
        Dataset<Row> out = flows;
        if (!aboutResets.isEmpty()) {
            Dataset<Row> keys = resets.where(all(aboutResets.stream().map(SparkConditions::reset).toList()))
                    .select(SENSOR, UID).distinct();
            out = out.join(keys, seq(SENSOR, UID), "left_semi");
        }
        List<Column> tests = new ArrayList<>();
        for (Condition c : conditions) {
            if (!c.aboutReset()) {
                tests.add(flow(c));
            }
        }
        return tests.isEmpty() ? out : out.where(all(tests));
    }

    /** The resets that pass every condition; those about the connection are asked of {@code flows}. */
    static Dataset<Row> resets(Dataset<Row> flows, Dataset<Row> resets, List<Condition> conditions) {
        List<Column> tests = new ArrayList<>();
        List<Column> ofConnection = new ArrayList<>();
        for (Condition c : conditions) {
            if (c.aboutReset()) {
                tests.add(reset(c));
            } else if (c instanceof Condition.WithReset w) {
                tests.add(lit(w.present()));
            } else if (c instanceof Condition.Between b) {
                tests.add(col(ResetField.TS.column()).between(b.fromNanos(), b.toNanos()));
            } else if (c instanceof Condition.Where w) {
                tests.add(match(col(w.field().column()), w.field().type(), w.match(), w.field().column()));
            } else {
                ofConnection.add(flow(c));
            }
        }
        Dataset<Row> out = resets;
        if (!ofConnection.isEmpty()) {
            out = out.join(flows.where(all(ofConnection)).select(SENSOR, UID), seq(SENSOR, UID), "left_semi");
        }
        return tests.isEmpty() ? out : out.where(all(tests));
    }

    /** A condition about the connection, on a row of the flows. */
    private static Column flow(Condition c) {
        if (c instanceof Condition.WithReset w) {
            return col(FlowField.ORIG_RSTS.column()).plus(col(FlowField.RESP_RSTS.column())).gt(0).equalTo(w.present());
        }
        if (c instanceof Condition.Address a) {
            Column orig = inBlock(SparkCapture.ORIG_HI, SparkCapture.ORIG_LO, a.cidr());
            Column resp = inBlock(SparkCapture.RESP_HI, SparkCapture.RESP_LO, a.cidr());
            return switch (a.role()) {
                case ANY -> orig.or(resp);
                case CLIENT -> orig;
                case SERVER -> resp;
            };
        }
        if (c instanceof Condition.Port p) {
            Object[] ports = p.ports().toArray();
            return col(FlowField.ORIG_P.column()).isin(ports).or(col(FlowField.RESP_P.column()).isin(ports));
        }
        if (c instanceof Condition.Between b) {
            // Alive at some moment of the range.
            return col(FlowField.TS.column()).leq(b.toNanos()).and(col(FlowField.LAST_TS.column()).geq(b.fromNanos()));
        }
        if (c instanceof Condition.State s) {
            return col(FlowField.CONN_STATE.column()).isin(s.states().stream().map(Enum::name).toArray());
        }
        if (c instanceof Condition.LongerThan l) {
            // duration is the nanoseconds over 1e9, missing when 0: rounding gives the nanoseconds back.
            Column nanos = coalesce(round(col(FlowField.DURATION.column()).multiply(1e9)).cast(DataTypes.LongType), lit(0L));
            return nanos.gt(l.nanos());
        }
        if (c instanceof Condition.Uid u) {
            return col(UID).isin(u.uids().toArray());
        }
        if (c instanceof Condition.Row r) {
            return col(UID).equalTo(r.uid());
        }
        if (c instanceof Condition.Where w) {
            return match(col(w.field().column()), w.field().type(), w.match(), w.field().column());
        }
        throw new InvalidArgumentException(c.getClass().getSimpleName() + ": this step has no Spark form; "
                + "navigate between one machine's queries, and on Spark filter the flows and resets themselves");
    }

    /** A condition about the reset itself, on a row of the resets. */
    private static Column reset(Condition c) {
        if (c instanceof Condition.ResetIs is) {
            String column = switch (is.attribute()) {
                case STAGE -> ResetField.STAGE.column();
                case CAUSE -> ResetField.CAUSE.column();
                case SENDER -> ResetField.SENDER.column();
                case ORIGIN -> ResetField.ORIGIN.column();
                case VERDICT -> ResetField.VERDICT.column();
            };
            return col(column).isin(is.values().stream().map(Enum::name).toArray());
        }
        Column verdict = col(ResetField.VERDICT.column());
        Column origin = col(ResetField.ORIGIN.column());
        if (c instanceof Condition.Spoofed) {
            return verdict.equalTo(Verdict.FORGED.name()).or(origin.equalTo(Origin.MIDDLEBOX.name()));
        }
        if (c instanceof Condition.Genuine) {
            return verdict.equalTo(Verdict.GENUINE.name()).and(origin.notEqual(Origin.MIDDLEBOX.name()));
        }
        throw new IllegalStateException(c.text() + " is not about a reset");
    }

    /**
     * Whether the address in the hidden columns {@code hi}, {@code lo} (sign bit flipped, so that
     * Spark's signed order is the addresses' unsigned one) is in the block: a block of /64 or longer fixes
     * the upper half and is a range of the lower; a shorter one is a range of the upper half.
     */
    private static Column inBlock(String hi, String lo, Cidr cidr) {
        if (cidr.prefix() >= 64) {
            return col(hi).equalTo(SparkCapture.flip(cidr.hi()))
                    .and(col(lo).between(SparkCapture.flip(cidr.lo()), SparkCapture.flip(cidr.lastLo())));
        }
        return col(hi).between(SparkCapture.flip(cidr.hi()), SparkCapture.flip(cidr.lastHi()));
    }

    /** {@code match} on {@code c}, a column of type {@code type}: true or false, never null. */
    static Column match(Column c, ColumnType type, Match match, String name) {
        return coalesce(test(c, type, match, name), lit(false));
    }

    private static Column test(Column c, ColumnType type, Match match, String name) {
        if (match instanceof Match.And a) {
            return match(c, type, a.left(), name).and(match(c, type, a.right(), name));
        }
        if (match instanceof Match.Or o) {
            return match(c, type, o.left(), name).or(match(c, type, o.right(), name));
        }
        if (match instanceof Match.Not n) {
            return not(match(c, type, n.match(), name));
        }
        if (match instanceof Match.Presence p) {
            return p.present() ? c.isNotNull() : c.isNull();
        }
        if (match instanceof Match.Compare m) {
            Object v = m.value();
            return switch (m.op()) {
                case EQ -> c.equalTo(v);
                case NE -> c.notEqual(v);
                case GT -> c.gt(v);
                case GE -> c.geq(v);
                case LT -> c.lt(v);
                case LE -> c.leq(v);
            };
        }
        if (match instanceof Match.In in) {
            Column any = lit(false);
            for (Object v : in.values()) {
                // A text value against a column of another type compares as the column's text, as one machine does.
                any = any.or(v instanceof String s && type != ColumnType.STRING
                        ? c.cast(DataTypes.StringType).equalTo(s) : c.equalTo(v));
            }
            return any;
        }
        if (match instanceof Match.Text t) {
            Column text = type == ColumnType.STRING ? c : c.cast(DataTypes.StringType);
            return switch (t.op()) {
                case CONTAINS -> text.contains(t.text());
                case STARTS_WITH -> text.startsWith(t.text());
                // The whole value, as Java's Matcher.matches(): anchored at both ends.
                case MATCHES -> text.rlike("^(?:" + t.text() + ")\\z");
            };
        }
        if (match instanceof Match.Test t) {
            throw new InvalidArgumentException("where(" + name + ", " + t + "): a test written in Java runs on one "
                    + "machine only; on Spark use eq, ne, gt, ge, lt, le, in, contains, startsWith, matches, missing or present");
        }
        throw new IllegalStateException("unknown match " + match);
    }

    private static Column all(List<Column> tests) {
        Column out = tests.get(0);
        for (int i = 1; i < tests.size(); i++) {
            out = out.and(tests.get(i));
        }
        return out;
    }

    static scala.collection.immutable.Seq<String> seq(String... names) {
        return scala.jdk.javaapi.CollectionConverters.asScala(List.of(names)).toList();
    }
}
