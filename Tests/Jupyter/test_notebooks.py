"""Every notebook in notebooks/ runs top to bottom with nbclient against the installed
kernelspec, without an error, and still produces the kinds of output it was saved with (so the
saved outputs people read on the web are what the code makes today)."""
from __future__ import annotations

import copy
import unittest

import nbformat
from nbclient import NotebookClient

import support

NOTEBOOKS = sorted((support.ROOT / "notebooks").glob("*.ipynb"))


def shape(cell) -> list[tuple]:
    """What kinds of output a cell has: stream names, and the mime types of everything else."""
    kinds = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            kinds.append(("stream", output["name"]))
        else:
            kinds.append((output["output_type"], tuple(sorted(output.get("data", {})))))
    return kinds


class Notebooks(unittest.TestCase):
    def test_the_six_teaching_notebooks_are_there(self) -> None:
        self.assertEqual(
            [path.stem for path in NOTEBOOKS],
            ["01-neuron-and-xor", "02-fashion-mlp", "03-fashion-cnn", "04-sequences-lstm", "05-autoencoder-unsupervised",
             "06-sequence-shapes"],
        )

    def test_every_notebook_runs_without_errors_and_matches_its_saved_outputs(self) -> None:
        for path in NOTEBOOKS:
            with self.subTest(notebook=path.name):
                saved = nbformat.read(path, as_version=4)
                self.assertEqual(saved.metadata.kernelspec.name, support.KERNEL_NAME)
                notebook = copy.deepcopy(saved)
                NotebookClient(notebook, timeout=600, kernel_name=support.KERNEL_NAME).execute()
                for index, (ran, kept) in enumerate(zip(notebook.cells, saved.cells)):
                    if ran.cell_type != "code":
                        continue
                    kinds = shape(ran)
                    self.assertNotIn("error", [kind[0] for kind in kinds], f"cell {index}: {ran.source}")
                    self.assertTrue(kinds, f"cell {index} shows nothing: {ran.source}")
                    self.assertEqual(kinds, shape(kept), f"cell {index} no longer shows what was saved: {ran.source}")


if __name__ == "__main__":
    unittest.main()
