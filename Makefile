# make run        installs what is missing, builds, trains a network and prints its loss table and plot
# make test       runs every test: Swift Testing, the kernel with real Jupyter clients, the notebooks, fuzzing
# make bench      compares speed, memory and accuracy with PyTorch and ipykernel side by side (bench/README.md)
# make fuzz       runs libFuzzer over the DL language for FUZZ_SECONDS (make test runs it for 20)
# make install    puts dlrepl and dlkernel in PREFIX/bin and the kernelspec where Jupyter finds it
# make jupyter    opens JupyterLab (from the setup's virtualenv) with the DL kernel
# make notebooks  runs the notebooks again and saves their new outputs
SWIFT ?= swift
RELEASE = -c release
PREFIX ?= /usr/local

FUZZ_SECONDS ?= 120

.PHONY: run test test-jupyter bench build lint setup clean fuzz install jupyter notebooks

run: setup
	$(SWIFT) build $(RELEASE) --product dlrepl
	.build/release/dlrepl examples/quickstart.dl

test: setup lint
	$(SWIFT) build $(RELEASE)
	$(SWIFT) test $(RELEASE)
	$(MAKE) test-jupyter
	$(MAKE) fuzz FUZZ_SECONDS=20

# The kernel through real clients: jupyter_kernel_test, jupyter_client, and nbclient on every notebook.
test-jupyter:
	$(SWIFT) build $(RELEASE) --product dlkernel
	cd Tests/Jupyter && ../../.venv/bin/python -W ignore::ResourceWarning -m unittest -v \
		test_setup test_install test_conformance test_protocol test_robustness test_notebooks

bench:
	scripts/setup --bench
	$(SWIFT) build $(RELEASE) --product dlbench
	$(SWIFT) build $(RELEASE) --product dlrepl
	$(SWIFT) build $(RELEASE) --product dlkernel
	python3 bench/compare.py

build:
	$(SWIFT) build $(RELEASE)

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

setup:
	scripts/setup

# PREFIX/bin gets the binaries, PREFIX/share/doc/dl the language reference; the kernelspec goes
# to PREFIX/share/jupyter/kernels/dl, where Jupyter looks when PREFIX is /usr/local or /usr.
install: build
	install -d $(PREFIX)/bin $(PREFIX)/share/doc/dl
	install -m 755 .build/release/dlrepl .build/release/dlkernel $(PREFIX)/bin/
	install -m 644 docs/language.md $(PREFIX)/share/doc/dl/
	$(PREFIX)/bin/dlkernel install --prefix $(PREFIX)

# JupyterLab from PyPI in .venv, with the kernelspec installed into that virtualenv.
jupyter:
	scripts/setup --jupyter
	$(SWIFT) build $(RELEASE) --product dlkernel
	VIRTUAL_ENV=$(CURDIR)/.venv .build/release/dlkernel install --sys-prefix
	.venv/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks

notebooks:
	$(SWIFT) build $(RELEASE) --product dlkernel
	scripts/run-notebooks

# dlfuzz exists only when DL_FUZZ is set (see Package.swift); its build lives apart, in .build-fuzz.
# Findings (crash-*, timeout-*) are written to .build-fuzz/findings; a finding fails the run.
fuzz:
	DL_FUZZ=1 $(SWIFT) build $(RELEASE) --build-path .build-fuzz --product dlfuzz -Xswiftc -sanitize=fuzzer
	mkdir -p .build-fuzz/corpus .build-fuzz/findings
	.build-fuzz/release/dlfuzz -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=4096 \
		-artifact_prefix=.build-fuzz/findings/ -print_final_stats=1 .build-fuzz/corpus fuzz/corpus

clean:
	rm -rf .build .build-fuzz
