#!/usr/bin/env bash
# Starts or stops a private PostgreSQL cluster and Redis on loopback for one
# environment of this checkout: "dev" (make run) or "test" (make test).
#
#   deploy/local/servers.sh start|stop|status|clean dev|test
#
# State lives in .run/<env>/ (git-ignored); `clean` stops the servers and
# removes their state. Idempotent: start on a running environment does
# nothing, stop on a stopped one does nothing. Never touches a system-wide
# cluster. Works as root (PostgreSQL runs as the postgres user) and as a
# normal user, from any folder.
#
# As root, the postgres user must be able to enter every folder above the
# cluster's data folder. When it cannot (a checkout in root's 0700 home, or
# under a `mktemp -d` folder), the cluster lives in a folder of its own that
# postgres owns, /var/tmp/crm-pg-<hash of the checkout path>-<env> (0700;
# CRM_PG_OUTSIDE_DIR changes /var/tmp), and .run/<env>/pg is a symbolic link
# to it, so start, stop, status and clean find it. The permissions of the
# user's own folders are left as they are.
set -euo pipefail

action=${1:?usage: servers.sh start|stop|status|clean dev|test}
env_name=${2:?usage: servers.sh start|stop|status|clean dev|test}
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=deploy/local/ports.sh
source "$root/deploy/local/ports.sh" "$env_name"

state="$root/.run/$env_name"
pg_link="$state/pg"   # the cluster's folder, or a symbolic link to it
redis_dir="$state/redis"
pgbin=${CRM_PG_BIN:-/usr/lib/postgresql/15/bin}
is_root=false
[ "$(id -u)" = 0 ] && is_root=true

as_pg() {
  # PostgreSQL refuses to run as root; run its tools as the postgres user.
  if "$is_root"; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# Sets the cluster's paths from its folder. Every path given to PostgreSQL
# is the resolved one: postgres may not pass through the link's folder.
set_pg_paths() {
  pg_dir=$1
  pgdata="$pg_dir/data"
  pgsock="$pg_dir/socket"
  pglog="$pg_dir/postgres.log"
}
if [ -L "$pg_link" ]; then
  set_pg_paths "$(readlink "$pg_link")"
else
  set_pg_paths "$pg_link"
fi

# The folder outside the checkout for a cluster postgres cannot reach inside it.
outside_pg_dir() {
  local hash
  hash=$(printf '%s' "$root" | sha256sum | cut -c1-12)
  echo "${CRM_PG_OUTSIDE_DIR:-/var/tmp}/crm-pg-$hash-$env_name"
}

# Chooses and creates the cluster's folder before a start.
prepare_pg_dir() {
  mkdir -p "$state"
  if [ -L "$pg_link" ]; then
    [ -d "$pg_dir" ] && return 0
    # The outside folder was removed (a reboot, a tmp cleaner): choose again.
    rm -f "$pg_link"
    set_pg_paths "$pg_link"
  fi
  if ! "$is_root" || (cd / && runuser -u postgres -- test -x "$state"); then
    mkdir -p "$pg_dir"
    return 0
  fi
  if [ -f "$pg_link/data/PG_VERSION" ]; then
    echo "the postgres user cannot reach the cluster in $pg_link (a folder above it is closed" \
      "to other users); move the checkout, or run \`$0 clean $env_name\` (loses its data)" >&2
    exit 1
  fi
  # Nothing but a failed initdb's leftovers, if anything: start outside.
  rm -rf "$pg_link"
  local outside
  outside=$(outside_pg_dir)
  if [ -e "$outside" ] || [ -L "$outside" ]; then
    # A shared folder like /var/tmp: use only a folder of postgres' own.
    if [ -L "$outside" ] || [ ! -d "$outside" ] || [ "$(stat -c %U "$outside")" != postgres ]; then
      echo "$outside exists but is not a folder owned by postgres; remove it, or set" \
        "CRM_PG_OUTSIDE_DIR to another folder for the cluster" >&2
      exit 1
    fi
  else
    install -d -o postgres -g postgres -m 0700 "$outside"
  fi
  ln -s "$outside" "$pg_link"
  set_pg_paths "$outside"
  echo "$env_name: postgres cannot enter $state, so the cluster lives in $outside ($pg_link links to it)"
}

pg_running() { [ -f "$pgdata/postmaster.pid" ] && as_pg "$pgbin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; }

redis_running() {
  [ -f "$redis_dir/redis.pid" ] && kill -0 "$(cat "$redis_dir/redis.pid")" 2>/dev/null
}

start_pg() {
  if pg_running; then return 0; fi
  prepare_pg_dir
  mkdir -p "$pgsock"
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    mkdir -p "$pgdata"
    "$is_root" && chown -R postgres:postgres "$pg_dir"
    # An empty environment makes initdb pick C/SQL_ASCII, and then pg_trgm
    # makes no trigrams of Chinese text: force UTF-8 with a C.UTF-8 ctype.
    as_pg env -i PATH=/usr/bin:/bin "$pgbin/initdb" -D "$pgdata" -U crm \
      --auth=trust -E UTF8 --lc-collate=C --lc-ctype=C.UTF-8 --lc-messages=C \
      >"$pg_dir/initdb.log" 2>&1 || { cat "$pg_dir/initdb.log" >&2; exit 1; }
    cat >>"$pgdata/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $CRM_PG_PORT
unix_socket_directories = '$pgsock'
max_connections = 200
shared_buffers = 256MB
fsync = ${CRM_PG_FSYNC:-on}
synchronous_commit = ${CRM_PG_SYNC_COMMIT:-on}
log_min_messages = warning
CONF
  fi
  "$is_root" && chown -R postgres:postgres "$pg_dir"
  # A stale pid file from a killed server would block the start.
  rm -f "$pgdata/postmaster.pid"
  # The port asked for now wins over the one initdb wrote into
  # postgresql.conf, so a cluster made under other CRM_PG_PORT still starts.
  as_pg "$pgbin/pg_ctl" -D "$pgdata" -l "$pglog" -o "-p $CRM_PG_PORT" -w -t 60 start >/dev/null ||
    { tail -20 "$pglog" >&2; exit 1; }
  psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = 'crm'" | grep -q 1 ||
    psql_admin -c "CREATE DATABASE crm" >/dev/null
}

psql_admin() {
  psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$CRM_PG_PORT" -U crm -d postgres "$@"
}

stop_pg() {
  if pg_running; then
    as_pg "$pgbin/pg_ctl" -D "$pgdata" -m fast -w -t 60 stop >/dev/null
  fi
}

start_redis() {
  if redis_running; then return 0; fi
  mkdir -p "$redis_dir"
  redis-server --bind 127.0.0.1 --port "$CRM_REDIS_PORT" --save '' \
    --appendonly no --dir "$redis_dir" --daemonize yes \
    --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log"
  for _ in $(seq 1 100); do
    redis-cli -h 127.0.0.1 -p "$CRM_REDIS_PORT" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.05
  done
  echo "redis did not start on port $CRM_REDIS_PORT; see $redis_dir/redis.log" >&2
  exit 1
}

stop_redis() {
  if redis_running; then
    local pid
    pid=$(cat "$redis_dir/redis.pid")
    kill "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  fi
  rm -f "$redis_dir/redis.pid"
}

case "$action" in
  start)
    start_pg
    start_redis
    echo "$env_name: postgresql 127.0.0.1:$CRM_PG_PORT, redis 127.0.0.1:$CRM_REDIS_PORT"
    ;;
  stop)
    stop_redis
    stop_pg
    ;;
  status)
    pg_running && echo "postgresql: running on $CRM_PG_PORT, cluster in $pg_dir" ||
      echo "postgresql: stopped"
    redis_running && echo "redis: running on $CRM_REDIS_PORT" || echo "redis: stopped"
    ;;
  clean)
    stop_redis
    stop_pg
    # The folder outside the checkout first (only one this script names),
    # then the link to it.
    if [ -L "$pg_link" ]; then
      case $(basename "$pg_dir") in
        crm-pg-*-"$env_name") rm -rf "$pg_dir" ;;
        *) echo "$pg_link links to $pg_dir, not a cluster folder of this script; left as it is" >&2 ;;
      esac
    fi
    rm -rf "$pg_link" "$redis_dir"
    ;;
  *) echo "unknown action: $action" >&2; exit 2 ;;
esac
