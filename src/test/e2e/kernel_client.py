"""Drives the installed rstscope kernel through jupyter_client, as a notebook or console would.

usage: JUPYTER_PATH=... /usr/bin/python3 kernel_client.py SMALL_CAPTURE BIG_CAPTURE

Prints one JSON object per check: {"check": name, "ok": bool, "detail": ...}. The JUnit test
JupyterKernelE2ETest runs it and asserts every check.
"""
import json
import os
import re
import subprocess
import sys
import time

from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session

SMALL, BIG = sys.argv[1], sys.argv[2]


def report(check, ok, detail=None):
    print(json.dumps({"check": check, "ok": bool(ok), "detail": detail}), flush=True)


def run(kc, code, timeout=30, stdin_hook=None):
    outputs = []
    kwargs = {}
    if stdin_hook is not None:
        kwargs["stdin_hook"] = stdin_hook
        kwargs["allow_stdin"] = True
    reply = kc.execute_interactive(code, timeout=timeout,
                                   output_hook=lambda m: outputs.append((m["msg_type"], m["content"])), **kwargs)
    return reply["content"], outputs


def result_data(outputs):
    for kind, content in outputs:
        if kind == "execute_result":
            return content["data"]
    return {}


def reply_to(kc, msg_id):
    while True:
        reply = kc.get_shell_msg(timeout=10)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]


def started(kc, code):
    """Runs code after it has printed that it started (one snippet, so compiling is over by then);
    returns its msg_id once the line has come: a loaded machine may compile longer than any fixed delay."""
    msg_id = kc.execute("{ System.out.println(\"cell started\"); " + code + " }")
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            m = kc.get_iopub_msg(timeout=max(0.05, deadline - time.time()))
        except Exception:
            break
        if (m["msg_type"] == "stream" and m["parent_header"].get("msg_id") == msg_id
                and "cell started" in m["content"]["text"]):
            break
    return msg_id


def interrupt_after(km, kc, code, delay, wait_for_start=False):
    """Starts code, interrupts it after delay seconds (counted from when its code started, if
    wait_for_start); returns (reply content, seconds to the reply)."""
    msg_id = started(kc, code) if wait_for_start else kc.execute(code)
    time.sleep(delay)
    t0 = time.time()
    km.interrupt_kernel()
    while True:
        reply = kc.get_shell_msg(timeout=10)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"], time.time() - t0


def kernel_pid(km):
    provisioner = getattr(km, "provisioner", None)
    process = getattr(provisioner, "process", None) if provisioner is not None else None
    return process.pid if process is not None else km.kernel.pid


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead for our purpose
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split()[2] != "Z"
    except OSError:
        return False


def raw_reply(kc, msg_id, timeout=10):
    """The shell reply to msg_id, or None when none comes within timeout."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            reply = kc.get_shell_msg(timeout=max(0.05, deadline - time.time()))
        except Exception:
            return None
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply
    return None


def iopub_until_idle(kc, msg_id, timeout=10):
    """The iopub messages (of any parent) up to the idle status of msg_id."""
    seen = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            m = kc.get_iopub_msg(timeout=max(0.05, deadline - time.time()))
        except Exception:
            break
        seen.append(m)
        if (m["msg_type"] == "status" and m["content"].get("execution_state") == "idle"
                and m["parent_header"].get("msg_id") == msg_id):
            break
    return seen


def drain_iopub(kc):
    while True:
        try:
            kc.get_iopub_msg(timeout=0.2)
        except Exception:
            return


def interrupt_on_shell_after(kc, code, delay):
    """Starts code, sends interrupt_request on the shell channel after delay seconds; returns
    (execute reply content, seconds to it, interrupt reply content or None)."""
    msg_id = started(kc, code)
    time.sleep(delay)
    t0 = time.time()
    interrupt = kc.session.msg("interrupt_request", {})
    kc.shell_channel.send(interrupt)
    execute_reply, interrupt_reply, seconds = None, None, None
    deadline = time.time() + 10
    while time.time() < deadline and (execute_reply is None or interrupt_reply is None):
        try:
            m = kc.get_shell_msg(timeout=max(0.05, deadline - time.time()))
        except Exception:
            break
        parent = m["parent_header"].get("msg_id")
        if parent == msg_id:
            execute_reply, seconds = m["content"], time.time() - t0
        elif parent == interrupt["header"]["msg_id"]:
            interrupt_reply = m["content"]
    return execute_reply, seconds, interrupt_reply


def main():
    t0 = time.time()
    stderr_log = open(os.environ.get("RSTSCOPE_KERNEL_STDERR", os.devnull), "w")
    km, kc = start_new_kernel(kernel_name="rstscope", startup_timeout=60, stderr=stderr_log)
    startup = time.time() - t0
    info = kc.kernel_info(reply=True, timeout=10)["content"]
    report("kernel_info", info.get("status") == "ok" and info["language_info"]["name"] == "java"
           and info.get("implementation") == "rstscope", {"seconds": round(startup, 3), "content": info})

    run(kc, "1 + 1", timeout=120)  # the first cell waits for the session to start
    run(kc, "2 + 2")
    times = []
    for _ in range(5):
        t = time.time()
        content, outputs = run(kc, "3 * 7")
        times.append(time.time() - t)
    warm = sorted(times)[len(times) // 2]
    # Start-up and warm-cell times are figures (printed below, per JDK), not pass/fail checks.
    report("warm_cell", result_data(outputs).get("text/plain") == "21", {"median_seconds": round(warm, 4)})

    content, outputs = run(kc, "%open " + SMALL)
    opened = result_data(outputs).get("text/plain", "")
    content2, outputs2 = run(kc, "packets()")
    html = result_data(outputs2).get("text/html", "")
    report("open_and_query_html_table", content["status"] == "ok" and "syn-then-rst.pcap" in opened
           and content2["status"] == "ok" and "<table" in html and "2 rows" in html,
           {"open": opened, "html": html[:300]})

    content, outputs = run(kc, "int a = 1;\nint b = nope;")
    report("compile_error_names_cell_line", content["status"] == "error" and content["ename"] == "CompileError"
           and content["evalue"].startswith("line 2, column 9:"), content)

    content, outputs = run(kc, "open(\"/no/such.pcap\")")
    report("rstscope_error_shows_message_only", content["status"] == "error"
           and content["traceback"] == ["RstscopeException: /no/such.pcap: no such file"], content)

    reply = kc.complete("Rst.op", 6, reply=True, timeout=10)["content"]
    report("complete", reply["status"] == "ok" and "open(" in reply["matches"] and reply["cursor_start"] == 4, reply)

    reply = kc.inspect("Rst.open(", 6, reply=True, timeout=10)["content"]
    report("inspect", reply["status"] == "ok" and reply["found"]
           and "open(" in reply["data"].get("text/plain", ""), reply)

    incomplete = reply_to(kc, kc.is_complete("for (int i = 0; i < 3; i++) {"))
    complete = reply_to(kc, kc.is_complete("%open trace.pcap"))
    report("is_complete", incomplete["status"] == "incomplete" and complete["status"] == "complete",
           {"incomplete": incomplete, "complete": complete})

    prompts = []

    def answer(msg):
        prompts.append(msg["content"])
        kc.input("typed text")

    content, outputs = run(kc, "new java.util.Scanner(System.in).nextLine()", stdin_hook=answer)
    report("stdin_input", content["status"] == "ok" and len(prompts) == 1
           and result_data(outputs).get("text/plain") == "\"typed text\"", {"reply": content, "prompts": prompts})

    reply, seconds = interrupt_after(km, kc, "while (true) {}", 0.5)
    after, outputs = run(kc, "40 + 2")
    report("interrupt_busy_loop", reply["status"] == "error" and reply["ename"] == "Interrupted" and seconds < 2.0
           and result_data(outputs).get("text/plain") == "42", {"seconds": round(seconds, 3), "reply": reply})
    print(json.dumps({"figures": {"java": info["language_info"]["version"], "kernel_start_seconds": round(startup, 3),
                                  "warm_cell_seconds": round(warm, 4), "interrupt_busy_loop_seconds": round(seconds, 3)}}),
          flush=True)

    reply, seconds = interrupt_after(km, kc, "var big = open(\"" + BIG + "\")", 0.5)
    after, outputs = run(kc, "current.toString()")
    report("interrupt_long_open", reply["status"] == "error" and reply["ename"] == "Interrupted" and seconds < 2.0
           and "syn-then-rst.pcap" in result_data(outputs).get("text/plain", ""),
           {"seconds": round(seconds, 3), "reply": reply})

    bad = Session(key=b"not-the-key", username=kc.session.username, session=kc.session.session)
    bad.send(kc.shell_channel.socket, "execute_request",
             {"code": "System.out.println(\"forged\")", "silent": False, "store_history": True,
              "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    time.sleep(0.2)
    good = kc.kernel_info()
    reply = kc.get_shell_msg(timeout=10)
    report("bad_signature_rejected_next_served", reply["parent_header"]["msg_id"] == good
           and reply["msg_type"] == "kernel_info_reply", {"reply_to": reply["parent_header"]["msg_id"], "sent": good})

    history = kc.history(hist_access_type="tail", n=3, reply=True, timeout=10)["content"]
    report("history", history.get("status") == "ok" and len(history["history"]) == 3
           and history["history"][-1][2] == "current.toString()", history)

    protocol_checks(km, kc)

    content, outputs = run(kc, "%open " + BIG, timeout=120)
    shown = [(k, c) for k, c in outputs if k in ("display_data", "update_display_data")]
    ids = {c.get("transient", {}).get("display_id") for k, c in shown if k == "display_data"} - {None}
    updates = [c for k, c in shown if k == "update_display_data" and c.get("transient", {}).get("display_id") in ids]
    last = updates[-1]["data"].get("text/plain", "") if updates else ""
    report("progress_display_updates_in_place", content["status"] == "ok" and len(ids) == 1 and len(updates) >= 2
           and "packets" in last, {"display_ids": sorted(ids), "updates": len(updates), "last": last})

    old_pid = kernel_pid(km)
    km.restart_kernel(now=False)
    deadline = time.time() + 10
    while alive(old_pid) and time.time() < deadline:
        time.sleep(0.05)
    kc.stop_channels()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=30)
    content, outputs = run(kc, "current == null", timeout=120)  # waits for the new session to start
    report("restart", not alive(old_pid) and kernel_pid(km) != old_pid
           and result_data(outputs).get("text/plain") == "true", {"old_pid": old_pid, "new_pid": kernel_pid(km)})

    pid = kernel_pid(km)
    connection_file = km.connection_file
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    deadline = time.time() + 10
    while alive(pid) and time.time() < deadline:
        time.sleep(0.05)
    left = subprocess.run(["pgrep", "-f", os.path.basename(connection_file)], capture_output=True, text=True).stdout.split()
    report("shutdown_leaves_no_jvm", not alive(pid) and not left, {"pid": pid, "left": left})

    stderr_log.close()
    if "RSTSCOPE_KERNEL_STDERR" in os.environ:
        with open(os.environ["RSTSCOPE_KERNEL_STDERR"]) as f:
            written = f.read()
        report("kernel_stderr_quiet", "WARNING" not in written, {"stderr": written[:2000]})


def protocol_checks(km, kc):
    """What JupyterLab, Notebook 7 and VS Code send beyond the classic notebook, and abuse of the protocol."""
    drain_iopub(kc)
    run(kc, "long spins = 0;")
    reply, seconds = interrupt_after(km, kc, "for (;;) spins++;", 0.3, wait_for_start=True)
    after, outputs = run(kc, "spins > 0")
    report("interrupt_loop_without_calls", reply["status"] == "error" and reply["ename"] == "Interrupted"
           and seconds < 2.0 and result_data(outputs).get("text/plain") == "true",
           {"seconds": round(seconds, 3), "reply": reply})

    reply, seconds = interrupt_after(km, kc, "while (true) { try { Thread.sleep(100); } catch (Throwable t) { } }", 0.3,
                                     wait_for_start=True)
    after, outputs = run(kc, "1 + 2")
    report("interrupt_loop_swallowing_interrupts", reply["status"] == "error" and reply["ename"] == "Interrupted"
           and seconds < 2.0 and result_data(outputs).get("text/plain") == "3",
           {"seconds": round(seconds, 3), "reply": reply})

    run(kc, "var server = new java.net.ServerSocket(0);")
    reply, seconds = interrupt_after(km, kc, "server.accept();", 0.3, wait_for_start=True)
    after, outputs = run(kc, "2 + 3")
    run(kc, "server.close()")
    report("interrupt_blocked_accept_says_so", reply["status"] == "error" and reply["ename"] == "Interrupted"
           and reply["evalue"].startswith("interrupted, but the cell could not be stopped: it is blocked in ")
           and seconds < 2.0 and result_data(outputs).get("text/plain") == "5",
           {"seconds": round(seconds, 3), "reply": reply})

    reply, seconds, interrupt_reply = interrupt_on_shell_after(kc, "while (true) {}", 0.3)
    after, outputs = run(kc, "3 + 4")
    report("interrupt_request_on_shell_channel", reply is not None and reply["status"] == "error"
           and reply["ename"] == "Interrupted" and seconds is not None and seconds < 2.0
           and interrupt_reply is not None and interrupt_reply.get("status") == "ok"
           and result_data(outputs).get("text/plain") == "7",
           {"seconds": seconds, "reply": reply, "interrupt_reply": interrupt_reply})

    reply = kc.comm_info(reply=True, timeout=10)["content"]
    report("comm_info_request", reply == {"status": "ok", "comms": {}}, reply)

    drain_iopub(kc)
    comm_open = kc.session.msg("comm_open", {"comm_id": "c0ffee", "target_name": "jupyter.widget", "data": {}})
    kc.shell_channel.send(comm_open)
    closed = [m for m in iopub_until_idle(kc, comm_open["header"]["msg_id"])
              if m["msg_type"] == "comm_close" and m["content"].get("comm_id") == "c0ffee"]
    report("unknown_comm_open_closed", len(closed) == 1, {"comm_close": [m["content"] for m in closed]})

    info = kc.kernel_info(reply=True, timeout=10)["content"]
    language = info.get("language_info", {})
    report("kernel_info_valid_for_5_3_to_5_5", info.get("status") == "ok"
           and info.get("protocol_version", "").startswith("5.") and info.get("implementation") == "rstscope"
           and isinstance(info.get("implementation_version"), str) and isinstance(info.get("banner"), str)
           and isinstance(info.get("help_links"), list) and info.get("supported_features") == []
           and all(isinstance(language.get(k), str) for k in ("name", "version", "mimetype", "file_extension")),
           info)

    run(kc, "int replays = 0;")
    msg = kc.session.msg("execute_request", {"code": "replays++;", "silent": False, "store_history": True,
                                             "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    frames = kc.session.serialize(msg)
    kc.shell_channel.socket.send_multipart(frames)
    first = raw_reply(kc, msg["header"]["msg_id"])
    kc.shell_channel.socket.send_multipart(frames)
    second = raw_reply(kc, msg["header"]["msg_id"], timeout=2)
    content, outputs = run(kc, "replays")
    report("replayed_message_rejected", first is not None and second is None
           and result_data(outputs).get("text/plain") == "1",
           {"first": first and first["content"], "second": second and second["content"],
            "replays": result_data(outputs)})

    missing = []
    for content in ({}, {"code": None}):
        msg = kc.session.msg("execute_request", content)
        kc.shell_channel.send(msg)
        reply = raw_reply(kc, msg["header"]["msg_id"])
        missing.append(reply and reply["content"])
    expected = {"status": "error", "ename": "ProtocolError",
                "evalue": "execute_request: the content has no \"code\" (the cell's text, a string)"}
    report("execute_without_code_is_a_protocol_error", all(r is not None and all(r.get(k) == v for k, v in expected.items())
                                                           for r in missing), missing)

    content, outputs = run(kc, "System.exit(3)")
    after, outputs = run(kc, "4 + 4")
    report("system_exit_refused", content["status"] == "error" and content["ename"] == "ExitRefused"
           and content["evalue"].startswith("System.exit(3) was refused")
           and result_data(outputs).get("text/plain") == "8", content)

    content, outputs = run(kc, "\"" + "w" * 70000 + "\".length()")
    after, outputs = run(kc, "5 + 5")
    report("string_constant_too_long_is_an_error", content["status"] == "error" and content["ename"] == "CompileError"
           and "constant string too long" in content["evalue"] and result_data(outputs).get("text/plain") == "10",
           {"reply": {k: content.get(k) for k in ("status", "ename", "evalue")}, "after": result_data(outputs)})

    drain_iopub(kc)
    first = kc.execute("new Thread(() -> { try { Thread.sleep(300); } catch (InterruptedException e) { } "
                       "System.out.println(\"from the background\"); }).start()")
    raw_reply(kc, first)
    second = kc.execute("Thread.sleep(1000)")
    raw_reply(kc, second)
    seen = iopub_until_idle(kc, second)
    streams = [(m["parent_header"].get("msg_id"), m["content"]["text"]) for m in seen if m["msg_type"] == "stream"]
    report("background_output_goes_to_the_cell_that_started_it",
           (first, "from the background\n") in streams and all(p != second for p, t in streams),
           {"first": first, "second": second, "streams": streams})

    content, outputs = run(kc, "display(\"first\", \"d1\");\nupdateDisplay(\"d1\", 6 * 7);\ndisplay(packets());\n7")
    shown = [(k, c.get("transient", {}).get("display_id"), c["data"]) for k, c in outputs
             if k in ("display_data", "update_display_data")]
    report("display_and_update_display_mid_cell", content["status"] == "ok" and len(shown) == 3
           and shown[0][0] == "display_data" and shown[0][1] == "d1" and shown[0][2].get("text/plain") == "first"
           and shown[1][0] == "update_display_data" and shown[1][1] == "d1" and shown[1][2].get("text/plain") == "42"
           and shown[2][0] == "display_data" and "<table" in shown[2][2].get("text/html", "")
           and result_data(outputs).get("text/plain") == "7", shown)

    content, outputs = run(kc, "%%time\nThread.sleep(200);\nint timed = 6 * 7;\ntimed")
    text = "".join(c["text"] for k, c in outputs if k == "stream")
    wall = re.search(r"Wall time: ([0-9.]+) (ms|s)", text)
    wall_ms = float(wall.group(1)) * (1 if wall.group(2) == "ms" else 1000) if wall else 0
    content2, outputs2 = run(kc, "%time 6 * 7")
    text2 = "".join(c["text"] for k, c in outputs2 if k == "stream")
    report("time_magics", content["status"] == "ok" and re.search(r"CPU times: user [0-9.]+ m?s, sys [0-9.]+ m?s, total [0-9.]+ m?s", text)
           and 200 <= wall_ms < 2000 and result_data(outputs).get("text/plain") == "42"
           and "Wall time: " in text2 and result_data(outputs2).get("text/plain") == "42",
           {"cell": text, "line": text2})


if __name__ == "__main__":
    main()
