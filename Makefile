# make run        installs what is missing, builds, trains a network and prints its loss table and plot
# make test       runs every test: Swift Testing, the kernel with real Jupyter clients, the notebooks, fuzzing
# make test-browser  JupyterLab in headless Chromium: the notebooks untrusted, a training (not in make test)
# make bench      compares speed, memory and accuracy with PyTorch and ipykernel side by side (docs/benchmarks.md)
# make stress     the stress suite in full: kernel soak, interrupts, clients, kill -9, malformed files
# make sanitize   the Swift tests under ThreadSanitizer, then AddressSanitizer (docs/reliability.md)
# make fuzz       runs libFuzzer over each reader of untrusted bytes for FUZZ_SECONDS (make test: 10 each)
# make install    puts dlrepl and dlkernel in PREFIX/bin and the kernelspec where Jupyter finds it
# make jupyter    opens JupyterLab (from the setup's virtualenv) with the DL kernel
# make notebooks  runs the notebooks again and saves their new outputs
SWIFT ?= swift
RELEASE = -c release
PREFIX ?= /usr/local

FUZZ_SECONDS ?= 120

.PHONY: run test test-jupyter test-browser bench build lint setup clean fuzz install jupyter notebooks stress sanitize

run: setup
	$(SWIFT) build $(RELEASE) --product dlrepl
	.build/release/dlrepl examples/quickstart.dl

# swift test builds every target (with testing enabled); test-jupyter then builds dlkernel and
# dlrepl as shipped. Building everything first as well would add a third whole build.
test: setup lint
	$(SWIFT) test $(RELEASE)
	$(MAKE) test-jupyter
	$(MAKE) fuzz FUZZ_SECONDS=10

# The kernel through real clients: jupyter_kernel_test, jupyter_client, and nbclient on every notebook.
test-jupyter:
	$(SWIFT) build $(RELEASE) --product dlkernel
	$(SWIFT) build $(RELEASE) --product dlrepl
	cd Tests/Jupyter && ../../.venv/bin/python -W ignore::ResourceWarning -m unittest -v \
		test_setup test_install test_conformance test_protocol test_robustness test_clients test_stress test_notebooks

# JupyterLab in headless Chromium (Debian's), as a person sees it: needs a browser and JupyterLab,
# so make test leaves it out. DL_BROWSER_SHOTS=folder keeps screenshots.
test-browser:
	scripts/setup --browser
	$(SWIFT) build $(RELEASE) --product dlkernel
	cd Tests/Jupyter && ../../.venv/bin/python -W ignore::ResourceWarning -m unittest -v test_browser

# The stress suite at full size (make test runs it short, in test-jupyter).
stress: setup
	$(SWIFT) build $(RELEASE)
	cd Tests/Jupyter && DL_STRESS=full ../../.venv/bin/python -W ignore::ResourceWarning -m unittest -v test_stress

# Each sanitizer builds apart (.build-tsan, .build-asan); DL_SANITIZER shortens the learning tests.
# Any report fails the run; leaks inside the toolchain's libraries are suppressed by name.
sanitize: setup
	DL_SANITIZER=thread TSAN_OPTIONS=halt_on_error=1 \
		$(SWIFT) test $(RELEASE) --sanitize=thread --build-path .build-tsan
	DL_SANITIZER=address LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan-suppressions.txt \
		$(SWIFT) test $(RELEASE) --sanitize=address --build-path .build-asan

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
# Each target (the language, the Jupyter wire format, the IDX, CSV and safetensors readers) runs for
# FUZZ_SECONDS from its seed corpus in fuzz/corpus/TARGET. Findings (crash-*, timeout-*, oom-*) are
# written to .build-fuzz/findings/TARGET-*; a finding fails the run, and the run ends by printing the
# input and naming the target, so that the last lines of a CI log say what failed.
FUZZ_TARGETS = language wire idx csv safetensors

fuzz:
	DL_FUZZ=1 $(SWIFT) build $(RELEASE) --build-path .build-fuzz --product dlfuzz -Xswiftc -sanitize=fuzzer
	mkdir -p .build-fuzz/findings
	set -e; for target in $(FUZZ_TARGETS); do \
		mkdir -p .build-fuzz/corpus/$$target; \
		echo "fuzz: $$target for $(FUZZ_SECONDS) s"; \
		.build-fuzz/release/dlfuzz $$target -max_total_time=$(FUZZ_SECONDS) -timeout=30 -rss_limit_mb=4096 \
			-artifact_prefix=.build-fuzz/findings/$$target- -print_final_stats=1 \
			.build-fuzz/corpus/$$target fuzz/corpus/$$target > .build-fuzz/$$target.log 2>&1 \
			|| { tail -40 .build-fuzz/$$target.log; \
				for finding in .build-fuzz/findings/$$target-*; do \
					echo "--- the input, $$finding:"; head -c 2000 "$$finding" | cat -v; echo; done; \
				echo "fuzz: the $$target target failed (its log ends above, then its input)"; exit 1; }; \
		grep -h stat::number_of_executed_units .build-fuzz/$$target.log; \
	done

clean:
	rm -rf .build .build-fuzz .build-tsan .build-asan
