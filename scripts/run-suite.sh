#!/usr/bin/env bash
# Starts the suite locally for one environment: its private PostgreSQL and
# Redis (deploy/local/servers.sh), then every built service in the background,
# waits until each answers, and prints how to use it.
#
#   scripts/run-suite.sh dev|test
#
# Logs: .run/<env>/logs/<service>.log; pid files: .run/<env>/pids/. Running it
# again starts only what is not running. If anything fails to come up, what
# this run started is stopped again. Stop everything with `make stop`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/suite-env.sh
source "$root/scripts/suite-env.sh" "${1:-dev}"

ready_timeout=${CRM_READY_TIMEOUT_SECONDS:-90}
crmctl="$build_dir/tools/crmctl/crmctl"
servers="$root/deploy/local/servers.sh"

# How many of the environment's two servers (PostgreSQL, Redis) are running.
servers_running() { bash "$servers" status "$1" | grep -c ': running' || true; }
servers_were_running=false
if [ "$(servers_running "$env_name")" = 2 ]; then
  servers_were_running=true
fi

started=()   # services this run started
succeeded=false
cleanup() {
  "$succeeded" && return 0
  local name pid
  for name in "${started[@]}"; do
    # The pid file, not service_pid: a process this run just forked may not
    # carry the service's name yet.
    pid=$(cat "$pid_dir/$name.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pid_dir/$name.pid"
  done
  if ! "$servers_were_running"; then
    bash "$servers" stop "$env_name" || true
  fi
  echo "$env_name: start-up failed; stopped what this run had started" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bash "$servers" start "$env_name"
mkdir -p "$log_dir" "$pid_dir"

mapfile -t services < <(suite_services)
if [ "${#services[@]}" -eq 0 ]; then
  echo "no services found under services/" >&2
  exit 1
fi

start_service() {
  local name=$1 offset=$2 binary port metrics
  binary=$(service_binary "$name")
  port=$(service_port "$name" "$offset")
  metrics=$(metrics_port "$name" "$offset")
  if service_pid "$name" >/dev/null; then
    echo "$env_name: crm-$name already running on 127.0.0.1:$port"
    return 0
  fi
  if [ ! -x "$binary" ]; then
    echo "$binary is missing; run \`make build\` first" >&2
    exit 1
  fi
  for p in "$port" "$metrics"; do
    if port_open "$p"; then
      echo "port $p (crm-$name) is taken by another process; stop it or choose other ports" >&2
      exit 1
    fi
  done
  echo "=== $(date -Is) starting crm-$name" >>"$log_dir/$name.log"
  # setsid: the service outlives this script and is not hit by the Ctrl-C
  # that interrupts a later command in the same terminal.
  setsid "$binary" \
    --listen="127.0.0.1:$port" \
    --metrics_address="127.0.0.1:$metrics" \
    --pg_dsn="$CRM_PG_DSN" \
    --redis_address="$CRM_REDIS_ADDRESS" \
    </dev/null >>"$log_dir/$name.log" 2>&1 &
  echo $! >"$pid_dir/$name.pid"
  started+=("$name")
  echo "$env_name: started crm-$name (pid $!) on 127.0.0.1:$port, metrics :$metrics"
}

# crmctl's `health` command asks grpc.health.v1; until crmctl has it, an
# accepted TCP connection counts as ready (the services open their port only
# after migrations have run).
crmctl_has_health=false
if [ -x "$crmctl" ] &&
  grep -qE '(^|[[:space:]])health([[:space:]]|$)' <<<"$("$crmctl" --help 2>&1 || true)"; then
  crmctl_has_health=true
fi

wait_ready() {
  local name=$1 offset=$2 port pid deadline
  port=$(service_port "$name" "$offset")
  deadline=$((SECONDS + ready_timeout))
  while ((SECONDS < deadline)); do
    pid=$(cat "$pid_dir/$name.pid")
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "crm-$name exited during start-up; last lines of $log_dir/$name.log:" >&2
      tail -n 30 "$log_dir/$name.log" >&2 || true
      exit 1
    fi
    if port_open "$port"; then
      if ! "$crmctl_has_health" ||
        timeout 5 "$crmctl" health --server "127.0.0.1:$port" >/dev/null 2>&1; then
        return 0
      fi
    fi
    sleep 0.2
  done
  echo "crm-$name did not become ready on 127.0.0.1:$port within ${ready_timeout}s; see $log_dir/$name.log" >&2
  exit 1
}

for entry in "${services[@]}"; do
  start_service "${entry%%:*}" "${entry##*:}"
done
for entry in "${services[@]}"; do
  wait_ready "${entry%%:*}" "${entry##*:}"
done
succeeded=true

crmctl_rel=${crmctl#"$root"/}

cat <<USAGE

The CRM suite is running ($env_name):
$(for entry in "${services[@]}"; do
  printf '  %-14s grpc 127.0.0.1:%s  metrics http://127.0.0.1:%s/metrics  log %s\n' \
    "${entry%%:*}" "$(service_port "${entry%%:*}" "${entry##*:}")" \
    "$(metrics_port "${entry%%:*}" "${entry##*:}")" "${log_dir#"$root"/}/${entry%%:*}.log"
done)
  postgresql     psql "$CRM_PG_DSN"
  redis          redis-cli -p $CRM_REDIS_PORT

Try it with crmctl (it calls the gateway on 127.0.0.1:50050; --as USER@ORGUNIT
mints a local development token for that caller, default admin@hq):
  $crmctl_rel health
  $crmctl_rel --as li@sub-east customer create --legal-name '上海华信能源科技有限公司'
  $crmctl_rel customer list
  $crmctl_rel help            (every command; "help customer create" for one)
USAGE
if [ ! -x "$crmctl" ]; then
  echo "  (crmctl is not built yet: $crmctl_rel is missing)"
fi
echo
echo "Stop everything with: make stop"
