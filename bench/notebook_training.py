"""A fast, long training in a notebook beside the same script in dlrepl: a 10,000-epoch XOR
training (2-4-1 network, full batch), run through jupyter_client on the installed kernel, and
the time, iopub messages and bytes it cost; then the same code run by dlrepl on a pipe.

Prints one JSON line. Run with the virtualenv's Python: .venv/bin/python bench/notebook_training.py
"""
import json, os, subprocess, sys, tempfile, time

from jupyter_client.manager import start_new_kernel

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CODE = "data gate = xor\nmodel xornet { dense 4 tanh; dense 1 sigmoid }\ntrain xornet on gate epochs 10000 batch full\n"


def through_kernel(folder):
    subprocess.run([os.path.join(ROOT, ".build/release/dlkernel"), "install", "--prefix", folder], check=True,
                   stdout=subprocess.DEVNULL)
    os.environ["JUPYTER_PATH"] = os.path.join(folder, "share", "jupyter")
    os.environ["DLKERNEL_HISTORY"] = os.path.join(folder, "history")
    manager, client = start_new_kernel(kernel_name="dl")
    try:
        client.execute_interactive("print 1", timeout=30, output_hook=lambda message: None)
        started = time.perf_counter()
        msg_id = client.execute(CODE)
        messages, idle = [], False
        while not idle:
            message = client.get_iopub_msg(timeout=300)
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            messages.append(message)
            idle = message["msg_type"] == "status" and message["content"]["execution_state"] == "idle"
        seconds = time.perf_counter() - started
        return seconds, len(messages), sum(len(json.dumps(m["content"])) for m in messages)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def through_repl(folder):
    path = os.path.join(folder, "xor.dl")
    with open(path, "w") as file:
        file.write(CODE)
    started = time.perf_counter()
    subprocess.run([os.path.join(ROOT, ".build/release/dlrepl"), path], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main():
    with tempfile.TemporaryDirectory() as folder:
        seconds, messages, size = through_kernel(folder)
        repl = min(through_repl(folder) for _ in range(3))
    print(json.dumps({"bench": "notebook_training", "epochs": 10000, "kernel_seconds": seconds, "messages": messages,
                      "iopub_bytes": size, "dlrepl_seconds": repl}))


if __name__ == "__main__":
    sys.exit(main())
