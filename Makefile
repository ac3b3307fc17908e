# Funnel — see README.md. `make run` and `make test` are all a new machine needs.
SHELL := /bin/bash
BUILD ?= build
JOBS ?= $(shell nproc)
LISTEN ?= 127.0.0.1:8080
DATA ?= $(CURDIR)/data

.PHONY: all deps deps-test deps-bench build build-server build-web run test test-unit test-api test-e2e bench bench-quick clean

all: build

deps:
	@scripts/deps.sh

deps-test:
	@scripts/deps.sh --test

deps-bench:
	@scripts/deps.sh --bench

$(BUILD)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release

build-server: $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

build-web:
	cd web && npm run build

# Release build of the server and the web UI; the binary is build/funnel.
build: deps build-server build-web

# Build, create the database and load the demo county on first run (the
# administrators' and demo accounts' passwords are printed once; set
# FUNNEL_DEMO_PASSWORD to choose the demo accounts' password), then serve on
# http://$(LISTEN).
run: build
	@if [ ! -f "$(DATA)/keys/master.key" ]; then \
	  $(BUILD)/funnel init --data-dir "$(DATA)" && $(BUILD)/funnel demo --data-dir "$(DATA)"; fi
	$(BUILD)/funnel serve --data-dir "$(DATA)" --listen $(LISTEN)

# Every test: unit (GoogleTest, SQLite and PostgreSQL), API over real HTTP on
# both databases, and the browser tests in headless Chromium.
test: deps-test build
	scripts/test.sh

test-unit: build-server
	scripts/test.sh unit

test-api: build-server
	scripts/test.sh api

test-e2e: build
	scripts/test.sh e2e

# The benchmark harness (docs/benchmarks.md): every bar on SQLite and
# PostgreSQL, county and province sets; results in bench/results/<date>.md.
bench: deps-bench build-server
	bench/run.sh

# A 2-minute subset: SQLite, the county set.
bench-quick: deps-bench build-server
	bench/run.sh --quick

clean:
	rm -rf $(BUILD) web/dist
