"""Shared set-up for the tests that drive dlkernel with real Jupyter clients.

Importing this module installs the kernelspec of the freshly built binary
(.build/release/dlkernel) into a temporary prefix with `dlkernel install --prefix`, and
points JUPYTER_PATH at it, so every client below starts the kernel by its name, "dl", as
Jupyter does.
"""
from __future__ import annotations

import atexit
import os
import shutil
import struct
import subprocess
import tempfile
import time
import zlib
from pathlib import Path
from queue import Empty

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build" / "release" / "dlkernel"
KERNEL_NAME = "dl"

if not BINARY.exists():
    raise SystemExit(f"{BINARY} is missing: run `swift build -c release` (make test does) first")

_prefix = tempfile.mkdtemp(prefix="dlkernel-spec-")
atexit.register(shutil.rmtree, _prefix, ignore_errors=True)
subprocess.run([str(BINARY), "install", "--prefix", _prefix], check=True, stdout=subprocess.DEVNULL)
os.environ["JUPYTER_PATH"] = os.path.join(_prefix, "share", "jupyter")
# Kernels started by the tests keep their history here, not in the user's ~/.dlkernel_history.
HISTORY_FILE = os.path.join(_prefix, "history")
os.environ["DLKERNEL_HISTORY"] = HISTORY_FILE
KERNELSPEC = Path(_prefix, "share", "jupyter", "kernels", KERNEL_NAME)

# A training long enough to interrupt: Fashion-MNIST, many epochs of small batches.
LONG_TRAINING = """data fashion = fashion_mnist
model mlp { dense 64 relu; dense 10 softmax }
train mlp on fashion epochs 200 batch 16"""


def iopub_until_idle(client, parent_id: str, timeout: float = 30) -> list[dict]:
    """The iopub messages of request `parent_id`, from its busy status to its idle one."""
    messages = []
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"no idle status for {parent_id} within {timeout} s; got {messages}")
        try:
            message = client.get_iopub_msg(timeout=remaining)
        except Empty:
            continue
        if message["parent_header"].get("msg_id") != parent_id:
            continue
        messages.append(message)
        if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            return messages


def reply_to(client, parent_id: str, timeout: float = 30, channel: str = "shell") -> dict:
    """The reply to request `parent_id` on `channel`, skipping others."""
    get = client.get_shell_msg if channel == "shell" else client.get_control_msg
    deadline = time.monotonic() + timeout
    while True:
        message = get(timeout=max(0.01, deadline - time.monotonic()))
        if message["parent_header"].get("msg_id") == parent_id:
            return message


def wait_for_output(client, parent_id: str, predicate, timeout: float = 60) -> dict:
    """The first iopub message of `parent_id` that `predicate` accepts."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            message = client.get_iopub_msg(timeout=0.5)
        except Empty:
            continue
        if message["parent_header"].get("msg_id") == parent_id and predicate(message):
            return message
    raise AssertionError(f"no matching output for {parent_id} within {timeout} s")


def png_size_and_pixels(data: bytes, colour_type: int = 6) -> tuple[int, int, bytes]:
    """Decodes the PNG's header and image data (checking every chunk's CRC)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, width, height, compressed = 8, 0, 0, b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length:position + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind}"
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
            assert body[8:10] == bytes([8, colour_type]), f"expected 8 bits per channel, colour type {colour_type}"
        elif kind == b"IDAT":
            compressed += body
        position += 12 + length
    return width, height, zlib.decompress(compressed)
