#!/usr/bin/env bash
# Installs the Debian packages that building, testing and running the suite
# need, and only those that are missing, so a repeated run is quick and works
# offline. Extra package names may be given as arguments (e.g. clang-format).
#
#   scripts/install-deps.sh [package ...]
#
# Runs apt-get directly as root, otherwise through sudo (non-interactively
# when there is no terminal, as in CI).
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config
  # libraries
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libpqxx-dev libhiredis-dev libssl-dev prometheus-cpp-dev
  nlohmann-json3-dev
  # duplicate matching: traditional -> simplified folding, and the Unihan
  # Mandarin readings compiled into the customer rules (python3 generates them)
  libopencc-dev libopencc-data unicode-data python3
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libfuzzer-14-dev  # tests/fuzz: libFuzzer targets built with clang
  # local servers (postgresql brings psql, redis-server brings redis-cli)
  postgresql postgresql-contrib redis-server
  python3-grpcio python3-grpc-tools python3-protobuf  # the example ERP client's test
  "$@"
)

# One dpkg-query for all names; names dpkg has never heard of print nothing
# on stdout and count as missing.
installed=$(dpkg-query -W -f='${db:Status-Status} ${Package}\n' "${packages[@]}" 2>/dev/null |
  awk '$1 == "installed" { print $2 }' || true)
missing=()
for p in "${packages[@]}"; do
  grep -qxF -- "$p" <<<"$installed" || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "deps: installing ${missing[*]}"
if [ "$(id -u)" = 0 ]; then
  as_root=()
elif command -v sudo >/dev/null; then
  # Without a terminal sudo cannot ask for a password: fail fast instead.
  if [ -t 0 ]; then as_root=(sudo); else as_root=(sudo -n); fi
else
  echo "deps: not root and sudo is missing; install as root: apt-get install ${missing[*]}" >&2
  exit 1
fi

apt_env=(env DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=a)
"${as_root[@]}" "${apt_env[@]}" apt-get update -q
"${as_root[@]}" "${apt_env[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "deps: installed ${missing[*]}"
