"""What an adversarial sweep found, each through real clients: replayed messages, floods on the
stdin socket, oversized messages, junk that would flood the log, the stop_on_error race,
statements sent as user_expressions, and code nested deep enough to overflow a stack."""
from __future__ import annotations

import time
import unittest
import uuid

import zmq
from jupyter_client.session import Session

import support
from test_protocol import KernelTestCase


def rss_mb(pid: int) -> float:
    """The resident memory of process `pid`, in MB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for {pid}")


class Wire(KernelTestCase):
    def raw_socket(self, port_name: str) -> zmq.Socket:
        socket = zmq.Context.instance().socket(zmq.DEALER)
        socket.linger = 0
        info = self.km.get_connection_info()
        socket.connect(f"{info['transport']}://{info['ip']}:{info[port_name]}")
        self.addCleanup(socket.close)
        return socket

    def pid(self) -> int:
        return self.km.provisioner.process.pid

    def test_a_replayed_execute_request_runs_once_even_from_another_identity(self) -> None:
        session = Session(key=self.km.session.key, signature_scheme="hmac-sha256")
        marker = f"replayed-{uuid.uuid4().hex}"
        message = session.msg("execute_request", {"code": f'print "{marker}"', "silent": False,
                                                  "store_history": False})
        frames = session.serialize(message)
        first, second = self.raw_socket("shell_port"), self.raw_socket("shell_port")
        first.send_multipart(frames)
        self.assertTrue(first.poll(10_000), "the first copy is answered")
        first.recv_multipart()
        second.send_multipart(frames)
        first.send_multipart(frames)
        self.assertFalse(second.poll(1000), "a replay is not answered")
        self.assertFalse(first.poll(200))
        printed = 0
        while self.kc.iopub_channel.msg_ready():
            output = self.kc.get_iopub_msg(timeout=1)
            printed += output["content"].get("text", "").count(marker)
        self.assertEqual(printed, 1)
        self.assertIn("signature was seen before", self.kernel_log())
        self.assert_alive()

    def test_what_is_sent_to_stdin_is_read_and_dropped(self) -> None:
        socket = self.raw_socket("stdin_port")
        self.assert_alive()
        before = rss_mb(self.pid())
        chunk = b"x" * (1 << 20)
        for _ in range(300):  # 300 MB that nobody asked for
            socket.send_multipart([b"<IDS|MSG>", b"", b"{}", b"{}", b"{}", chunk])
        time.sleep(2)
        self.assert_alive()
        self.assertLess(rss_mb(self.pid()) - before, 64, "stdin does not keep what it is sent")

    def test_a_message_past_the_size_limit_is_refused_without_taking_its_memory(self) -> None:
        socket = self.raw_socket("shell_port")
        self.assert_alive()
        before = rss_mb(self.pid())
        socket.send_multipart([b"<IDS|MSG>", b"", b"{}", b"{}", b"{}", b"y" * (200 << 20)])
        time.sleep(2)
        self.assert_alive()
        self.assertLess(rss_mb(self.pid()) - before, 100)

    def test_a_flood_of_junk_writes_a_bounded_log(self) -> None:
        socket = self.raw_socket("shell_port")
        for index in range(20_000):
            socket.send_multipart([b"junk %d" % index])
        self.assert_alive()
        time.sleep(1.1)  # the next second's first drop says how many went unlogged
        socket.send_multipart([b"one more"])
        self.assert_alive()
        log = self.kernel_log()
        dropped = [line for line in log.splitlines() if "dropped" in line]
        self.assertLess(len(dropped), 200, f"{len(dropped)} lines")
        self.assertLess(len(log), 40_000)
        self.assertIn("more dropped messages before it, not logged", log)


class StopOnErrorRace(KernelTestCase):
    def test_a_cell_sent_after_the_failed_reply_and_idle_always_runs(self) -> None:
        for attempt in range(300):
            failing = self.kc.execute("nope + 1")
            self.assertEqual(support.reply_to(self.kc, failing)["content"]["status"], "error")
            support.iopub_until_idle(self.kc, failing)
            after = self.kc.execute("1")
            reply = support.reply_to(self.kc, after)
            self.assertEqual(reply["content"]["status"], "ok", f"attempt {attempt}")
            support.iopub_until_idle(self.kc, after)


class UserExpressions(KernelTestCase):
    def test_statements_are_refused_and_do_not_run(self) -> None:
        self.execute("data toy = moons 2000\nmodel m { dense 16 relu; dense 2 softmax }")
        started = time.monotonic()
        reply, _ = self.execute("w = 6", user_expressions={
            "train": "train m on toy epochs 500 batch 1", "let": "let z = 1", "value": "w * 7"})
        self.assertLess(time.monotonic() - started, 5, "the training did not run")
        expressions = reply["content"]["user_expressions"]
        for name in ("train", "let"):
            self.assertEqual(expressions[name]["status"], "error")
            self.assertIn("only an expression can be evaluated here", expressions[name]["evalue"])
        self.assertEqual(expressions["value"]["data"]["text/plain"], "42")
        reply, _ = self.execute("z")
        self.assertEqual(reply["content"]["status"], "error", "let z did not run")


class DeepCode(KernelTestCase):
    def test_deep_nesting_is_an_error_and_the_kernel_lives(self) -> None:
        msg_id = self.kc.is_complete("(" * 100_000)
        self.assertEqual(support.reply_to(self.kc, msg_id)["content"]["status"], "incomplete")
        msg_id = self.kc.is_complete("let x = " + "-" * 100_000 + "1")
        self.assertEqual(support.reply_to(self.kc, msg_id)["content"]["status"], "invalid")
        reply, _ = self.execute("let x = " + "+".join(["1"] * 3000))
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("nests more than 200 levels deep", reply["content"]["evalue"])
        self.assert_alive()


if __name__ == "__main__":
    unittest.main()
