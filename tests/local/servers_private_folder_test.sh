#!/usr/bin/env bash
# deploy/local/servers.sh from a checkout in a folder only its owner may
# enter (0700, as root's home or a `mktemp -d` folder): PostgreSQL and Redis
# start, answer, stop, start again on the same cluster, and `clean` removes
# every trace, while the folder keeps its mode. As root this is the case
# where the postgres user cannot reach .run/ inside the checkout, so the
# cluster must live outside it; as a normal user it runs in place.
#
# Run by ctest with CRM_SOURCE_DIR and ports of its own (CRM_PG_PORT,
# CRM_REDIS_PORT), so it never meets the servers of `make run` or `make test`.
set -euo pipefail
source_dir=${CRM_SOURCE_DIR:?run through ctest}
pg_port=${CRM_PG_PORT:?run through ctest}
redis_port=${CRM_REDIS_PORT:?run through ctest}

parent=$(mktemp -d)   # mode 0700
checkout="$parent/crm"
mkdir -p "$checkout/deploy/local"
cp "$source_dir/deploy/local/servers.sh" "$source_dir/deploy/local/ports.sh" "$checkout/deploy/local/"
servers() { bash "$checkout/deploy/local/servers.sh" "$1" test; }

cleanup() {
  servers clean >/dev/null 2>&1 || true
  rm -rf "$parent"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$pg_port" "$redis_port"; do
  ! port_open "$p" || fail "port $p is taken by another process; this test needs it free"
done

pg_answers() {
  psql -X -h 127.0.0.1 -p "$pg_port" -U crm -d crm -tAc 'SHOW server_encoding' 2>/dev/null
}
redis_answers() { redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null; }

[ "$(stat -c %a "$parent")" = 700 ] || fail "mktemp -d made $parent with mode $(stat -c %a "$parent")"
if [ "$(id -u)" = 0 ] && (cd / && runuser -u postgres -- test -x "$checkout" 2>/dev/null); then
  fail "postgres can enter $checkout, so this test would not test what it claims"
fi

servers start >"$parent/out" 2>&1 || fail "start: $(cat "$parent/out")"
[ "$(pg_answers)" = UTF8 ] || fail "PostgreSQL does not answer on $pg_port with a UTF8 database crm"
[ "$(redis_answers)" = PONG ] || fail "Redis does not answer on $redis_port"
servers status >"$parent/out"
grep -q '^postgresql: running on' "$parent/out" || fail "status: $(cat "$parent/out")"
grep -q '^redis: running on' "$parent/out" || fail "status: $(cat "$parent/out")"

pg_dir="$checkout/.run/test/pg"
if [ "$(id -u)" = 0 ]; then
  # The cluster lives outside the checkout, in a folder postgres owns alone.
  [ -L "$pg_dir" ] || fail "$pg_dir is not a link to a folder postgres can reach"
  outside=$(readlink "$pg_dir")
  [ "$(stat -c '%U %a' "$outside")" = "postgres 700" ] ||
    fail "$outside is $(stat -c '%U %a' "$outside"), not postgres 700"
  [ -f "$outside/data/PG_VERSION" ] || fail "no cluster in $outside/data"
else
  [ -f "$pg_dir/data/PG_VERSION" ] || fail "no cluster in $pg_dir/data"
fi

# A second start changes nothing; stop stops both; a start after a stop
# finds the same cluster (the table made before the stop is still there).
servers start >"$parent/out" 2>&1 || fail "second start: $(cat "$parent/out")"
psql -X -q -h 127.0.0.1 -p "$pg_port" -U crm -d crm -c 'CREATE TABLE kept (id int)' ||
  fail "cannot create a table"
servers stop >"$parent/out" 2>&1 || fail "stop: $(cat "$parent/out")"
[ -z "$(pg_answers)" ] || fail "PostgreSQL still answers after stop"
[ -z "$(redis_answers)" ] || fail "Redis still answers after stop"
servers status >"$parent/out"
[ "$(grep -c ': stopped$' "$parent/out")" = 2 ] || fail "status after stop: $(cat "$parent/out")"
servers start >"$parent/out" 2>&1 || fail "start after stop: $(cat "$parent/out")"
psql -X -h 127.0.0.1 -p "$pg_port" -U crm -d crm -tAc 'SELECT count(*) FROM kept' >/dev/null 2>&1 ||
  fail "the cluster started after the stop is not the one stopped (table kept is gone)"

servers clean >"$parent/out" 2>&1 || fail "clean: $(cat "$parent/out")"
[ -z "$(pg_answers)" ] || fail "PostgreSQL still answers after clean"
[ ! -e "$pg_dir" ] && [ ! -L "$pg_dir" ] || fail "$pg_dir is still there after clean"
if [ -n "${outside:-}" ] && [ -e "$outside" ]; then fail "$outside is still there after clean"; fi
[ "$(stat -c %a "$parent")" = 700 ] || fail "the mode of $parent changed to $(stat -c %a "$parent")"
echo "PASS: servers.sh start, status, stop and clean from a 0700 folder as $(id -un)"
