"""JupyterLab in headless Chromium (Debian's chromium and chromium-driver, driven by selenium):
what a person sees, which no protocol test shows. `make test-browser` runs it; `make test` does
not, as it needs a browser and JupyterLab, which the everyday tests do without.

- Each shipped notebook, opened as a fresh clone is (untrusted), shows its plots and pictures as
  images: JupyterLab renders SVG only in trusted notebooks, so the PNG beside each must show.
- A training run in a notebook ends with one loss table under one line that says how the run
  went, and the page stays responsive.
- DL code is highlighted in the notebook editor (python/labextension, installed with the
  package in python/).

DL_BROWSER_SHOTS=folder keeps a screenshot of each notebook and of the training.
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

import nbformat
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

import support

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"
TOKEN = "dl-browser-test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class JupyterLab(unittest.TestCase):
    """One JupyterLab server and one browser for the whole class, on a copy of notebooks/."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.root = Path(tempfile.mkdtemp(prefix="dl-lab-"))
        shutil.copytree(support.ROOT / "notebooks", cls.root / "notebooks")
        cls.port = free_port()
        cls.log = open(cls.root / "server.log", "w")
        cls.server = subprocess.Popen(
            [
                str(support.ROOT / ".venv/bin/jupyter"), "lab", "--no-browser", f"--port={cls.port}",
                f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={cls.root / 'notebooks'}",
                "--LabApp.news_url=", "--LabApp.expose_app_in_browser=True",
                *(["--allow-root"] if os.getuid() == 0 else []),
            ],
            stdout=cls.log, stderr=subprocess.STDOUT, env=dict(os.environ, JUPYTER_CONFIG_DIR=str(cls.root / "config")),
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", cls.port), 0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError("JupyterLab did not start; see " + str(cls.root / "server.log"))
                time.sleep(0.2)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
            options.add_argument(argument)
        cls.browser = webdriver.Chrome(service=Service(DRIVER), options=options)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.browser.quit()
        cls.server.terminate()
        cls.server.wait(20)
        cls.log.close()
        shutil.rmtree(cls.root, ignore_errors=True)

    def open(self, notebook: str) -> None:
        # reset: a fresh workspace, so the page shows this notebook alone, not the last one's tabs.
        self.browser.get(f"http://127.0.0.1:{self.port}/lab/tree/{notebook}?token={TOKEN}&reset")
        self.wait_for(lambda: self.browser.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-Cell"), "the notebook")
        self.wait_for(lambda: "Idle" in self.browser.find_element(By.CSS_SELECTOR, "body").text, "an idle kernel")

    def wait_for(self, condition, what: str, timeout: float = 120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            time.sleep(0.25)
        self.browser.save_screenshot(str(self.root / "failed.png"))
        raise AssertionError(f"no {what} within {timeout} s (screenshot: {self.root / 'failed.png'})")

    def shoot(self, name: str) -> None:
        """A screenshot into $DL_BROWSER_SHOTS, when it is set, for a person to look at."""
        if folder := os.environ.get("DL_BROWSER_SHOTS"):
            os.makedirs(folder, exist_ok=True)
            self.browser.save_screenshot(os.path.join(folder, name + ".png"))

    def script(self, code: str, *arguments):
        return self.browser.execute_script(code, *arguments)

    def test_shipped_notebooks_show_their_pictures_untrusted(self) -> None:
        for path in sorted((support.ROOT / "notebooks").glob("*.ipynb")):
            with self.subTest(notebook=path.name):
                saved = nbformat.read(path, as_version=4)
                pngs = [
                    output.data["image/png"] for cell in saved.cells for output in cell.get("outputs", [])
                    if "image/png" in output.get("data", {})
                ]
                self.open(path.name)
                # JupyterLab renders outputs as they scroll into view: scroll through the notebook.
                self.script(
                    "for (const o of document.querySelectorAll('.jp-Cell')) o.scrollIntoView();"
                    "document.querySelector('.jp-WindowedPanel-outer').scrollTop = 0;"
                )
                (images,) = self.wait_for(
                    lambda: (found,) if len(found := self.browser.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output img"))
                    >= len(pngs) else None,
                    f"{len(pngs)} images",
                )
                self.shoot(path.stem)
                shown = [image.get_attribute("src") for image in images]
                self.assertEqual(len(shown), len(pngs))
                for src, png in zip(shown, pngs):
                    self.assertEqual(src, "data:image/png;base64," + png.replace("\n", ""))
                for image in images:
                    self.assertGreater(self.script("return arguments[0].naturalWidth", image), 100)
                # Untrusted: no SVG was rendered (had it been, the PNG would not be needed).
                self.assertEqual(self.browser.find_elements(By.CSS_SELECTOR, ".jp-RenderedSVG"), [])

    def test_dl_code_is_highlighted_in_the_editor(self) -> None:
        notebook = nbformat.v4.new_notebook(
            metadata={"kernelspec": {"name": "dl", "display_name": "DL", "language": "dl"}},
            cells=[nbformat.v4.new_code_cell('train mlp on fashion epochs 5 lr 1e-3  # short\nlet t = "x"')],
        )
        nbformat.write(notebook, self.root / "notebooks" / "highlight.ipynb")
        self.open("highlight.ipynb")
        styles = self.wait_for(
            lambda: self.script(
                "const spans = document.querySelectorAll('.jp-CodeCell .cm-content span');"
                "return spans.length >= 6 && Array.from(spans).map(s => [s.textContent, getComputedStyle(s).color]);"
            ),
            "highlighted code",
        )
        self.shoot("highlight")
        colour = dict(styles)
        plain = self.script(
            "return getComputedStyle(document.querySelector('.jp-CodeCell .cm-line')).color"
        )
        for word in ("train", "epochs", "5", "1e-3", "# short", '"x"'):
            self.assertIn(word, colour, f"{word} is not a token of its own: {styles}")
            self.assertNotEqual(colour[word], plain, f"{word} is not highlighted")
        self.assertNotEqual(colour["train"], colour["epochs"], "a statement and an option look alike")

    def test_a_training_ends_as_one_table_under_its_run_line(self) -> None:
        notebook = nbformat.v4.new_notebook(
            metadata={"kernelspec": {"name": "dl", "display_name": "DL", "language": "dl"}},
            cells=[nbformat.v4.new_code_cell(
                "data gate = xor\nmodel xornet { dense 4 tanh; dense 1 sigmoid }\n"
                "train xornet on gate epochs 3000 batch full lr 0.05"
            )],
        )
        nbformat.write(notebook, self.root / "notebooks" / "training.ipynb")
        self.open("training.ipynb")
        started = time.monotonic()
        self.script("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        self.wait_for(lambda: "[1]:" in self.browser.find_element(By.CSS_SELECTOR, ".jp-InputPrompt").text, "a finished cell")
        seconds = time.monotonic() - started
        self.shoot("training")
        outputs = self.browser.find_elements(By.CSS_SELECTOR, ".jp-Cell .jp-OutputArea-output")
        texts = [output.text for output in outputs]
        tables = self.browser.find_elements(By.CSS_SELECTOR, ".jp-Cell .jp-OutputArea-output table")
        self.assertEqual(len(tables), 1, texts)
        self.assertRegex(texts[-2], r"^3,000 epochs in \d+\.\d+ s$")
        self.assertIn("finished: 3000 epochs", texts[-1])
        self.assertIn("2,970 epochs not shown", texts[-1])
        self.assertLess(seconds, 30, "the page kept up with the training")


if __name__ == "__main__":
    unittest.main()
