"""Drives the installed rstscope kernel through jupyter_client, as a notebook or console would.

usage: JUPYTER_PATH=... /usr/bin/python3 kernel_client.py SMALL_CAPTURE BIG_CAPTURE

Prints one JSON object per check: {"check": name, "ok": bool, "detail": ...}. The JUnit test
JupyterKernelE2ETest runs it and asserts every check.
"""
import json
import os
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


def interrupt_after(km, kc, code, delay):
    """Starts code, interrupts it after delay seconds; returns (reply content, seconds to the reply)."""
    msg_id = kc.execute(code)
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


def main():
    t0 = time.time()
    km, kc = start_new_kernel(kernel_name="rstscope", startup_timeout=60)
    startup = time.time() - t0
    info = kc.kernel_info(reply=True, timeout=10)["content"]
    report("kernel_info", info.get("status") == "ok" and info["language_info"]["name"] == "java"
           and info.get("implementation") == "rstscope", {"seconds": round(startup, 3), "content": info})
    report("startup_under_2s", startup < 2.0, {"seconds": round(startup, 3)})

    run(kc, "1 + 1")
    run(kc, "2 + 2")
    times = []
    for _ in range(5):
        t = time.time()
        content, outputs = run(kc, "3 * 7")
        times.append(time.time() - t)
    warm = sorted(times)[len(times) // 2]
    report("warm_cell_under_100ms", warm < 0.1 and result_data(outputs).get("text/plain") == "21",
           {"median_seconds": round(warm, 4)})

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
    report("interrupt_busy_loop", reply["status"] == "error" and reply["ename"] == "Interrupted" and seconds < 1.0
           and result_data(outputs).get("text/plain") == "42", {"seconds": round(seconds, 3), "reply": reply})

    reply, seconds = interrupt_after(km, kc, "var big = open(\"" + BIG + "\")", 0.5)
    after, outputs = run(kc, "current.toString()")
    report("interrupt_long_open", reply["status"] == "error" and reply["ename"] == "Interrupted" and seconds < 1.0
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
    content, outputs = run(kc, "current == null")
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


if __name__ == "__main__":
    main()
