"""`dlkernel install`: where each option puts the kernelspec, what it writes, and that Jupyter
finds it there."""
from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import tempfile
import unittest
import zlib
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager

import support


def install(*arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(support.BINARY), "install", *arguments], capture_output=True, text=True,
                          env=dict(os.environ, **(env or {})))


class Install(unittest.TestCase):
    def setUp(self) -> None:
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)
        self.root = Path(self.folder.name)

    def test_prefix_writes_kernel_json_and_logos_that_jupyter_finds(self) -> None:
        result = install("--prefix", str(self.root))
        self.assertEqual(result.returncode, 0, result.stderr)
        folder = self.root / "share/jupyter/kernels/dl"
        spec = json.loads((folder / "kernel.json").read_text())
        self.assertEqual(spec["argv"], [str(support.BINARY.resolve()), "-f", "{connection_file}"])
        self.assertEqual((spec["display_name"], spec["language"], spec["interrupt_mode"]), ("DL", "dl", "message"))
        for size in (32, 64):
            width, height, pixels = support.png_size_and_pixels((folder / f"logo-{size}x{size}.png").read_bytes())
            self.assertEqual((width, height), (size, size))
            self.assertEqual(len(pixels), size * (size * 4 + 1))
        manager = KernelSpecManager(kernel_dirs=[str(self.root / "share/jupyter/kernels")])
        found = manager.get_kernel_spec("dl")
        self.assertEqual(found.language, "dl")
        self.assertEqual(found.interrupt_mode, "message")
        self.assertEqual(Path(found.resource_dir), folder)

    def test_the_committed_kernelspec_is_what_install_writes_but_for_the_binary_path(self) -> None:
        install("--prefix", str(self.root))
        written = self.root / "share/jupyter/kernels/dl"
        committed = support.ROOT / "kernelspec/dl"
        spec = json.loads((written / "kernel.json").read_text())
        spec["argv"][0] = "dlkernel"
        self.assertEqual(spec, json.loads((committed / "kernel.json").read_text()))
        for logo in ("logo-32x32.png", "logo-64x64.png"):
            self.assertEqual((written / logo).read_bytes(), (committed / logo).read_bytes(), logo)

    def test_user_and_sys_prefix_follow_jupyter_and_the_environment(self) -> None:
        data = self.root / "data"
        self.assertEqual(install("--user", env={"JUPYTER_DATA_DIR": str(data)}).returncode, 0)
        self.assertTrue((data / "kernels/dl/kernel.json").exists())
        venv = self.root / "venv"
        self.assertEqual(install("--sys-prefix", "--name", "dl-test", env={"VIRTUAL_ENV": str(venv)}).returncode, 0)
        self.assertTrue((venv / "share/jupyter/kernels/dl-test/kernel.json").exists())

    def test_user_installs_where_jupyter_looks_with_another_home(self) -> None:
        home = self.root / "home"
        cases = [
            {"HOME": str(home), "JUPYTER_DATA_DIR": "", "XDG_DATA_HOME": ""},
            {"HOME": str(home), "JUPYTER_DATA_DIR": "", "XDG_DATA_HOME": str(self.root / "xdg")},
        ]
        for env in cases:
            with self.subTest(env=env):
                self.assertEqual(install("--user", env=env).returncode, 0)
                # Where jupyter_core itself looks, asked in the same environment.
                data = subprocess.run(
                    [sys.executable, "-c", "from jupyter_core.paths import jupyter_data_dir; print(jupyter_data_dir())"],
                    capture_output=True, text=True, check=True, env=dict(os.environ, **env)).stdout.strip()
                self.assertTrue(data.startswith(str(self.root)), data)
                self.assertTrue((Path(data) / "kernels/dl/kernel.json").exists(), data)

    def test_make_install_puts_binaries_reference_and_kernelspec_under_the_prefix(self) -> None:
        result = subprocess.run(["make", "-s", "-C", str(support.ROOT), "install", f"PREFIX={self.root}"],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        for binary in ("dlrepl", "dlkernel"):
            self.assertTrue(os.access(self.root / "bin" / binary, os.X_OK), binary)
        spec = json.loads((self.root / "share/jupyter/kernels/dl/kernel.json").read_text())
        self.assertEqual(spec["argv"][0], str(self.root / "bin/dlkernel"))
        reference = self.root / "share/doc/dl/language.md"
        self.assertNotIn("env", spec, "no file:// help link: JupyterLab refuses it")
        self.assertTrue(reference.exists())

    def test_bad_options_say_what_to_do(self) -> None:
        both = install("--user", "--prefix", str(self.root))
        self.assertNotEqual(both.returncode, 0)
        self.assertIn("choose one of --user, --sys-prefix and --prefix", both.stderr)
        environment = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "CONDA_PREFIX")}
        lonely = subprocess.run([str(support.BINARY), "install", "--sys-prefix"], capture_output=True, text=True,
                                env=environment)
        self.assertNotEqual(lonely.returncode, 0)
        self.assertIn("activate one or use --prefix", lonely.stderr)
        blocked = self.root / "file"
        blocked.write_text("not a folder")
        result = install("--prefix", str(blocked))
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("cannot write the kernelspec", result.stderr)


if __name__ == "__main__":
    unittest.main()
