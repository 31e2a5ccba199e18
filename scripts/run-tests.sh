#!/usr/bin/env bash
# Runs every test of the build folder with ctest; arguments go to ctest
# (e.g. -L db). The test PostgreSQL and Redis are started and stopped by the
# ctest fixture "servers" (tests/CMakeLists.txt); should ctest be interrupted
# before its cleanup runs, the trap here stops them.
#
#   scripts/run-tests.sh [ctest arguments]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${CRM_BUILD_DIR:-$root/build}
servers="$root/deploy/local/servers.sh"

if [ ! -f "$build_dir/CTestTestfile.cmake" ]; then
  echo "$build_dir has no tests; run \`make build\` first" >&2
  exit 1
fi

# How many of the environment's two servers (PostgreSQL, Redis) are running.
servers_running() { bash "$servers" status "$1" | grep -c ': running' || true; }
servers_were_running=false
if [ "$(servers_running test)" = 2 ]; then
  servers_were_running=true
fi
cleanup() {
  if ! "$servers_were_running" && [ "$(servers_running test)" != 0 ]; then
    echo "stopping the test servers left running" >&2
    bash "$servers" stop test || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Tests run in a random order each time (gtest prints the seed; rerun one with
# --gtest_random_seed=N), so none leans on another having run first.
export GTEST_SHUFFLE=${GTEST_SHUFFLE:-1}
ctest --test-dir "$build_dir" --output-on-failure -j"${CRM_TEST_JOBS:-2}" "$@"
