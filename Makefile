# make run    installs what is missing, builds, trains a network and prints its loss table and plot
# make test   runs every test
# make bench  compares speed, memory and accuracy with PyTorch side by side (bench/README.md)
SWIFT ?= swift
RELEASE = -c release

.PHONY: run test bench build lint setup clean

run: setup
	$(SWIFT) build $(RELEASE) --product dlrepl
	.build/release/dlrepl examples/quickstart.dl

test: setup lint
	$(SWIFT) build $(RELEASE)
	$(SWIFT) test $(RELEASE)

bench:
	scripts/setup --bench
	$(SWIFT) build $(RELEASE) --product dlbench
	python3 bench/compare.py

build:
	$(SWIFT) build $(RELEASE)

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

setup:
	scripts/setup

clean:
	rm -rf .build
