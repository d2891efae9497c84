"""The stress suite: a kernel soak, rapid interrupts, two clients at once, a client that vanishes
mid-cell, huge cells, kill -9 during saves and checkpoints, and a corpus of malformed files.

`make test` runs it short (DL_STRESS unset: about a minute); `make stress` runs it in full
(DL_STRESS=full: thousands of executes, more kills, bigger bombs). Each bound below is what the
suite promises, and docs/reliability.md records the figures of the latest full run."""
from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import signal
import struct
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.manager import start_new_kernel

import support
from test_robustness import rss_mb

FULL = os.environ.get("DL_STRESS") == "full"
DLREPL = support.ROOT / ".build" / "release" / "dlrepl"


def report(name: str, **figures) -> None:
    """Prints a suite's figures on one line, for docs/reliability.md."""
    print(f"\n  stress {name}: " + ", ".join(f"{key} {value}" for key, value in figures.items()), flush=True)


class KernelStress(unittest.TestCase):
    def setUp(self) -> None:
        self.km, self.kc = start_new_kernel(kernel_name=support.KERNEL_NAME, stderr=subprocess.DEVNULL)
        self.pid = self.km.provisioner.process.pid

    def tearDown(self) -> None:
        self.kc.stop_channels()
        if self.km.is_alive():
            self.km.shutdown_kernel(now=True)

    def fresh_client(self):
        """Another client of the kernel, with a session (and so a socket identity) of its own, as a
        second notebook window or console has; km.client() would share the first one's."""
        client = BlockingKernelClient()
        client.load_connection_info(self.km.get_connection_info())
        client.start_channels()
        client.wait_for_ready(timeout=10)
        return client

    def run_cell(self, code: str, client=None, timeout: float = 120) -> dict:
        client = client or self.kc
        msg_id = client.execute(code)
        reply = support.reply_to(client, msg_id, timeout=timeout)
        support.iopub_until_idle(client, msg_id, timeout=timeout)
        return reply["content"]

    def test_soak_memory_stays_flat(self) -> None:
        count = 5000 if FULL else 600
        self.run_cell("data toy = xor\nmodel m { input 2; dense 4 tanh; dense 2 softmax }")
        samples = []
        started = time.monotonic()
        for index in range(count):
            code = "train m on toy epochs 2 batch full" if index % 50 == 0 else f"let v{index % 100} = {index} * 2"
            self.assertEqual(self.run_cell(code)["status"], "ok", f"execute {index}")
            if index % 100 == 99:
                samples.append(rss_mb(self.pid))
        seconds = time.monotonic() - started
        # After warming up, the kernel's memory grows by less than 16 MB over the run.
        growth = max(samples[1:]) - samples[1]
        report("soak", executes=count, seconds=round(seconds, 1), rss_mb=[round(s, 1) for s in samples[:: max(1, len(samples) // 6)]],
               growth_mb=round(growth, 1))
        self.assertLess(growth, 16)

    def test_rapid_interrupts_during_training(self) -> None:
        self.run_cell("data toy = moons 4000\nmodel m { dense 64 relu; dense 2 softmax }")
        rounds = 20 if FULL else 5
        for round_ in range(rounds):
            msg_id = self.kc.execute("train m on toy epochs 1000 batch 4")
            support.wait_for_output(self.kc, msg_id, lambda m: m["msg_type"] == "display_data", timeout=30)
            self.km.interrupt_kernel()
            reply = support.reply_to(self.kc, msg_id, timeout=10)
            self.assertEqual(reply["content"]["ename"], "Interrupted", f"round {round_}")
            support.iopub_until_idle(self.kc, msg_id)
        self.assertEqual(self.run_cell("evaluate m on toy")["status"], "ok")
        report("interrupts", rounds=rounds)

    def test_two_clients_at_once(self) -> None:
        other = self.fresh_client()
        self.addCleanup(other.stop_channels)
        rounds = 200 if FULL else 40
        pending = []
        for index in range(rounds):
            for name, client in (("a", self.kc), ("b", other)):
                pending.append((client, client.execute(f"let {name}{index} = {index}"), name))
        for client, msg_id, name in pending:
            self.assertEqual(support.reply_to(client, msg_id)["content"]["status"], "ok")
        self.assertEqual(self.run_cell(f"a{rounds - 1} + b{rounds - 1}", client=other)["status"], "ok")
        report("two clients", executes=2 * rounds)

    def test_a_client_that_vanishes_mid_cell(self) -> None:
        self.run_cell("data toy = moons 4000\nmodel m { dense 64 relu; dense 2 softmax }")
        vanishing = self.fresh_client()
        msg_id = vanishing.execute("train m on toy epochs 1000 batch 4")
        support.wait_for_output(vanishing, msg_id, lambda m: m["msg_type"] == "display_data", timeout=30)
        vanishing.stop_channels()  # gone without a word, its cell still training
        self.km.interrupt_kernel()
        time.sleep(0.5)
        reply = self.run_cell('print "after"')
        self.assertEqual(reply["status"], "ok")
        self.assertTrue(self.km.is_alive())

    def test_huge_and_deeply_nested_cells(self) -> None:
        huge = "let s = \"" + "x" * (10 << 20) + "\"\nprint 1"
        self.assertEqual(self.run_cell(huge)["status"], "ok")
        deep = "let d = " + "(" * 50_000 + "1" + ")" * 50_000
        reply = self.run_cell(deep)
        self.assertEqual(reply["status"], "error")
        self.assertIn("nests more than", reply["evalue"])
        msg_id = self.kc.is_complete("[" * 200_000)
        self.assertEqual(support.reply_to(self.kc, msg_id)["content"]["status"], "incomplete")
        self.assertEqual(self.run_cell("1 + 1")["status"], "ok")
        self.assertLess(rss_mb(self.pid), 400)


def run_limited(arguments: list[str], timeout: float = 30) -> tuple[int, str, float]:
    """Runs dlrepl; returns its exit status, its standard error and its peak memory in MB.

    The peak is the child's VmHWM, sampled every 2 ms until it exits (the high-water mark of its
    own memory since exec). rusage's ru_maxrss would not do: it counts the pages of this Python
    process that the child shared between fork and exec, hundreds of MB after the earlier tests."""
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen([str(DLREPL), *arguments], stdout=subprocess.DEVNULL, stderr=stderr)
        peak = 0.0
        deadline = time.monotonic() + timeout
        while process.poll() is None:
            if time.monotonic() > deadline:
                process.kill()
                raise AssertionError(f"dlrepl {arguments} did not finish within {timeout} s")
            try:
                with open(f"/proc/{process.pid}/status", encoding="ascii") as status:
                    for line in status:
                        if line.startswith("VmHWM:"):
                            peak = max(peak, int(line.split()[1]) / 1024)
            except (FileNotFoundError, ProcessLookupError):
                pass
            time.sleep(0.002)
        stderr.seek(0)
        return process.returncode, stderr.read().decode(errors="replace"), peak


class FileStress(unittest.TestCase):
    def setUp(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="dl-stress-"))

    def tearDown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def test_kill_9_during_saves_and_checkpoints(self) -> None:
        target = self.folder / "model.safetensors"
        checkpoint = self.folder / "best.safetensors"
        model = "model m { input 784; dense 1024 relu; dense 10 softmax }"
        saves = self.folder / "saves.dl"
        saves.write_text(model + "\n" + f'save m to "{target}"\n' * 500)
        training = self.folder / "train.dl"
        training.write_text(
            f"data f = fashion_mnist take 2000\n{model}\n"
            f'train m on f epochs 100 batch 32 validate 0.5 checkpoint "{checkpoint}"\n')
        subprocess.run([str(DLREPL), "-e", model, "-e", f'save m to "{target}"'], check=True, stdout=subprocess.DEVNULL)
        kills = 30 if FULL else 6
        generator = random.Random(7)
        for round_ in range(kills):
            script = saves if round_ % 2 == 0 else training
            process = subprocess.Popen([str(DLREPL), "--quiet", str(script)], stdout=subprocess.DEVNULL)
            time.sleep(generator.uniform(0.2, 2.0))
            process.send_signal(signal.SIGKILL)
            process.wait()
            for path in (target, checkpoint):
                if path.exists():
                    check = subprocess.run([str(DLREPL), "-e", f'load m from "{path}"'], capture_output=True, text=True)
                    self.assertEqual(check.returncode, 0, f"round {round_}: {path.name}: {check.stderr}")
            leftovers = [p.name for p in self.folder.iterdir() if p.suffix == ".dltmp"]
            subprocess.run([str(DLREPL), "-e", model, "-e", f'save m to "{target}"', "-e",
                            f'save m to "{checkpoint}"'], check=True, stdout=subprocess.DEVNULL)
            self.assertEqual(sorted(p.name for p in self.folder.iterdir()),
                             ["best.safetensors", "model.safetensors", "saves.dl", "train.dl"],
                             f"round {round_}: left {leftovers}")
        report("kill -9", kills=kills)

    def corpus(self) -> dict[str, tuple[str, str]]:
        """Each malformed file: the DL that loads it and a piece of the error it must give."""
        f = self.folder

        def idx(dims: list[int], values: bytes = b"") -> bytes:
            return bytes([0, 0, 8, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + values

        good_labels = f / "labels"
        good_labels.write_bytes(idx([2], b"\x00\x01"))

        def images(name: str, data: bytes) -> str:
            (f / name).write_bytes(data)
            return f'data d = idx "{f / name}" "{good_labels}"'

        bomb_size = (1 << 30) if FULL else (256 << 20)
        with gzip.open(f / "bomb.gz", "wb", compresslevel=9) as bomb:
            bomb.write(idx([2, 2, 2]))
            chunk = bytes(1 << 20)
            for _ in range(bomb_size >> 20):
                bomb.write(chunk)
        os.mkfifo(f / "fifo")
        (f / "folder").mkdir()

        def csv(name: str, text: str) -> str:
            (f / name).write_text(text)
            return f'data d = csv "{f / name}" target "y"'

        def safetensors(name: str, header: bytes, declared: int | None = None) -> str:
            length = len(header) if declared is None else declared
            (f / name).write_bytes(struct.pack("<Q", length) + header + bytes(64))
            return f'load m from "{f / name}"'

        # A real model's header with one tensor's offsets forged to overflow a subtraction.
        saved = f / "saved.safetensors"
        subprocess.run([str(DLREPL), "-e", "model m { input 4; dense 2 softmax }", "-e", f'save m to "{saved}"'],
                       check=True, stdout=subprocess.DEVNULL)
        raw = saved.read_bytes()
        header = json.loads(raw[8:8 + struct.unpack("<Q", raw[:8])[0]])
        header["layers.0.weight"]["data_offsets"] = [1, -(2 ** 63)]
        forged = json.dumps(header).encode()
        return {
            "truncated IDX": (images("truncated", idx([2, 28, 28], bytes(100))), "truncated data"),
            "forged IDX header": (images("forged", idx([4_000_000_000, 4_000_000_000, 9])), "too large for any file"),
            "0x0 images": (images("empty", idx([2, 0, 0])), "an image needs at least one row"),
            "gzip bomb": (images("bomb.gz", (f / "bomb.gz").read_bytes()), "past the end of the declared data"),
            "FIFO": (f'data d = idx "{f / "fifo"}" "{good_labels}"', "a FIFO (named pipe)"),
            "folder": (f'data d = csv "{f / "folder"}" target "y"', "a folder, not a regular file"),
            "/dev/zero": ('data d = csv "/dev/zero" target "y"', "a character device"),
            "ragged CSV": (csv("ragged.csv", "a,y\n1,2\n3\n"), "line 3: 1 fields"),
            "non-numeric CSV": (csv("words.csv", "a,y\nx,1\n"), "is not a number"),
            "NaN target": (csv("nan.csv", "a,y\n1,nan\n2,3\n"), "is not a finite number"),
            "target only": (csv("target.csv", "y\n1\n"), "the only column is the target"),
            "absurd safetensors header": (safetensors("absurd", b"{}", declared=2 ** 62), "the header claims"),
            "forged safetensors offsets": (safetensors("offsets", forged), "bad data_offsets"),
        }

    def test_malformed_files_give_clear_errors_within_a_memory_bound(self) -> None:
        figures = {}
        peak_all = 0.0
        for name, (code, expected) in self.corpus().items():
            started = time.monotonic()
            status, stderr, peak = run_limited(["-e", code], timeout=30)
            figures[name] = round(time.monotonic() - started, 2)
            self.assertEqual(status, 1, f"{name}: {stderr}")
            self.assertIn(expected, stderr, name)
            self.assertIn("error:", stderr, name)
            self.assertLess(peak, 300, f"{name}: {peak:.0f} MB")
            peak_all = max(peak_all, peak)
        report("malformed files", files=len(figures), slowest_s=max(figures.values()), peak_rss_mb=round(peak_all))


if __name__ == "__main__":
    unittest.main()
