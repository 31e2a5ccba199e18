#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/targets with clang
# (-fsanitize=fuzzer,address,undefined) in a build folder of their own and
# runs each for a bounded time from its committed corpus in
# tests/fuzz/corpus/<target>/. Fails on the first crash, sanitizer report,
# leak, timeout or broken invariant; the input that did it is kept in the
# build folder (artifacts/) and named in the output. New inputs the fuzzer
# finds go to the build folder too, never into the committed corpus.
#
#   tests/fuzz/run.sh [TARGET ...]      e.g. tests/fuzz/run.sh uscc page_token
#
#   CRM_FUZZ_SECONDS    fuzzing time per target (default 8); 0 only runs the
#                       corpus once, as a regression test
#   CRM_FUZZ_BUILD_DIR  the build folder (default $CRM_BUILD_DIR/fuzz, else
#                       build/fuzz)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build_dir=${CRM_FUZZ_BUILD_DIR:-${CRM_BUILD_DIR:-$root/build}/fuzz}
seconds=${CRM_FUZZ_SECONDS:-8}
export CCACHE_DIR=${CCACHE_DIR:-$root/.cache/ccache} CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}

all_targets=()
for dir in "$here"/corpus/*/; do all_targets+=("$(basename "$dir")"); done
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=("${all_targets[@]}")

if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ is missing; run scripts/install-deps.sh (it installs clang)" >&2
  exit 1
fi
if [ ! -f "$build_dir/build.ninja" ]; then
  cmake -S "$here/targets" -B "$build_dir" -G Ninja -DCMAKE_CXX_COMPILER=clang++ >/dev/null
fi
ninja -C "$build_dir" "${targets[@]/%/_fuzz}"

mkdir -p "$build_dir/artifacts"
passed=0
failed=()
for target in "${targets[@]}"; do
  corpus="$here/corpus/$target"
  if [ ! -d "$corpus" ]; then
    echo "fuzz: no corpus folder $corpus for target $target" >&2
    exit 1
  fi
  # What this run finds goes first (libFuzzer writes to the first folder).
  found="$build_dir/found/$target"
  mkdir -p "$found"
  options=(-artifact_prefix="$build_dir/artifacts/$target-" -max_len=8192 -timeout=10
           -rss_limit_mb=2048 -print_final_stats=1)
  if [ "$seconds" = 0 ]; then
    options+=(-runs=0)
  else
    options+=(-max_total_time="$seconds")
  fi
  echo "fuzz: $target for ${seconds}s from $(find "$corpus" -type f | wc -l) seeds"
  if "$build_dir/${target}_fuzz" "${options[@]}" "$found" "$corpus" \
      >"$build_dir/$target.log" 2>&1; then
    grep -E '^stat::number_of_executed_units' "$build_dir/$target.log" | sed "s/^/fuzz: $target /" || true
    passed=$((passed + 1))
  else
    echo "fuzz: $target FAILED; its log ($build_dir/$target.log) ends:" >&2
    tail -n 40 "$build_dir/$target.log" >&2
    failed+=("$target")
  fi
done

echo "fuzz: ${passed} passed, ${#failed[@]} failed${failed:+ (${failed[*]})}"
[ "${#failed[@]}" -eq 0 ]
