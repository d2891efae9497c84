"""What the conformance suite does not check, through jupyter_client and raw ZeroMQ sockets:
status brackets, bad signatures and malformed frames, interrupts, shutdown and restart,
stop_on_error, streaming, rich output, cursors in code points, and many rapid requests."""
from __future__ import annotations

import base64
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import uuid

import zmq
from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file
from jupyter_client.manager import KernelManager, start_new_kernel
from jupyter_client.session import Session

import support


class KernelTestCase(unittest.TestCase):
    """A fresh kernel per test, its standard error kept in a file for log checks."""

    def setUp(self) -> None:
        self.log = tempfile.NamedTemporaryFile(prefix="dlkernel-", suffix=".log", delete=False)
        self.km, self.kc = start_new_kernel(kernel_name=support.KERNEL_NAME, stderr=self.log)

    def tearDown(self) -> None:
        self.kc.stop_channels()
        if self.km.is_alive():
            self.km.shutdown_kernel(now=True)
        self.log.close()
        os.unlink(self.log.name)

    def execute(self, code: str, **options) -> tuple[dict, list[dict]]:
        """Runs `code`; returns the reply and the request's iopub messages, busy to idle."""
        msg_id = self.kc.execute(code, **options)
        reply = support.reply_to(self.kc, msg_id, timeout=120)
        return reply, support.iopub_until_idle(self.kc, msg_id)

    def kernel_log(self) -> str:
        self.log.flush()
        with open(self.log.name, encoding="utf-8", errors="replace") as file:
            return file.read()

    def assert_alive(self) -> None:
        reply, outputs = self.execute('print "still here"')
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertIn("still here\n", [m["content"].get("text") for m in outputs])
        self.assertTrue(self.kc.is_alive())


class StatusAndOutput(KernelTestCase):
    def test_every_request_is_bracketed_by_busy_and_idle_after_its_reply(self) -> None:
        requests = [
            lambda: self.kc.kernel_info(),
            lambda: self.kc.execute('print "a"\n1 + 1'),
            lambda: self.kc.complete("mo", 2),
            lambda: self.kc.inspect("dense", 2),
            lambda: self.kc.is_complete("model m {"),
            lambda: self.kc.history(hist_access_type="tail", n=3),
            lambda: self.kc.comm_info(),
        ]
        for send in requests:
            msg_id = send()
            reply = support.reply_to(self.kc, msg_id)
            messages = support.iopub_until_idle(self.kc, msg_id)
            with self.subTest(request=reply["msg_type"]):
                self.assertEqual(messages[0]["msg_type"], "status")
                self.assertEqual(messages[0]["content"]["execution_state"], "busy")
                self.assertEqual([m["content"].get("execution_state") for m in messages].count("idle"), 1)
                self.assertGreaterEqual(messages[-1]["header"]["date"], reply["header"]["date"])
                self.assertIn(reply["content"]["status"], ("ok", "incomplete"))

    def test_kernel_info_describes_the_language(self) -> None:
        msg_id = self.kc.kernel_info()
        content = support.reply_to(self.kc, msg_id)["content"]
        self.assertEqual(content["protocol_version"], "5.3")
        self.assertEqual(content["implementation"], "dlkernel")
        info = content["language_info"]
        self.assertEqual((info["name"], info["file_extension"], info["mimetype"]), ("dl", ".dl", "text/x-dl"))
        self.assertEqual(info["pygments_lexer"], "dl")
        self.assertIn("codemirror_mode", info)
        self.assertIn("DL ", content["banner"])
        # JupyterLab refuses file:// links and DL has no web home: help comes from the kernel.
        self.assertEqual(content["help_links"], [])

    def test_inspection_answers_in_text_markdown_and_html(self) -> None:
        self.kc.inspect("model m { dense 8 relu }", len("model m { den"))
        reply = self.kc.get_shell_msg(timeout=10)["content"]
        self.assertTrue(reply["found"])
        data = reply["data"]
        self.assertTrue(data["text/plain"].startswith("dense <units>"), data["text/plain"])
        markdown = data["text/markdown"]
        self.assertTrue(markdown.startswith("**`dense <units>"), markdown)
        self.assertIn("- `units`: how many neurons", markdown)
        self.assertIn("Options:\n\n- `init`: how weights start", markdown)
        self.assertTrue(markdown.endswith("Example:\n\n```dl\ndense 128 relu\n```\n"), markdown)
        html = data["text/html"]
        self.assertIn("<dt><code>units</code></dt><dd>how many neurons", html)
        self.assertIn("<pre><code>dense 128 relu</code></pre>", html)
        self.assertIn("dense &lt;units&gt;", html)

    def test_execute_input_comes_first_and_counts_increase(self) -> None:
        first, outputs = self.execute('print "one"')
        self.assertEqual([m["msg_type"] for m in outputs], ["status", "execute_input", "stream", "status"])
        self.assertEqual(outputs[1]["content"]["execution_count"], first["content"]["execution_count"])
        second, _ = self.execute("2 + 2")
        self.assertEqual(second["content"]["execution_count"], first["content"]["execution_count"] + 1)

    def test_silent_cells_publish_nothing_and_do_not_count(self) -> None:
        before, _ = self.execute("x = 1")
        reply, outputs = self.execute('print "quiet"\nx = 5', silent=True)
        self.assertEqual([m["msg_type"] for m in outputs], ["status", "status"])
        self.assertEqual(reply["content"]["execution_count"], before["content"]["execution_count"])
        _, outputs = self.execute("x")
        self.assertEqual([m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"], ["5"])

    def test_user_expressions_are_evaluated_after_the_cell(self) -> None:
        reply, _ = self.execute("w = 6", user_expressions={"product": "w * 7", "broken": "nope + 1"})
        expressions = reply["content"]["user_expressions"]
        self.assertEqual(expressions["product"]["status"], "ok")
        self.assertEqual(expressions["product"]["data"]["text/plain"], "42")
        self.assertEqual(expressions["broken"]["status"], "error")
        self.assertIn("nope", expressions["broken"]["evalue"])

    def test_an_error_is_one_message_with_the_source_line_and_a_caret(self) -> None:
        reply, outputs = self.execute('print "before"\nmodel m { dense 4 relu; dnse 2 }')
        errors = [m for m in outputs if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1)
        content = errors[0]["content"]
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], content["ename"])
        self.assertIn("did you mean 'dense'?", content["evalue"])
        self.assertIn("model m { dense 4 relu; dnse 2 }", content["traceback"])
        caret = content["traceback"][content["traceback"].index("model m { dense 4 relu; dnse 2 }") + 1]
        self.assertEqual(caret.index("^"), "model m { dense 4 relu; dnse 2 }".index("dnse"))
        self.assertTrue(content["traceback"][0].startswith("cell "), content["traceback"][0])

    def test_a_long_fast_training_sends_a_bounded_table_at_most_ten_times_a_second(self) -> None:
        started = time.monotonic()
        msg_id = self.kc.execute(
            "data gate = xor\nmodel xornet { dense 4 tanh; dense 1 sigmoid }\n"
            "train xornet on gate epochs 10000 batch full"
        )
        reply = support.reply_to(self.kc, msg_id, timeout=120)
        seconds = time.monotonic() - started
        messages = support.iopub_until_idle(self.kc, msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        table = [m for m in messages if m["msg_type"] in ("display_data", "update_display_data")]
        # Before throttling, each epoch sent about four updates of the whole table (3,002 messages
        # and 435 MB for 1,000 epochs).
        self.assertLessEqual(len(table), 10 * seconds + 4, [m["msg_type"] for m in table])
        self.assertLess(sum(len(json.dumps(m["content"])) for m in messages), 200_000)
        final = table[-1]["content"]["data"]
        lines = final["text/plain"].splitlines()
        rows = [line for line in lines if line.split()[:1] and line.split()[0].isdigit()]
        self.assertEqual(len(rows), 30, final["text/plain"])
        self.assertEqual([row.split()[0] for row in rows[:3]], ["1", "2", "3"])
        self.assertEqual(rows[-1].split()[0], "10000")
        self.assertIn("… 9,970 epochs not shown", final["text/plain"])
        self.assertIn("9,970 epochs not shown", final["text/html"])
        self.assertTrue(lines[-1].startswith("finished: 10000 epochs"), lines[-1])
        # The whole history is still the model's: its 10,000th loss is there.
        reply, _ = self.execute("print xornet.loss[9999]")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])

    def test_training_streams_a_loss_table_and_progress_updated_in_place(self) -> None:
        msg_id = self.kc.execute(
            # Epochs of about 0.3 s: long enough for a progress update between two rows, which
            # updates at most ten times a second let through.
            "data toy = moons 100000\ndata few = moons 200\nmodel c { dense 64 relu; dense 64 relu; dense 2 softmax }\n"
            "train c on toy epochs 2 batch 4\nplot c.loss\nplot boundary c on few"
        )
        reply = support.reply_to(self.kc, msg_id, timeout=120)
        messages = support.iopub_until_idle(self.kc, msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        displays = [m for m in messages if m["msg_type"] in ("display_data", "update_display_data")]
        table_id = displays[0]["content"]["transient"]["display_id"]
        table = [m for m in displays if m["content"].get("transient", {}).get("display_id") == table_id]
        texts = [m["content"]["data"]["text/plain"] for m in table]
        # One live display for the whole training: started by the header, updated by every row,
        # every progress line and the footer.
        self.assertEqual(table[0]["msg_type"], "display_data")
        self.assertTrue(all(m["msg_type"] == "update_display_data" for m in table[1:]))
        # Its first state, the only one a client that ignores updates shows, says what follows.
        self.assertEqual(texts[0], "training: the loss table follows when it ends")
        header = table[0]["content"]["data"]["text/html"]
        self.assertIn("<th>epoch</th>", header)
        self.assertTrue(all(t.startswith(texts[1].splitlines()[0]) for t in texts[1:-1]), "an update lost the header")
        # The progress line shows under the table while an epoch runs ...
        progress = [t for t in texts if "epoch 1/2  batch" in t]
        self.assertTrue(progress, "no progress line under the table")
        self.assertTrue(progress[0].splitlines()[-1].startswith("epoch 1/2  batch"), progress[0])
        self.assertTrue(any("<pre>epoch 1/2  batch" in m["content"]["data"]["text/html"] for m in table))
        # ... and when training ends the live display becomes the run's line, and the finished
        # table is published once as a display of its own, which every client shows.
        self.assertRegex(texts[-1], r"^2 epochs in \d+\.\d\d\d? s$")
        finished = [m for m in displays if "transient" not in m["content"] and "text/html" in m["content"]["data"]]
        self.assertEqual(len(finished), 1, [m["content"]["data"].get("text/plain") for m in displays])
        self.assertEqual(displays[displays.index(table[-1]) + 1], finished[0], "the table follows the run's line")
        final = finished[0]["content"]["data"]
        self.assertIn("<table", final["text/html"])
        self.assertTrue(final["text/plain"].splitlines()[-1].startswith("finished: 2 epochs"), final["text/plain"])
        self.assertNotIn("batch", final["text/plain"])
        self.assertNotIn("<pre>", final["text/html"])
        for row in range(1, 3):
            self.assertTrue(any(line.split()[:1] == [str(row)] for line in final["text/plain"].splitlines()))
        # Nothing else was displayed for the training, and no display was emptied.
        other = [m for m in displays if m["content"].get("transient", {}).get("display_id") not in (None, table_id)]
        self.assertEqual(other, [])
        self.assertFalse(any(m["content"]["data"].get("text/plain", "x") == "" for m in displays))
        pictures = [m for m in messages if m["msg_type"] == "display_data" and "image/svg+xml" in m["content"]["data"]]
        self.assertEqual(len(pictures), 2)
        for picture in pictures:
            self.assertTrue(picture["content"]["data"]["image/svg+xml"].startswith("<svg"))
            self.assertTrue(picture["content"]["data"]["text/plain"].strip())
            self.assert_png_beside_svg(picture["content"]["data"])

    def assert_png_beside_svg(self, data: dict) -> None:
        """The picture as a PNG too, for notebooks that do not show SVG: the SVG's size, drawn on."""
        width, height, pixels = support.png_size_and_pixels(base64.b64decode(data["image/png"]), colour_type=2)
        svg_size = re.search(r'<svg[^>]* width="(\d+)" height="(\d+)"', data["image/svg+xml"])
        self.assertEqual((width, height), (int(svg_size[1]), int(svg_size[2])))
        rows = [pixels[row * (1 + 3 * width) + 1:(row + 1) * (1 + 3 * width)] for row in range(height)]
        self.assertEqual(len(pixels), height * (1 + 3 * width), "one filter byte and an RGB row per line")
        self.assertGreater(sum(row.count(0) for row in rows), 0, "nothing drawn in black: no text or axes")
        self.assertGreater(len({row[i:i + 3] for row in rows for i in range(0, len(row), 3)}), 2, "no colours")

    def test_each_learners_picture_is_an_svg_with_a_png_beside_it(self) -> None:
        code = (
            "seed 1\ndata toy = blobs 60 centers 3\nmodel m { dense 4 tanh; dense 3 softmax }\n"
            "train m on toy epochs 2\nplot toy\nplot sigmoid\nplot m[0].weight\nplot features m[0] on toy\n"
            "plot m.batch_loss\ndata f = fashion_mnist take 20\nmodel d { dense 4 relu; dense 10 softmax }\n"
            "train d on f epochs 1\nplot d[0].weight\nf.test[0:10]\nplot features d[0] on f.test"
        )
        reply, messages = self.execute(code)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        pictures = [m["content"]["data"] for m in messages if m["msg_type"] == "display_data" and "image/svg+xml" in m["content"]["data"]]
        titles = [data["text/plain"].splitlines()[0] for data in pictures]
        self.assertEqual(titles, [
            "toy: 60 points", "sigmoid and its derivative", "m[0].weight: how its 8 values spread",
            "m[0] on toy: PCA of its 4 outputs", "m.batch_loss", "d[0].weight: how its 3,136 values spread",
            "d[0].weight: each unit's weights (bright: large, dark: small)", "f.test[0:10]: the first 8 of 10",
            # Ten classes: the key wraps, alike in the SVG and the PNG.
            "d[0] on f.test: PCA of its 4 outputs",
        ])
        for data in pictures:
            self.assertTrue(data["image/svg+xml"].startswith("<svg"))
            self.assert_png_beside_svg(data)

    def test_images_are_a_picture_of_grey_pngs_beside_their_text_drawing(self) -> None:
        reply, messages = self.execute("data fashion = fashion_mnist take 10\nfashion.test[0:2]")
        self.assertEqual(reply["content"]["status"], "ok")
        results = [m for m in messages if m["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1)
        self.assertTrue(results[0]["content"]["data"]["text/plain"].startswith("fashion.test[0:2]: 2 test samples"))
        pictures = [m for m in messages if m["msg_type"] == "display_data" and "image/svg+xml" in m["content"]["data"]]
        self.assertEqual(len(pictures), 1)
        svg = pictures[0]["content"]["data"]["image/svg+xml"]
        self.assertEqual(svg.count("<image "), 2)
        self.assertIn("data:image/png;base64,", svg)
        self.assertIn(">9 Ankle boot</text>", svg)
        self.assert_png_beside_svg(pictures[0]["content"]["data"])
        text = pictures[0]["content"]["data"]["text/plain"]
        self.assertIn("█", text)
        self.assertTrue(text.splitlines()[-1].startswith("9 Ankle boot"), text)

    def test_output_is_published_while_the_cell_runs(self) -> None:
        msg_id = self.kc.execute(
            # Epochs of about 0.2 s, so that a row is out in an update while training goes on.
            "data fashion = fashion_mnist\ndata part = fashion take 30000\n"
            "model m { dense 32 relu; dense 10 softmax }\ntrain m on part epochs 4 batch 32"
        )
        support.wait_for_output(
            self.kc, msg_id, lambda m: m["msg_type"] == "update_display_data" and "<tr>" in m["content"]["data"].get("text/html", "")
        )
        # The first epoch's row is out, and the cell is still running.
        self.assertFalse(self.kc.shell_channel.msg_ready())
        self.assertEqual(support.reply_to(self.kc, msg_id, timeout=120)["content"]["status"], "ok")

    def test_completion_and_inspection_cursors_count_code_points(self) -> None:
        # "e" + combining acute accent is two code points and one character; "\r\n" likewise.
        code = 'name = "cafe\u0301"\r\nmo'
        self.kc.complete(code, len(code))
        reply = self.kc.get_shell_msg(timeout=10)["content"]
        self.assertEqual(reply["matches"], ["model"])
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (len(code) - 2, len(code)))
        code = 'x = "e\u0301\u0301"\ndense'
        self.kc.inspect(code, len(code) - 2)
        reply = self.kc.get_shell_msg(timeout=10)["content"]
        self.assertTrue(reply["found"])
        self.assertIn("fully connected", reply["data"]["text/plain"])

    def test_comms_are_closed_and_none_are_listed(self) -> None:
        comm_id = uuid.uuid4().hex
        message = self.kc.session.msg("comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget", "data": {}})
        self.kc.shell_channel.send(message)
        messages = support.iopub_until_idle(self.kc, message["header"]["msg_id"])
        closes = [m for m in messages if m["msg_type"] == "comm_close"]
        self.assertEqual([m["content"]["comm_id"] for m in closes], [comm_id])
        msg_id = self.kc.comm_info()
        self.assertEqual(support.reply_to(self.kc, msg_id)["content"]["comms"], {})

    def test_kernel_info_on_control_while_a_cell_trains(self) -> None:
        msg_id = self.kc.execute(support.LONG_TRAINING)
        support.wait_for_output(self.kc, msg_id, lambda m: m["msg_type"] == "display_data")
        request = self.kc.session.msg("kernel_info_request", {})
        self.kc.control_channel.send(request)
        started = time.monotonic()
        reply = support.reply_to(self.kc, request["header"]["msg_id"], channel="control", timeout=5)
        self.assertLess(time.monotonic() - started, 1)
        self.assertEqual(reply["content"]["language_info"]["name"], "dl")
        self.km.interrupt_kernel()
        support.reply_to(self.kc, msg_id, timeout=10)

    def test_a_few_hundred_rapid_executes_all_answer_in_order(self) -> None:
        ids = [self.kc.execute(f"v = {n}\nv * 2") for n in range(300)]
        replies = [support.reply_to(self.kc, msg_id, timeout=60) for msg_id in ids]
        self.assertTrue(all(r["content"]["status"] == "ok" for r in replies))
        counts = [r["content"]["execution_count"] for r in replies]
        self.assertEqual(counts, list(range(counts[0], counts[0] + 300)))
        results = {}
        for msg_id in ids:
            for message in support.iopub_until_idle(self.kc, msg_id):
                if message["msg_type"] == "execute_result":
                    results[msg_id] = message["content"]["data"]["text/plain"]
        self.assertEqual([results[msg_id] for msg_id in ids], [str(2 * n) for n in range(300)])


class IPCTransport(unittest.TestCase):
    def test_a_kernel_on_ipc_sockets_runs_cells(self) -> None:
        folder = tempfile.mkdtemp(prefix="dlkernel-ipc-")
        manager = KernelManager(kernel_name=support.KERNEL_NAME, transport="ipc", ip=os.path.join(folder, "kernel"))
        manager.start_kernel()
        client = manager.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=10)
            msg_id = client.execute("3 * 4")
            self.assertEqual(support.reply_to(client, msg_id)["content"]["status"], "ok")
            results = [m["content"]["data"]["text/plain"] for m in support.iopub_until_idle(client, msg_id)
                       if m["msg_type"] == "execute_result"]
            self.assertEqual(results, ["12"])
        finally:
            client.stop_channels()
            manager.shutdown_kernel()
            shutil.rmtree(folder, ignore_errors=True)


class StopOnError(KernelTestCase):
    # Training takes long enough for the requests behind it to be queued; then a load fails.
    FAILING = (
        "data toy = moons 2000\nmodel c { dense 16 relu; dense 2 softmax }\n"
        'train c on toy epochs 20 batch 8\nload d from "/nonexistent/weights.safetensors"'
    )

    def test_queued_executions_are_aborted_after_a_failure(self) -> None:
        failing = self.kc.execute(self.FAILING)
        queued = [self.kc.execute('print "must not run"') for _ in range(2)]
        info = self.kc.kernel_info()
        self.assertEqual(support.reply_to(self.kc, failing, timeout=120)["content"]["status"], "error")
        for msg_id in queued:
            reply = support.reply_to(self.kc, msg_id)
            self.assertEqual(reply["content"]["status"], "aborted")
        # In order on iopub: the failed cell's idle, then each aborted request in its own bracket.
        order = []
        while not order or order[-1] != (queued[-1], "idle"):
            message = self.kc.get_iopub_msg(timeout=30)
            parent = message["parent_header"].get("msg_id")
            if parent in [failing] + queued:
                order.append((parent, message["content"].get("execution_state", message["msg_type"])))
        start = order.index((failing, "idle"))
        self.assertEqual(
            order[start:],
            [(failing, "idle"), (queued[0], "busy"), (queued[0], "idle"), (queued[1], "busy"), (queued[1], "idle")],
        )
        self.assertEqual(support.reply_to(self.kc, info)["msg_type"], "kernel_info_reply")
        self.assert_alive()

    def test_without_stop_on_error_the_queue_runs(self) -> None:
        failing = self.kc.execute(self.FAILING, stop_on_error=False)
        queued = self.kc.execute('print "runs"')
        self.assertEqual(support.reply_to(self.kc, failing, timeout=120)["content"]["status"], "error")
        self.assertEqual(support.reply_to(self.kc, queued)["content"]["status"], "ok")


class Interrupts(KernelTestCase):
    def interrupt_training(self, interrupt) -> None:
        msg_id = self.kc.execute(support.LONG_TRAINING)
        support.wait_for_output(
            self.kc, msg_id, lambda m: "batch" in m["content"].get("data", {}).get("text/plain", ""), timeout=60
        )
        started = time.monotonic()
        interrupt()
        reply = support.reply_to(self.kc, msg_id, timeout=10)
        self.assertLess(time.monotonic() - started, 1.0)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.assertRegex(reply["content"]["evalue"], r"interrupted (in|at the start of) epoch 1")
        outputs = support.iopub_until_idle(self.kc, msg_id)
        self.assertEqual([m["msg_type"] for m in outputs].count("error"), 1)
        # The session survives: the model, its data and its weights are there to use.
        reply, outputs = self.execute("evaluate mlp on fashion.test")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        text = "".join(m["content"].get("text", "") + json.dumps(m["content"].get("data", {})) for m in outputs)
        self.assertIn("accuracy", text)

    def test_interrupt_request_stops_training_and_keeps_the_session(self) -> None:
        self.assertEqual(self.km.kernel_spec.interrupt_mode, "message")
        self.interrupt_training(self.km.interrupt_kernel)

    def test_sigint_stops_training_too(self) -> None:
        self.interrupt_training(lambda: self.km.signal_kernel(signal.SIGINT))

    def test_an_interrupt_while_idle_is_harmless(self) -> None:
        self.km.interrupt_kernel()
        self.km.signal_kernel(signal.SIGINT)
        time.sleep(0.2)
        self.assert_alive()


class Workers(KernelTestCase):
    """`train … workers 2` in a cell: an MPI job of two dlrepl processes, its table shown live."""

    TRAIN = "seed 5\ndata toy = blobs 300\nmodel m { dense 16 tanh; dense 3 softmax }\n"

    def test_a_cell_trains_on_two_workers_and_the_weights_come_back(self) -> None:
        reply, outputs = self.execute(self.TRAIN + "train m on toy epochs 5 batch 32 workers 2")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        shown = "".join(m["content"].get("data", {}).get("text/plain", "") for m in outputs)
        self.assertIn("      5 ", shown)
        self.assertIn("finished: 5 epochs", shown)
        # The session's model has the workers' weights: the same as two shards trained here.
        _, outputs = self.execute("evaluate m on toy")
        by_workers = "".join(m["content"].get("data", {}).get("text/plain", "") for m in outputs)
        self.execute(self.TRAIN + "train m on toy epochs 5 batch 32 shards 2")
        _, outputs = self.execute("evaluate m on toy")
        by_shards = "".join(m["content"].get("data", {}).get("text/plain", "") for m in outputs)
        self.assertIn("accuracy", by_workers)
        self.assertEqual(by_workers, by_shards)

    def test_a_job_that_fails_is_an_error_in_the_cell_and_the_session_lives(self) -> None:
        reply, _ = self.execute(self.TRAIN + 'train m on toy workers 2 hosts "no-such-hostfile"')
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("the 2 workers failed", reply["content"]["evalue"])
        self.assert_alive()

    def test_an_interrupt_stops_the_workers_and_keeps_the_session(self) -> None:
        msg_id = self.kc.execute(self.TRAIN + "train m on toy epochs 100000 batch 4 workers 2")
        support.wait_for_output(
            self.kc, msg_id, lambda m: "      2 " in m["content"].get("data", {}).get("text/plain", ""), timeout=60
        )
        self.km.interrupt_kernel()
        reply = support.reply_to(self.kc, msg_id, timeout=20)
        self.assertEqual(reply["content"]["ename"], "Interrupted", reply["content"])
        reply, outputs = self.execute("evaluate m on toy")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])


class Shutdown(KernelTestCase):
    def test_shutdown_during_training_replies_and_exits_within_two_seconds(self) -> None:
        msg_id = self.kc.execute(support.LONG_TRAINING)
        support.wait_for_output(self.kc, msg_id, lambda m: m["msg_type"] == "display_data", timeout=60)
        process = self.km.provisioner.process
        started = time.monotonic()
        shutdown = self.kc.shutdown()
        reply = support.reply_to(self.kc, shutdown, channel="control", timeout=2)
        self.assertEqual(reply["content"], {"status": "ok", "restart": False})
        process.wait(timeout=2)
        self.assertLess(time.monotonic() - started, 2.0)
        self.assertEqual(process.returncode, 0)

    def test_restart_comes_back_with_a_clean_session(self) -> None:
        self.execute("kept = 1")
        self.km.restart_kernel(now=False)
        self.kc.stop_channels()
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=10)
        reply, _ = self.execute("kept")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("kept", reply["content"]["evalue"])
        # The definitions are gone, the history is not: the run before is session -1.
        msg_id = self.kc.history(hist_access_type="range", session=-1, start=1, stop=2, raw=True, output=False)
        previous = support.reply_to(self.kc, msg_id)["content"]["history"]
        self.assertEqual([entry[2] for entry in previous], ["kept = 1"])
        msg_id = self.kc.history(hist_access_type="tail", n=2, raw=True, output=False)
        tail = support.reply_to(self.kc, msg_id)["content"]["history"]
        self.assertEqual([entry[2] for entry in tail], ["kept = 1", "kept"])
        self.assertEqual(tail[1][0], tail[0][0] + 1)


    def test_exit_and_quit_ask_the_client_to_close(self) -> None:
        for word in ("exit", "quit", "  exit\n"):
            with self.subTest(code=word):
                reply, outputs = self.execute(word)
                self.assertEqual(reply["content"]["status"], "ok", reply["content"])
                self.assertEqual(reply["content"]["payload"], [{"source": "ask_exit", "keepkernel": False}])
                self.assertEqual([m for m in outputs if m["msg_type"] == "error"], [])
        # Only the client closes: the kernel itself goes on until it is shut down.
        self.assert_alive()
        reply, _ = self.execute("let exit = 1\nprint exit")
        self.assertEqual(reply["content"]["payload"], [])


class ParentWatch(unittest.TestCase):
    def test_the_kernel_exits_soon_after_the_process_that_started_it_is_killed(self) -> None:
        folder = tempfile.mkdtemp(prefix="dlkernel-parent-")
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        connection, _ = write_connection_file(os.path.join(folder, "kernel.json"))
        # A parent that starts the kernel, says its pid and waits, as a notebook server would.
        parent = subprocess.Popen(
            [sys.executable, "-c",
             "import subprocess, sys, time\n"
             "kernel = subprocess.Popen([sys.argv[1], '-f', sys.argv[2]], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
             "print(kernel.pid, flush=True)\n"
             "time.sleep(600)",
             str(support.BINARY), connection],
            stdout=subprocess.PIPE, text=True)
        kernel = int(parent.stdout.readline())
        self.addCleanup(lambda: running(kernel) and os.kill(kernel, signal.SIGKILL))
        client = BlockingKernelClient()
        client.load_connection_file(connection)
        client.start_channels()
        self.addCleanup(client.stop_channels)
        client.wait_for_ready(timeout=10)
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 5
        while running(kernel) and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertFalse(running(kernel), "the kernel outlived its parent by 5 s")


def running(pid: int) -> bool:
    """Whether the process exists and has not exited (a zombie waits only to be reaped)."""
    try:
        with open(f"/proc/{pid}/stat") as file:
            return file.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


class BadInput(KernelTestCase):
    """Messages a kernel must drop with a log line, never answering, running or crashing."""

    def raw_shell(self, key: bytes) -> tuple[zmq.Socket, Session]:
        socket = zmq.Context.instance().socket(zmq.DEALER)
        socket.linger = 0
        info = self.km.get_connection_info()
        socket.connect(f"{info['transport']}://{info['ip']}:{info['shell_port']}")
        self.addCleanup(socket.close)
        return socket, Session(key=key, signature_scheme="hmac-sha256")

    def assert_not_run(self, marker: str) -> None:
        time.sleep(0.5)
        while self.kc.iopub_channel.msg_ready():
            message = self.kc.get_iopub_msg(timeout=1)
            self.assertNotIn(marker, json.dumps(message["content"]))
        self.assertFalse(self.kc.shell_channel.msg_ready())

    def test_a_bad_signature_is_dropped_and_the_kernel_lives(self) -> None:
        socket, session = self.raw_shell(b"not-the-key")
        session.send(socket, session.msg("execute_request", {"code": 'print "forged"', "silent": False}))
        self.assert_not_run("forged")
        self.assert_alive()
        self.assertIn("signature", self.kernel_log())

    def test_an_unsigned_message_is_dropped_when_a_key_is_set(self) -> None:
        socket, session = self.raw_shell(b"")
        session.send(socket, session.msg("execute_request", {"code": 'print "unsigned"', "silent": False}))
        self.assert_not_run("unsigned")
        self.assert_alive()

    def test_malformed_frames_never_kill_the_kernel(self) -> None:
        socket, _ = self.raw_shell(b"")
        key = self.km.session.key
        good = Session(key=key, signature_scheme="hmac-sha256")

        def signed(parts: list[bytes]) -> list[bytes]:
            return [b"<IDS|MSG>", good.sign(parts)] + parts

        header = json.dumps({"msg_id": "m", "msg_type": "execute_request", "session": "s", "username": "u",
                             "date": "2026-01-01T00:00:00Z", "version": "5.3"}).encode()
        content = json.dumps({"code": 'print "malformed"'}).encode()
        junk = [
            [b"no delimiter at all"],
            [b"<IDS|MSG>"],
            [b"<IDS|MSG>", b"sig", b"{}"],
            signed([b"{not json", b"{}", b"{}", content]),
            signed([b"[1, 2]", b"{}", b"{}", content]),
            signed([json.dumps({"msg_id": "x"}).encode(), b"{}", b"{}", content]),
            signed([header, b"{}", b"{}", b"\xff\xfe\x00 not utf-8"]),
            signed([header, b"{}", b"{}", b"null"]),
            signed([header.replace(b"execute_request", b"no_such_request"), b"{}", b"{}", b"{}"]),
            [b"\x00" * 100_000],
        ]
        for frames in junk:
            socket.send_multipart(frames)
        self.assert_not_run("malformed")
        self.assert_alive()
        log = self.kernel_log()
        self.assertIn("no <IDS|MSG> delimiter", log)
        self.assertIn("not a JSON object", log)

    def test_a_port_in_use_is_a_clear_error(self) -> None:
        info = self.km.get_connection_info()
        folder = tempfile.mkdtemp(prefix="dlkernel-ports-")
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        path = os.path.join(folder, "kernel.json")
        with open(path, "w") as file:
            # The running kernel holds these ports already.
            json.dump({k: (v.decode() if isinstance(v, bytes) else v) for k, v in info.items()}, file)
        result = subprocess.run([str(support.BINARY), "-f", path], capture_output=True, text=True, timeout=10)
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"cannot bind tcp://{info['ip']}:", result.stderr)
        self.assertIn("is another kernel using this connection file's ports?", result.stderr)
        self.assert_alive()

    def test_a_missing_connection_file_is_a_clear_error(self) -> None:
        result = subprocess.run([str(support.BINARY), "-f", "/nonexistent/kernel.json"], capture_output=True, text=True)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("/nonexistent/kernel.json", result.stderr)


if __name__ == "__main__":
    unittest.main()
