#!/usr/bin/env bash
# Runs the benchmarks (build/bench/crm_bench) against the private PostgreSQL
# and Redis of the test environment, which it starts and stops again (unless
# they were already running). Arguments go to crm_bench, e.g.
# --benchmark_filter=Customer. With --scoring first, the scoring service's
# bench (build/bench/scoring_bench) runs instead, with the arguments after it.
#
#   scripts/bench.sh [crm_bench arguments]
#   scripts/bench.sh --scoring [scoring_bench arguments, e.g. --scoring_customers=100000]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${CRM_BUILD_DIR:-$root/build}
bench="$build_dir/bench/crm_bench"
if [ "${1:-}" = --scoring ]; then
  shift
  bench="$build_dir/bench/scoring_bench"
fi
servers="$root/deploy/local/servers.sh"

if [ ! -x "$bench" ]; then
  echo "${bench#"$root"/} is not built: ninja -C ${build_dir#"$root"/} $(basename "$bench")" >&2
  exit 1
fi

# shellcheck source=deploy/local/ports.sh
source "$root/deploy/local/ports.sh" test
export CRM_TEST_PG_DSN=$CRM_PG_DSN CRM_TEST_REDIS_ADDRESS=$CRM_REDIS_ADDRESS CRM_SOURCE_DIR=$root

# How many of the environment's two servers (PostgreSQL, Redis) are running.
servers_running() { bash "$servers" status "$1" | grep -c ': running' || true; }
servers_were_running=false
if [ "$(servers_running test)" = 2 ]; then
  servers_were_running=true
fi
cleanup() {
  if ! "$servers_were_running"; then bash "$servers" stop test || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bash "$servers" start test
"$bench" "$@"
