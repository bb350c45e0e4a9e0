package io.rstscope.query;

import static io.rstscope.Rst.contains;
import static io.rstscope.Rst.eq;
import static io.rstscope.Rst.gt;
import static io.rstscope.Rst.matches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rstscope.Capture;
import io.rstscope.RstscopeException;
import io.rstscope.flow.ConnState;
import io.rstscope.reset.Cause;
import io.rstscope.reset.Origin;
import io.rstscope.reset.Sender;
import io.rstscope.reset.Stage;
import io.rstscope.reset.Verdict;
import io.rstscope.store.Col;
import io.rstscope.store.FlowField;
import io.rstscope.store.ResetField;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad arguments fail at the step, with a message that names the value and what was expected. */
class ArgumentsTest {

    static final Capture CAP = Recorded.scenario("closed-port", "client");

    @Test
    void should_name_the_port_and_the_range_when_the_port_is_out_of_range() {
        assertThatThrownBy(() -> CAP.flows().port(70000)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("port(70000): expected a TCP port 0..65535");
        assertThatThrownBy(() -> CAP.resets().port(-1)).hasMessage("port(-1): expected a TCP port 0..65535");
    }

    @Test
    void should_say_what_is_wrong_when_a_cidr_is_not_one() {
        assertThatThrownBy(() -> CAP.flows().host("10.0.0.0/33")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("host(\"10.0.0.0/33\"): expected an IP address or a CIDR block such as 10.0.0.0/8 or "
                        + "2001:db8::/32, but prefix length 33 is outside 0..32 for IPv4");
        assertThatThrownBy(() -> CAP.flows().client("10.0.300.1"))
                .hasMessage("client(\"10.0.300.1\"): expected an IP address or a CIDR block such as 10.0.0.0/8 or "
                        + "2001:db8::/32, but 300 is more than 255");
        assertThatThrownBy(() -> CAP.flows().server("10.1.2.3/8"))
                .hasMessage("server(\"10.1.2.3/8\"): expected an IP address or a CIDR block such as 10.0.0.0/8 or "
                        + "2001:db8::/32, but the address has bits set beyond the /8 prefix; did you mean 10.0.0.0/8?");
        assertThatThrownBy(() -> CAP.flows().host("fd77::1::2"))
                .hasMessage("host(\"fd77::1::2\"): expected an IP address or a CIDR block such as 10.0.0.0/8 or "
                        + "2001:db8::/32, but '::' appears more than once");
        assertThatThrownBy(() -> CAP.flows().host("example.com")).hasMessageContaining("'example.com' has 2 dot-separated parts, not 4");
    }

    @Test
    void should_suggest_the_closest_field_when_a_field_is_misspelt() {
        assertThatThrownBy(() -> CAP.flows().where("durration", gt(5)))
                .isInstanceOf(UnknownFieldException.class)
                .hasMessageStartingWith("where(\"durration\"): flows has no field \"durration\"; did you mean \"duration\"? "
                        + "Fields: ts, uid, orig_h, orig_p,");
        assertThatThrownBy(() -> CAP.resets().groupBy("casue"))
                .hasMessageStartingWith("groupBy(\"casue\"): resets has no field \"casue\"; did you mean \"cause\"?");
        assertThatThrownBy(() -> CAP.flows().where("zzz", gt(5)))
                .hasMessageStartingWith("where(\"zzz\"): flows has no field \"zzz\". Fields: ts, uid,");
        UnknownFieldException e = catchUnknown(() -> CAP.flows().top(3, "histroy"));
        assertThat(e.field()).isEqualTo("histroy");
        assertThat(e.suggestion()).isEqualTo("history");
    }

    @Test
    void should_name_the_table_to_navigate_to_when_a_field_of_another_table_is_given() {
        assertThatThrownBy(() -> CAP.flows().where(ResetField.CAUSE, eq("PORT_CLOSED")))
                .hasMessage("where(ResetField.CAUSE): flows has no field cause; did you mean rst_cause? "
                        + "cause is a field of resets: navigate first, e.g. .resets()");
        // A column both tables have is taken as this table's.
        assertThat(CAP.resets().where(FlowField.RESP_P, eq(7020)).count()).isEqualTo(1);
    }

    @Test
    void should_name_the_table_and_the_closest_field_when_a_common_name_is_not_a_column_of_the_table() {
        assertThatThrownBy(() -> CAP.resets().groupBy(Col.DURATION))
                .isInstanceOf(UnknownFieldException.class)
                .hasMessage("groupBy(DURATION): resets has no field duration. duration is a field of flows: navigate "
                        + "first, e.g. .flows()");
        assertThatThrownBy(() -> CAP.flows().where(Col.CAUSE, eq("PORT_CLOSED")))
                .hasMessage("where(CAUSE): flows has no field cause; did you mean RST_CAUSE? cause is a field of "
                        + "resets: navigate first, e.g. .resets()");
        assertThatThrownBy(() -> CAP.flows().groupBy(Col.TTL))
                .hasMessage("groupBy(TTL): flows has no field ttl; did you mean ORIG_TTL? ttl is a field of resets "
                        + "and packets: navigate first, e.g. .resets()");
        assertThatThrownBy(() -> CAP.packets().groupBy(Col.KIND))
                .hasMessage("groupBy(KIND): packets has no field kind. kind is a column of the issues() table only");
    }

    @Test
    void should_take_constants_as_text_in_any_case_when_an_enum_filter_is_given_names() {
        assertThat(CAP.resets().cause("PORT_CLOSED").toString()).isEqualTo(CAP.resets().cause(Cause.PORT_CLOSED).toString());
        assertThat(CAP.resets().cause("port_closed", " Firewall_Reject ").count())
                .isEqualTo(CAP.resets().cause(Cause.PORT_CLOSED, Cause.FIREWALL_REJECT).count());
        assertThat(CAP.resets().stage("handshake").count()).isEqualTo(CAP.resets().stage(Stage.HANDSHAKE).count());
        assertThat(CAP.resets().sender("server").count()).isEqualTo(CAP.resets().sender(Sender.SERVER).count());
        assertThat(CAP.resets().origin("endpoint").count()).isEqualTo(CAP.resets().origin(Origin.ENDPOINT).count());
        assertThat(CAP.resets().verdict("genuine").count()).isEqualTo(CAP.resets().verdict(Verdict.GENUINE).count());
        assertThat(CAP.flows().state("rej").count()).isEqualTo(CAP.flows().state(ConnState.REJ).count());
    }

    @Test
    void should_suggest_the_closest_constant_when_a_name_given_as_text_is_misspelt() {
        assertThatThrownBy(() -> CAP.resets().cause("PORT_CLOSD")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("cause(\"PORT_CLOSD\"): no cause is called PORT_CLOSD; did you mean PORT_CLOSED? "
                        + "Expected one of PORT_CLOSED, FIREWALL_REJECT,");
        assertThatThrownBy(() -> CAP.flows().state("REJECTED"))
                .hasMessageStartingWith("state(\"REJECTED\"): no state is called REJECTED; did you mean REJ? Expected one of S0, S1,");
        assertThatThrownBy(() -> CAP.resets().verdict("maybe"))
                .hasMessage("verdict(\"maybe\"): no verdict is called maybe. Expected one of GENUINE, SUSPICIOUS, FORGED");
    }

    @Test
    void should_name_the_field_type_when_a_match_does_not_fit_it() {
        assertThatThrownBy(() -> CAP.flows().where(FlowField.DURATION, eq("long")))
                .hasMessage("where(duration, eq(\"long\")): duration is a double field; expected a number, got \"long\"");
        assertThatThrownBy(() -> CAP.flows().where(FlowField.HISTORY, gt(3)))
                .hasMessage("where(history, gt(3)): history is a text field; expected a text (or an enum constant), got 3");
        assertThatThrownBy(() -> CAP.flows().where(FlowField.TS_NEGOTIATED, gt(true)))
                .hasMessage("where(ts_negotiated, gt(true)): ts_negotiated is a bool; expected eq(true|false) or ne(..)");
        assertThatThrownBy(() -> matches("(")).hasMessageStartingWith("matches(\"(\"): expected a regular expression, ");
        assertThatThrownBy(() -> eq(null)).hasMessage("eq(null): expected a number, a text, a boolean or an enum "
                + "constant; ask for missing values with missing()");
        assertThatThrownBy(() -> CAP.flows().where("history", null))
                .hasMessage("where(history, null): expected a match such as eq(..), gt(..), in(..) or missing()");
    }

    @Test
    void should_list_the_choices_when_a_vocabulary_step_gets_nothing() {
        assertThatThrownBy(() -> CAP.flows().stage())
                .hasMessage("stage(): expected at least one of HANDSHAKE, POST_HANDSHAKE, DATA_TRANSFER, TEARDOWN, MIDSTREAM, STRAY");
        assertThatThrownBy(() -> CAP.flows().stage((Stage) null))
                .hasMessage("stage(null): expected one of HANDSHAKE, POST_HANDSHAKE, DATA_TRANSFER, TEARDOWN, MIDSTREAM, STRAY");
    }

    @Test
    void should_reject_a_range_backwards_or_unreadable_when_between_is_asked() {
        assertThatThrownBy(() -> CAP.flows().between("2026-11-24T04:25:46", "2026-11-24T04:25:43"))
                .hasMessage("between(2026-11-24T04:25:46Z, 2026-11-24T04:25:43Z): expected from <= to, but from is PT3S after to");
        assertThatThrownBy(() -> CAP.flows().between("yesterday", "2026-11-24T04:25:43"))
                .hasMessage("between(\"yesterday\"): expected an ISO-8601 time such as 2026-11-23T10:25:17Z or "
                        + "2026-11-23T10:25:17.5 (UTC)");
    }

    @Test
    void should_reject_negative_durations_and_limits() {
        assertThatThrownBy(() -> CAP.flows().longerThan(Duration.ofSeconds(-1)))
                .hasMessage("longerThan(PT-1S): expected a duration of 0 or more");
        assertThatThrownBy(() -> CAP.flows().longerThan(Double.NaN)).hasMessage("longerThan(NaN): expected seconds, 0 or more");
        assertThatThrownBy(() -> CAP.flows().limit(-2)).hasMessage("limit(-2): expected a number of rows, 0 or more");
        assertThatThrownBy(() -> CAP.flows().uid()).hasMessage("uid(): expected at least one connection uid");
    }

    @Test
    void should_fail_at_the_step_and_not_at_the_terminal_when_an_argument_is_bad() {
        FlowQuery ok = CAP.flows().withReset();
        assertThatThrownBy(() -> ok.where("nope", contains("x"))).isInstanceOf(RstscopeException.class);
        assertThat(ok.count()).isEqualTo(1);
    }

    private static UnknownFieldException catchUnknown(Runnable r) {
        try {
            r.run();
        } catch (UnknownFieldException e) {
            return e;
        }
        throw new AssertionError("no UnknownFieldException");
    }
}
