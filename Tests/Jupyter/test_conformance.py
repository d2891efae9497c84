"""The Jupyter kernel conformance suite (jupyter_kernel_test), with DL code samples."""
from __future__ import annotations

import unittest

import jupyter_kernel_test

import support


class DLKernelConformance(jupyter_kernel_test.KernelTests):
    kernel_name = support.KERNEL_NAME
    language_name = "dl"
    file_extension = ".dl"

    code_hello_world = 'print "hello, world"'
    # A classifier that ends without softmax trains with mse, and the kernel warns on stderr.
    code_stderr = "data toy = moons 32\nmodel l { dense 2 }\ntrain l on toy epochs 1 batch 16"

    completion_samples = [
        {"text": "mod", "matches": {"model"}},
        {"text": "model m { den", "matches": {"dense"}},
        {"text": "pri", "matches": {"print"}},
    ]
    complete_code_samples = ['print "hi"', "model m { dense 4 relu }", "x = 2 * 3"]
    incomplete_code_samples = ["model m {", "model m {\n  dense 4 relu", "print (1 +", 'print "open']
    invalid_code_samples = ["model m { dense 4 relu }}", ")", "print 1 +"]

    code_generate_error = "print nope"

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "2 + 3", "result": "5"},
        {"code": '"dl"', "result": '"dl"'},
    ]
    code_display_data = [
        {"code": "plot [0.9, 0.5, 0.3, 0.2]", "mime": "image/svg+xml"},
        {"code": "model c { input 2; dense 4 relu; dense 2 softmax }\nsummary c", "mime": "text/html"},
    ]

    code_history_pattern = "6*"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "dense"


class DLKernelWelcome(jupyter_kernel_test.IopubWelcomeTests):
    """The kernel has no iopub welcome message (a 5.4 feature); the suite skips this."""

    kernel_name = support.KERNEL_NAME


if __name__ == "__main__":
    unittest.main()
