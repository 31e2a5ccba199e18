# Entry points for building, testing and running the CRM suite locally.
# `make help` lists the targets. Every target installs missing Debian packages
# first (scripts/install-deps.sh), so a fresh Debian 12 machine needs only make.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

BUILD_DIR := build
BUILD_TYPE ?= RelWithDebInfo
# Extra CMake arguments for the first configure, e.g. -DCRM_TEST_PG_PORT=35432
CMAKE_ARGS ?=
# ctest label filter: unit, db or e2e (empty: all tests).
LABEL ?=
# Extra arguments for build/bench/crm_bench, e.g. BENCH_ARGS=--benchmark_filter=Get
BENCH_ARGS ?=

# Compiler cache kept in the checkout (git-ignored) so CI can keep it between
# runs; `make clean` leaves it. Set CCACHE_DIR to share one elsewhere.
export CCACHE_DIR ?= $(CURDIR)/.cache/ccache
export CCACHE_BASEDIR ?= $(CURDIR)
# Builds carry debug info (-g), for which ccache would otherwise hash the
# build folder, so a cache shared by two clones (CI) would never hit.
export CCACHE_NOHASHDIR ?= 1
export CCACHE_MAXSIZE ?= 3G
export DEBIAN_FRONTEND ?= noninteractive
# The scripts find the binaries here (also when BUILD_DIR is given).
export CRM_BUILD_DIR ?= $(abspath $(BUILD_DIR))

.PHONY: help deps configure build test run stop status bench clean format format-check

help:
	@echo 'make deps      install missing Debian packages (apt; sudo when not root)'
	@echo 'make build     configure $(BUILD_DIR)/ (once) with CMake + Ninja, then build'
	@echo 'make test      build, then run every test with ctest (LABEL=unit|db|e2e to filter);'
	@echo '               db/e2e tests get a private PostgreSQL and Redis (.run/test/)'
	@echo 'make run       build, start PostgreSQL, Redis and crm-suite (.run/dev/), seed a demo, leave them running'
	@echo 'make status    show what is running for `make run`'
	@echo 'make stop      stop what `make run` started'
	@echo 'make bench     build, then run $(BUILD_DIR)/bench/crm_bench against the test servers'
	@echo 'make format    clang-format our C++ sources in place (.clang-format)'
	@echo 'make format-check  fail when a C++ source is not formatted (CI runs it)'
	@echo 'make clean     stop everything, then remove $(BUILD_DIR)/, .run/ and the clusters kept'
	@echo '               outside it (see README: where the state lives; keeps .cache/)'

deps:
	@bash scripts/install-deps.sh

# Configure only when the build folder has no build.ninja yet; afterwards
# Ninja re-runs CMake by itself when a CMakeLists.txt changes.
configure: deps
	@if [ ! -f $(BUILD_DIR)/build.ninja ]; then \
	  cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS); \
	fi

build: configure
	ninja -C $(BUILD_DIR)

test: build
	bash scripts/run-tests.sh $(if $(LABEL),-L $(LABEL))

run: build
	bash scripts/run-suite.sh dev

status:
	@bash deploy/local/servers.sh status dev
	@for f in .run/dev/pids/*.pid; do \
	  [ -f "$$f" ] || continue; \
	  pid=$$(cat "$$f"); name=$$(basename "$$f" .pid); \
	  if kill -0 "$$pid" 2>/dev/null; then echo "crm-$$name: running (pid $$pid)"; \
	  else echo "crm-$$name: stopped (stale pid file)"; fi; \
	done

stop:
	bash scripts/stop-suite.sh dev
	bash deploy/local/servers.sh stop dev

bench: build
	bash scripts/bench.sh $(BENCH_ARGS)

clean:
	bash scripts/stop-suite.sh dev
	bash deploy/local/servers.sh clean dev
	bash deploy/local/servers.sh clean test
	rm -rf $(BUILD_DIR) .run

# Our C++ only: generated code lives in build folders, vendored protos are not ours.
FORMAT_DIRS := libs services tools tests bench
format:
	@bash scripts/install-deps.sh clang-format
	find $(FORMAT_DIRS) -type f \( -name '*.cc' -o -name '*.h' \) -print0 | \
	  xargs -0 -r clang-format -i --style=file

format-check:
	@bash scripts/install-deps.sh clang-format
	@find $(FORMAT_DIRS) -type f \( -name '*.cc' -o -name '*.h' \) -print0 | \
	  xargs -0 -r clang-format --dry-run --Werror --style=file || \
	  { echo 'format-check: run `make format` and commit the result' >&2; exit 1; }
