#!/usr/bin/env bash
# Stops what run-suite.sh started for one environment: crm-suite (SIGTERM,
# which drains calls; SIGKILL after a grace period), and any process left
# from an older run-suite.sh that started the services one binary each. The
# PostgreSQL and Redis of the environment are left alone:
# deploy/local/servers.sh stop does that (`make stop` runs both).
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
    stop_pid "$pid" "$grace" "crm-$name (pid $pid)"
    echo "$env_name: stopped crm-$name (pid $pid)"
  fi
  rm -f "$pid_dir/$name.pid"
}

stop_service "$suite_name"
shopt -s nullglob
for pid_file in "$pid_dir"/*.pid; do
  stop_service "$(basename "$pid_file" .pid)"
done
