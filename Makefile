# make run    installs what is missing, builds, trains a network and prints its loss table and plot
# make test   runs every test
# make bench  compares speed, memory and accuracy with PyTorch side by side (bench/README.md)
# make fuzz   runs libFuzzer over the DL language for FUZZ_SECONDS (make test runs it for 20)
SWIFT ?= swift
RELEASE = -c release

FUZZ_SECONDS ?= 120

.PHONY: run test bench build lint setup clean fuzz

run: setup
	$(SWIFT) build $(RELEASE) --product dlrepl
	.build/release/dlrepl examples/quickstart.dl

test: setup lint
	$(SWIFT) build $(RELEASE)
	$(SWIFT) test $(RELEASE)
	$(MAKE) fuzz FUZZ_SECONDS=20

bench:
	scripts/setup --bench
	$(SWIFT) build $(RELEASE) --product dlbench
	$(SWIFT) build $(RELEASE) --product dlrepl
	python3 bench/compare.py

build:
	$(SWIFT) build $(RELEASE)

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

setup:
	scripts/setup

# dlfuzz exists only when DL_FUZZ is set (see Package.swift); its build lives apart, in .build-fuzz.
# Findings (crash-*, timeout-*) are written to .build-fuzz/findings; a finding fails the run.
fuzz:
	DL_FUZZ=1 $(SWIFT) build $(RELEASE) --build-path .build-fuzz --product dlfuzz -Xswiftc -sanitize=fuzzer
	mkdir -p .build-fuzz/corpus .build-fuzz/findings
	.build-fuzz/release/dlfuzz -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=4096 \
		-artifact_prefix=.build-fuzz/findings/ -print_final_stats=1 .build-fuzz/corpus fuzz/corpus

clean:
	rm -rf .build .build-fuzz
