"""Reads a safetensors file with nothing but the format's definition and numpy.

Prints each tensor's name, shape and sum, then the metadata's format and input shape, so a
Swift test can compare them with the model it saved. Run by the project's virtualenv
(.venv/bin/python), where scripts/setup installs numpy from scripts/requirements-test.txt.
"""
import json
import struct
import sys

import numpy as np

raw = open(sys.argv[1], "rb").read()
length = struct.unpack("<Q", raw[:8])[0]
header = json.loads(raw[8:8 + length])
meta = header.pop("__metadata__")
for name in sorted(header):
    entry = header[name]
    begin, end = entry["data_offsets"]
    values = np.frombuffer(raw[8 + length + begin:8 + length + end], dtype="<f4").reshape(entry["shape"])
    print(name, list(values.shape), "%.6f" % values.sum())
print(meta["format"], json.loads(meta["dl.model"])["inputShape"])
