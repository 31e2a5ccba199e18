#!/usr/bin/env bash
# Stops the services that run-suite.sh started for one environment (SIGTERM,
# which drains calls; SIGKILL after a grace period). The PostgreSQL and Redis
# of the environment are left alone: deploy/local/servers.sh stop does that.
#
#   scripts/stop-suite.sh dev|test
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/suite-env.sh
source "$root/scripts/suite-env.sh" "${1:-dev}"

grace=${CRM_STOP_GRACE_SECONDS:-15}

stop_service() {
  local name=$1 pid
  if pid=$(service_pid "$name"); then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 $((grace * 10))); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "crm-$name (pid $pid) ignored SIGTERM for ${grace}s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    echo "$env_name: stopped crm-$name (pid $pid)"
  fi
  rm -f "$pid_dir/$name.pid"
}

# The gateway first, so no new calls reach the services behind it; then any
# pid file left from a run whose service list differed.
for entry in "${CRM_SUITE_SERVICES[@]}"; do
  stop_service "${entry%%:*}"
done
shopt -s nullglob
for pid_file in "$pid_dir"/*.pid; do
  stop_service "$(basename "$pid_file" .pid)"
done
