"""Kernel latency, dlkernel beside ipykernel, through the same raw ZeroMQ client.

- start-up: from launching the process to its kernel_info_reply (the request is sent at once;
  ZeroMQ holds it until the kernel binds, retrying the connection every 5 ms), median of 10 launches;
- round trip: from sending a trivial execute_request to receiving its execute_reply, median of
  500 requests on one running kernel, after 50 unmeasured ones.

Prints one JSON line per kernel. Run with the virtualenv's Python (it has pyzmq, jupyter_client
and ipykernel): .venv/bin/python bench/kernel.py
"""
import json, os, socket, statistics, subprocess, sys, tempfile, time, uuid

import zmq
from jupyter_client.session import Session

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNELS = {
    "dlkernel": ([os.path.join(ROOT, ".build/release/dlkernel"), "-f"], "1"),
    "ipykernel": ([sys.executable, "-m", "ipykernel_launcher", "-f"], "pass"),
}


def free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


class Kernel:
    """A kernel process and a DEALER socket on its shell channel."""

    def __init__(self, argv, folder):
        shell, iopub, stdin, control, hb = free_ports(5)
        key = uuid.uuid4().hex
        path = os.path.join(folder, f"kernel-{uuid.uuid4().hex}.json")
        with open(path, "w") as file:
            json.dump({"transport": "tcp", "ip": "127.0.0.1", "shell_port": shell, "iopub_port": iopub,
                       "stdin_port": stdin, "control_port": control, "hb_port": hb, "key": key,
                       "signature_scheme": "hmac-sha256", "kernel_name": "bench"}, file)
        self.session = Session(key=key.encode(), signature_scheme="hmac-sha256")
        self.context = zmq.Context()
        self.shell = self.context.socket(zmq.DEALER)
        self.shell.linger = 0
        self.control = self.context.socket(zmq.DEALER)
        self.control.linger = 0
        # The client connects before the kernel binds; retry every 5 ms rather than ZeroMQ's
        # default 100, so the wait measures the kernel, not the client's back-off.
        for channel in (self.shell, self.control):
            channel.reconnect_ivl = 5
        self.started = time.perf_counter()
        self.process = subprocess.Popen(argv + [path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.shell.connect(f"tcp://127.0.0.1:{shell}")
        self.control.connect(f"tcp://127.0.0.1:{control}")

    def request(self, msg_type, content, socket=None, timeout=30):
        socket = socket or self.shell
        message = self.session.msg(msg_type, content)
        self.session.send(socket, message)
        if not socket.poll(timeout * 1000):
            raise TimeoutError(f"no reply to {msg_type}")
        _, reply = self.session.feed_identities(socket.recv_multipart())
        return self.session.deserialize(reply)

    def close(self):
        try:
            self.request("shutdown_request", {"restart": False}, socket=self.control, timeout=5)
            self.process.wait(timeout=5)
        except Exception:
            self.process.kill()
            self.process.wait()
        self.context.destroy(linger=0)


def measure(name, argv, code):
    with tempfile.TemporaryDirectory() as folder:
        startups = []
        for _ in range(11):
            kernel = Kernel(argv, folder)
            kernel.request("kernel_info_request", {})
            startups.append((time.perf_counter() - kernel.started) * 1000)
            kernel.close()
        kernel = Kernel(argv, folder)
        kernel.request("kernel_info_request", {})
        execute = {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                   "allow_stdin": False, "stop_on_error": True}
        trips = []
        for n in range(550):
            started = time.perf_counter()
            reply = kernel.request("execute_request", execute)
            if n >= 50:
                trips.append((time.perf_counter() - started) * 1000)
            assert reply["content"]["status"] == "ok", reply["content"]
        kernel.close()
    return {"kernel": name, "startup_ms": statistics.median(startups[1:]), "round_trip_ms": statistics.median(trips)}


if __name__ == "__main__":
    for name, (argv, code) in KERNELS.items():
        print(json.dumps(measure(name, argv, code)), flush=True)
