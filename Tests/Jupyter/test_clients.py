"""The kernel through the Python tools people use beside JupyterLab: `jupyter console` (a client
that ignores `update_display_data`), papermill with `-p` parameters (DL's translator), and
Pygments (DL's lexer, which nbconvert picks from the kernel's `language_info`)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import nbformat
from jupyter_client.manager import start_new_kernel

import support

BIN = Path(sys.executable).parent


def console(code: str, timeout: float = 120) -> str:
    """What `jupyter console` prints for `code`, typed line by line (its simple prompt reads a pipe)."""
    finished = subprocess.run(
        [str(BIN / "jupyter-console"), "--simple-prompt", "--kernel", support.KERNEL_NAME],
        input=code, capture_output=True, text=True, timeout=timeout, check=True,
    )
    return finished.stdout


class Console(unittest.TestCase):
    def test_a_training_shows_its_whole_loss_table(self) -> None:
        out = console("data gate = xor\nmodel m { dense 4 tanh; dense 2 softmax }\ntrain m on gate epochs 3\n")
        lines = out.splitlines()
        # The live display's first state, then the finished table published anew.
        start = next(i for i, line in enumerate(lines) if "training: the loss table follows when it ends" in line)
        table = lines[start + 1:]
        self.assertEqual(table[0].split(), ["epoch", "loss", "accuracy", "lr", "seconds"], out)
        self.assertEqual([line.split()[0] for line in table[1:4]], ["1", "2", "3"], out)
        self.assertTrue(table[5].startswith("finished: 3 epochs"), out)
        self.assertEqual(out.count("epoch     loss"), 1, "the header shows once")

    def test_exit_ends_the_console_without_running_what_follows(self) -> None:
        out = console('print "before"\nexit\nprint "after"\n', timeout=60)
        self.assertIn("before", out)
        self.assertNotIn("after", out)
        self.assertNotIn("Do you really want to exit", out, "the console asked: it did not get ask_exit")


class Papermill(unittest.TestCase):
    def setUp(self) -> None:
        self.directory = tempfile.TemporaryDirectory()
        self.addCleanup(self.directory.cleanup)
        notebook = nbformat.v4.new_notebook(
            metadata={"kernelspec": {"name": "dl", "display_name": "DL", "language": "dl"}},
            cells=[
                nbformat.v4.new_code_cell('let epochs = 1\nlet title = "default"\nlet sizes = [2]', metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(
                    "data gate = xor\nmodel m { dense sizes[0] tanh; dense 2 softmax }\n"
                    "train m on gate epochs epochs\nprint title, sizes"
                ),
            ],
        )
        self.source = Path(self.directory.name, "in.ipynb")
        nbformat.write(notebook, self.source)

    def papermill(self, *parameters: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(BIN / "papermill"), str(self.source), str(Path(self.directory.name, "out.ipynb")), *parameters],
            capture_output=True, text=True, timeout=180,
        )

    def test_parameters_become_let_statements_in_dl_literals(self) -> None:
        run = self.papermill("-p", "epochs", "4", "-p", "title", 'a "quoted"\tword', "-y", "sizes: [6, 3]")
        self.assertEqual(run.returncode, 0, run.stderr)
        out = nbformat.read(Path(self.directory.name, "out.ipynb"), as_version=4)
        injected = out.cells[1]
        self.assertIn("injected-parameters", injected.metadata.tags)
        self.assertEqual(
            # papermill writes -y's parameters before -p's.
            injected.source, '# Parameters\nlet sizes = [6, 3]\nlet epochs = 4\nlet title = "a \\"quoted\\"\\tword"\n'
        )
        texts = "".join(
            o.get("text", "") + o.get("data", {}).get("text/plain", "") for cell in out.cells for o in cell.get("outputs", [])
        )
        self.assertIn("finished: 4 epochs", texts)
        self.assertIn('a "quoted"\tword [6, 3]', texts)

    def test_values_dl_has_no_literal_for_are_refused_with_what_to_pass(self) -> None:
        run = self.papermill("-p", "epochs", "True")
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("DL has no booleans: pass 1 for True", run.stderr)
        run = self.papermill("-y", "epochs: null")
        self.assertIn("DL has no null value", run.stderr)

    def test_help_notebook_lists_the_parameters_cell(self) -> None:
        run = subprocess.run(
            [str(BIN / "papermill"), "--help-notebook", str(self.source)], capture_output=True, text=True, timeout=60
        )
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("epochs: number (default 1)", run.stdout)
        self.assertIn('title: str (default "default")', run.stdout)


class Lexer(unittest.TestCase):
    def test_the_kernel_names_a_lexer_pygments_finds(self) -> None:
        from pygments.lexers import get_lexer_by_name, get_lexer_for_filename

        manager, client = start_new_kernel(kernel_name=support.KERNEL_NAME)
        try:
            client.kernel_info()
            info = client.get_shell_msg(timeout=10)["content"]["language_info"]
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)
        self.assertEqual(get_lexer_by_name(info["pygments_lexer"]).name, "DL")
        self.assertEqual(get_lexer_for_filename("xor.dl").name, "DL")

    def test_a_dl_snippet_is_highlighted_by_kind(self) -> None:
        from pygments import lex
        from pygments.lexers import get_lexer_by_name
        from pygments.token import Comment, Keyword, Name, Number, String

        code = 'model m { conv 8 3x3 relu; dense 2 softmax }  # a CNN\ntrain m on toy epochs 5 lr 1e-3\nlet t = "a\\"b"\nm.loss[0]\n'
        tokens = [(kind, text) for kind, text in lex(code, get_lexer_by_name("dl")) if text.strip()]
        kinds = dict((text, kind) for kind, text in tokens)
        self.assertEqual(kinds["model"], Keyword)
        self.assertEqual(kinds["train"], Keyword)
        self.assertEqual(kinds["conv"], Name.Builtin)
        self.assertEqual(kinds["3x3"], Number.Integer)
        self.assertEqual(kinds["1e-3"], Number.Float)
        self.assertEqual(kinds["relu"], Name.Constant)
        self.assertEqual(kinds["epochs"], Name.Attribute)
        self.assertEqual(kinds["# a CNN"], Comment.Single)
        self.assertEqual(kinds['\\"'], String.Escape)
        self.assertEqual(kinds["m"], Name)
        self.assertEqual(kinds["loss"], Name.Attribute)


if __name__ == "__main__":
    unittest.main()
