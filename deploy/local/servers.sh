#!/usr/bin/env bash
# Starts or stops a private PostgreSQL cluster and Redis on loopback for one
# environment of this checkout: "dev" (make run) or "test" (make test).
#
#   deploy/local/servers.sh start|stop|status dev|test
#
# State lives in .run/<env>/ (git-ignored). Idempotent: start on a running
# environment does nothing, stop on a stopped one does nothing. Never touches
# a system-wide cluster. Works as root (PostgreSQL runs as the postgres user)
# and as a normal user.
set -euo pipefail

action=${1:?usage: servers.sh start|stop|status dev|test}
env_name=${2:?usage: servers.sh start|stop|status dev|test}
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=deploy/local/ports.sh
source "$root/deploy/local/ports.sh" "$env_name"

state="$root/.run/$env_name"
pgdata="$state/pg/data"
pgsock="$state/pg/socket"
pglog="$state/pg/postgres.log"
redis_dir="$state/redis"
pgbin=${CRM_PG_BIN:-/usr/lib/postgresql/15/bin}

as_pg() {
  # PostgreSQL refuses to run as root; run its tools as the postgres user.
  if [ "$(id -u)" = 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

pg_running() { [ -f "$pgdata/postmaster.pid" ] && as_pg "$pgbin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; }

redis_running() {
  [ -f "$redis_dir/redis.pid" ] && kill -0 "$(cat "$redis_dir/redis.pid")" 2>/dev/null
}

start_pg() {
  if pg_running; then return 0; fi
  mkdir -p "$state/pg" "$pgsock"
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    mkdir -p "$pgdata"
    [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$state/pg"
    # An empty environment makes initdb pick C/SQL_ASCII, and then pg_trgm
    # makes no trigrams of Chinese text: force UTF-8 with a C.UTF-8 ctype.
    as_pg env -i PATH=/usr/bin:/bin "$pgbin/initdb" -D "$pgdata" -U crm \
      --auth=trust -E UTF8 --lc-collate=C --lc-ctype=C.UTF-8 --lc-messages=C \
      >"$state/pg/initdb.log" 2>&1 || { cat "$state/pg/initdb.log" >&2; exit 1; }
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
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$state/pg"
  # A stale pid file from a killed server would block the start.
  rm -f "$pgdata/postmaster.pid"
  as_pg "$pgbin/pg_ctl" -D "$pgdata" -l "$pglog" -w -t 60 start >/dev/null ||
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
    pg_running && echo "postgresql: running on $CRM_PG_PORT" || echo "postgresql: stopped"
    redis_running && echo "redis: running on $CRM_REDIS_PORT" || echo "redis: stopped"
    ;;
  *) echo "unknown action: $action" >&2; exit 2 ;;
esac
