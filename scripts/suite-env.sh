#!/usr/bin/env bash
# Shared by run-suite.sh, stop-suite.sh and seed-demo.sh; source it with the
# environment name (dev or test) after setting `root` to the repository root.
#
# Locally the suite runs as one process, crm-suite (services/suite): the API
# gateway and every service behind it, each on its own loopback port. The
# gateway listens on CRM_GRPC_BASE_PORT (dev 127.0.0.1:50050, the port crmctl
# calls by default), the customer service on CRM_GRPC_BASE_PORT + 1, the
# hierarchy service on + 2, the opportunity service on + 3, the contract
# service on + 4, the collaboration service on + 5 and the scoring service on
# + 6 (only the gateway calls them). Kubernetes runs the same modules as
# separate binaries.
# shellcheck disable=SC2034  # the variables are used by the sourcing script

: "${root:?set root to the repository root before sourcing suite-env.sh}"
env_name=${1:?usage: source suite-env.sh dev|test}
# shellcheck source=deploy/local/ports.sh
source "$root/deploy/local/ports.sh" "$env_name"

build_dir=${CRM_BUILD_DIR:-$root/build}
state_dir="$root/.run/$env_name"
log_dir="$state_dir/logs"
pid_dir="$state_dir/pids"

suite_name=suite                     # pid file suite.pid, log suite.log, process crm-suite
suite_binary="$build_dir/services/suite/crm-suite"
crmctl_binary="$build_dir/tools/crmctl/crmctl"
gateway_port=$CRM_GRPC_BASE_PORT
customer_port=$((CRM_GRPC_BASE_PORT + 1))
hierarchy_port=$((CRM_GRPC_BASE_PORT + 2))
opportunity_port=$((CRM_GRPC_BASE_PORT + 3))
contract_port=$((CRM_GRPC_BASE_PORT + 4))
collaboration_port=$((CRM_GRPC_BASE_PORT + 5))
scoring_port=$((CRM_GRPC_BASE_PORT + 6))
gateway_address="127.0.0.1:$gateway_port"

# The pid of a running process started by run-suite.sh under `name` (pid file
# $pid_dir/<name>.pid, process crm-<name>), or nothing. The process name is
# checked too, so a recycled pid is never taken for ours.
service_pid() {
  local pid_file="$pid_dir/$1.pid" pid
  [ -f "$pid_file" ] || return 1
  pid=$(cat "$pid_file")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  [ "$(basename "$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | head -1)")" = "crm-$1" ] || return 1
  echo "$pid"
}

# Stops one process with SIGTERM (the servers drain their calls), SIGKILL
# after $2 seconds (default 15).
stop_pid() {
  local pid=$1 grace=${2:-15} label=${3:-pid $1}
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 $((grace * 10))); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  echo "$label ignored SIGTERM for ${grace}s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
