#!/usr/bin/env bash
# Shared by run-suite.sh and stop-suite.sh; source it with the environment
# name (dev or test) after setting `root` to the repository root.
#
# The services of the suite and their port offsets. Each service <name> is
# built as build/services/<name>/crm-<name> and listens on gRPC port
# CRM_GRPC_BASE_PORT + offset and metrics port CRM_METRICS_BASE_PORT + offset.
# A service is part of the local suite once services/<name>/CMakeLists.txt
# builds its binary crm-<name>, so adding a service needs no change here.
# shellcheck disable=SC2034  # the variables are used by the sourcing script
CRM_SUITE_SERVICES=(
  gateway:0
  customer:1
  hierarchy:2
  opportunity:3
  contract:4
  collaboration:5
  scoring:6
)

: "${root:?set root to the repository root before sourcing suite-env.sh}"
env_name=${1:?usage: source suite-env.sh dev|test}
# shellcheck source=deploy/local/ports.sh
source "$root/deploy/local/ports.sh" "$env_name"
case "$env_name" in
  dev) CRM_METRICS_BASE_PORT=${CRM_METRICS_BASE_PORT:-9463} ;;
  test) CRM_METRICS_BASE_PORT=${CRM_METRICS_BASE_PORT:-19463} ;;
esac

build_dir=${CRM_BUILD_DIR:-$root/build}
state_dir="$root/.run/$env_name"
log_dir="$state_dir/logs"
pid_dir="$state_dir/pids"

# The services whose sources exist, as "name:offset" words.
suite_services() {
  local entry
  for entry in "${CRM_SUITE_SERVICES[@]}"; do
    grep -qs "add_executable(crm-${entry%%:*}[ )]" "$root/services/${entry%%:*}/CMakeLists.txt" && echo "$entry"
  done
  return 0
}

service_binary() { echo "$build_dir/services/$1/crm-$1"; }
service_port() { echo $((CRM_GRPC_BASE_PORT + $2)); }
metrics_port() { echo $((CRM_METRICS_BASE_PORT + $2)); }

# The pid of a running service started by run-suite.sh, or nothing. The
# process name is checked too, so a recycled pid is never taken for ours.
service_pid() {
  local pid_file="$pid_dir/$1.pid" pid
  [ -f "$pid_file" ] || return 1
  pid=$(cat "$pid_file")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  [ "$(basename "$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | head -1)")" = "crm-$1" ] || return 1
  echo "$pid"
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
