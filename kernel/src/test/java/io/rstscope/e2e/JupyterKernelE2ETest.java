package io.rstscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged kernel, installed with {@code src/bin/rstscope kernel install} into a temporary
 * Jupyter path and driven by Debian's python3-jupyter-client ({@code src/test/e2e/kernel_client.py}).
 */
class JupyterKernelE2ETest {

    static Path dir;
    static final Map<String, String> checks = new LinkedHashMap<>();
    static String output;

    @BeforeAll
    static void drive() throws Exception {
        Product.requirePython("jupyter_client");
        dir = Files.createTempDirectory("rstscope-e2e-");
        String installed = Product.run(Map.of(), 300, Product.launcher().toString(), "kernel", "install", "--prefix", dir.toString());
        assertThat(installed).contains("installed kernelspec rstscope");
        Path big = Product.bigCapture(dir, 6_000_000);
        Map<String, String> env = Map.of("JUPYTER_PATH", dir.resolve("share/jupyter").toString(),
                "JUPYTER_RUNTIME_DIR", dir.resolve("runtime").toString(),
                "RSTSCOPE_KERNEL_STDERR", dir.resolve("kernel-stderr.txt").toString());
        String listed = Product.run(env, 60, "jupyter", "kernelspec", "list");
        assertThat(listed).contains("rstscope").contains(dir.toString());
        output = Product.run(env, 240, "/usr/bin/python3",
                Product.root().resolve("src/test/e2e/kernel_client.py").toString(),
                Product.smallCapture().toString(), big.toString());
        Matcher m = Pattern.compile("\\{\"check\": \"([a-z0-9_]+)\", \"ok\": (true|false)").matcher(output);
        while (m.find()) {
            checks.put(m.group(1), m.group(2));
        }
        System.out.println(output);
        Matcher f = Pattern.compile("\\{\"figures\": \\{\"java\": \"([^\"]+)\", \"kernel_start_seconds\": ([0-9.]+), "
                + "\"warm_cell_seconds\": ([0-9.]+), \"interrupt_busy_loop_seconds\": ([0-9.]+)\\}\\}").matcher(output);
        if (f.find()) {
            System.out.printf("rstscope e2e figures on Java %s (%s): kernel start %s s, warm cell %.1f ms, "
                    + "busy-loop interrupt %s s; %s%n", f.group(1), Product.java(), f.group(2),
                    Double.parseDouble(f.group(3)) * 1000, f.group(4), Product.run(Map.of(), 10, "uptime").strip());
        }
    }

    @AfterAll
    static void clean() throws Exception {
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static void passed(String check) {
        assertThat(checks).as("checks reported by kernel_client.py; its output:\n" + output).containsKey(check);
        assertThat(checks.get(check)).as(check + "; output:\n" + output).isEqualTo("true");
    }

    @Test
    void should_answer_kernel_info_with_status_and_language() {
        passed("kernel_info");
    }

    @Test
    void should_run_a_simple_cell_again_and_again_when_warm() {
        passed("warm_cell");
    }

    @Test
    void should_open_a_capture_with_the_magic_and_show_a_query_as_an_html_table() {
        passed("open_and_query_html_table");
    }

    @Test
    void should_name_the_cell_line_of_a_compile_error() {
        passed("compile_error_names_cell_line");
    }

    @Test
    void should_show_only_the_message_of_an_rstscope_error() {
        passed("rstscope_error_shows_message_only");
    }

    @Test
    void should_complete() {
        passed("complete");
    }

    @Test
    void should_inspect() {
        passed("inspect");
    }

    @Test
    void should_tell_whether_a_cell_is_complete() {
        passed("is_complete");
    }

    @Test
    void should_read_input_through_stdin() {
        passed("stdin_input");
    }

    @Test
    void should_interrupt_a_busy_loop_within_two_seconds_and_stay_usable() {
        passed("interrupt_busy_loop");
    }

    @Test
    void should_interrupt_a_long_open_within_two_seconds_and_stay_usable() {
        passed("interrupt_long_open");
    }

    @Test
    void should_interrupt_a_loop_without_calls_within_two_seconds() {
        passed("interrupt_loop_without_calls");
    }

    @Test
    void should_interrupt_a_loop_that_swallows_interrupts_within_two_seconds() {
        passed("interrupt_loop_swallowing_interrupts");
    }

    @Test
    void should_say_within_two_seconds_that_a_cell_blocked_in_accept_could_not_be_stopped_and_stay_usable() {
        passed("interrupt_blocked_accept_says_so");
    }

    @Test
    void should_interrupt_at_once_when_the_interrupt_request_comes_on_the_shell_channel() {
        passed("interrupt_request_on_shell_channel");
    }

    @Test
    void should_answer_comm_info_with_no_comms() {
        passed("comm_info_request");
    }

    @Test
    void should_close_a_comm_opened_for_an_unknown_target() {
        passed("unknown_comm_open_closed");
    }

    @Test
    void should_answer_kernel_info_valid_for_protocol_5_3_to_5_5() {
        passed("kernel_info_valid_for_5_3_to_5_5");
    }

    @Test
    void should_run_a_replayed_execute_request_once() {
        passed("replayed_message_rejected");
    }

    @Test
    void should_answer_a_protocol_error_naming_code_when_an_execute_request_has_none() {
        passed("execute_without_code_is_a_protocol_error");
    }

    @Test
    void should_refuse_system_exit_in_a_cell_and_stay_alive() {
        passed("system_exit_refused");
    }

    @Test
    void should_report_a_string_constant_too_long_and_stay_usable() {
        passed("string_constant_too_long_is_an_error");
    }

    @Test
    void should_send_what_a_background_thread_prints_to_the_cell_that_started_it() {
        passed("background_output_goes_to_the_cell_that_started_it");
    }

    @Test
    void should_display_and_update_a_display_mid_cell() {
        passed("display_and_update_display_mid_cell");
    }

    @Test
    void should_print_cpu_and_wall_time_with_the_time_magics() {
        passed("time_magics");
    }

    @Test
    void should_write_no_jvm_warning_to_the_kernel_stderr() {
        passed("kernel_stderr_quiet");
    }

    @Test
    void should_reject_a_message_with_a_bad_signature_and_serve_the_next() {
        passed("bad_signature_rejected_next_served");
    }

    @Test
    void should_answer_history_requests() {
        passed("history");
    }

    @Test
    void should_show_load_progress_that_updates_in_place_and_ends_with_the_summary() {
        passed("progress_display_updates_in_place");
    }

    @Test
    void should_restart() {
        passed("restart");
    }

    @Test
    void should_leave_no_jvm_behind_after_shutdown() {
        passed("shutdown_leaves_no_jvm");
    }
}
