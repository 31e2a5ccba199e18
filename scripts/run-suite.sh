#!/usr/bin/env bash
# Starts the suite locally for one environment: its private PostgreSQL and
# Redis (deploy/local/servers.sh), then crm-suite, the gateway and every
# service in one process, in the background; waits until the gateway is
# SERVING, seeds a demo organisation and customers (scripts/seed-demo.sh) and
# prints how to use it.
#
#   scripts/run-suite.sh dev|test
#
# Log: .run/<env>/logs/suite.log; pid file: .run/<env>/pids/suite.pid.
# Running it again keeps a crm-suite that is running (restarting it only when
# the binary was rebuilt since it started) and seeds again, which changes
# nothing that is already there. If start-up fails, what this run started is
# stopped again. Stop everything with `make stop`.
#
# CRM_SEED_DEMO=0 skips the demo data.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/suite-env.sh
source "$root/scripts/suite-env.sh" "${1:-dev}"

ready_timeout=${CRM_READY_TIMEOUT_SECONDS:-90}
servers="$root/deploy/local/servers.sh"
log_file="$log_dir/$suite_name.log"
pid_file="$pid_dir/$suite_name.pid"

for binary in "$suite_binary" "$crmctl_binary"; do
  if [ ! -x "$binary" ]; then
    echo "$binary is missing; run \`make build\` first" >&2
    exit 1
  fi
done

# How many of the environment's two servers (PostgreSQL, Redis) are running.
servers_running() { bash "$servers" status "$1" | grep -c ': running' || true; }
servers_were_running=false
if [ "$(servers_running "$env_name")" = 2 ]; then
  servers_were_running=true
fi

started=false   # whether this run started crm-suite
succeeded=false
cleanup() {
  "$succeeded" && return 0
  local pid
  if "$started"; then
    # The pid file, not service_pid: a process this run just forked may not
    # carry the binary's name yet.
    pid=$(cat "$pid_file" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      stop_pid "$pid" 10 "crm-suite (pid $pid)"
    fi
    rm -f "$pid_file"
  fi
  if ! "$servers_were_running"; then
    bash "$servers" stop "$env_name" || true
  fi
  echo "$env_name: start-up failed; stopped what this run had started" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bash "$servers" start "$env_name"
mkdir -p "$log_dir" "$pid_dir"

# Processes of an older run-suite.sh, which started crm-gateway, crm-customer,
# ... one binary each on the ports crm-suite needs now.
shopt -s nullglob
for old in "$pid_dir"/*.pid; do
  name=$(basename "$old" .pid)
  [ "$name" = "$suite_name" ] && continue
  if pid=$(service_pid "$name"); then
    echo "$env_name: stopping crm-$name (pid $pid), started one binary per service by an older make run"
    stop_pid "$pid" 15 "crm-$name (pid $pid)"
  fi
  rm -f "$old"
done
shopt -u nullglob

running_pid=
if running_pid=$(service_pid "$suite_name"); then
  # `make run` builds first: a relinked binary leaves the running process
  # with a deleted executable, which then runs old code.
  if [[ "$(readlink "/proc/$running_pid/exe" 2>/dev/null || true)" == *" (deleted)" ]]; then
    echo "$env_name: crm-suite (pid $running_pid) runs an older build; restarting it"
    stop_pid "$running_pid" 15 "crm-suite (pid $running_pid)"
    rm -f "$pid_file"
    running_pid=
  else
    echo "$env_name: crm-suite already running (pid $running_pid), gateway on $gateway_address"
  fi
fi

if [ -z "$running_pid" ]; then
  for p in "$gateway_port" "$customer_port" "$hierarchy_port" "$opportunity_port" "$contract_port" \
    "$collaboration_port" "$scoring_port"; do
    if port_open "$p"; then
      echo "port $p (crm-suite) is taken by another process; stop it or choose other ports" \
        "(CRM_GRPC_BASE_PORT=...)" >&2
      exit 1
    fi
  done
  echo "=== $(date -Is) starting crm-suite" >>"$log_file"
  # setsid: the suite outlives this script and is not hit by the Ctrl-C that
  # interrupts a later command in the same terminal. Development mode: the
  # public keys built into the binary are accepted (keys set in the
  # environment, e.g. CRM_PRINCIPAL_KEY, are used instead).
  setsid "$suite_binary" \
    --development_mode \
    --listen="$gateway_address" \
    --customer_listen="127.0.0.1:$customer_port" \
    --hierarchy_listen="127.0.0.1:$hierarchy_port" \
    --opportunity_listen="127.0.0.1:$opportunity_port" \
    --contract_listen="127.0.0.1:$contract_port" \
    --collaboration_listen="127.0.0.1:$collaboration_port" \
    --scoring_listen="127.0.0.1:$scoring_port" \
    --pg_dsn="$CRM_PG_DSN" \
    --redis_address="$CRM_REDIS_ADDRESS" \
    </dev/null >>"$log_file" 2>&1 &
  echo $! >"$pid_file"
  started=true
  echo "$env_name: started crm-suite (pid $!): gateway $gateway_address, customer service 127.0.0.1:$customer_port, hierarchy service 127.0.0.1:$hierarchy_port, opportunity service 127.0.0.1:$opportunity_port, contract service 127.0.0.1:$contract_port, collaboration service 127.0.0.1:$collaboration_port, scoring service 127.0.0.1:$scoring_port"
fi

# Ready once the gateway answers grpc.health.v1 with SERVING (the suite opens
# its ports only after the migrations have run).
deadline=$((SECONDS + ready_timeout))
until timeout 5 "$crmctl_binary" health --server "$gateway_address" >/dev/null 2>&1; do
  pid=$(cat "$pid_file" 2>/dev/null || true)
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
    echo "crm-suite exited during start-up; last lines of $log_file:" >&2
    tail -n 30 "$log_file" >&2 || true
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    echo "crm-suite did not become ready on $gateway_address within ${ready_timeout}s; see $log_file" >&2
    exit 1
  fi
  sleep 0.2
done
succeeded=true   # from here on the suite stays up, whatever happens

seeded=false
if [ "${CRM_SEED_DEMO:-1}" != 0 ]; then
  echo "$env_name: seeding the demo organisation and customers (scripts/seed-demo.sh)"
  if bash "$root/scripts/seed-demo.sh" "$env_name"; then
    seeded=true
  else
    echo "$env_name: seeding the demo data failed (see above); the suite is running all the same" >&2
  fi
fi

crmctl_rel=${crmctl_binary#"$root"/}
cat <<USAGE

The CRM suite is running ($env_name), one process crm-suite (pid $(cat "$pid_file")):
  gateway        grpc $gateway_address   (what crmctl and clients call)
  customer       grpc 127.0.0.1:$customer_port   (behind the gateway)
  hierarchy      grpc 127.0.0.1:$hierarchy_port   (behind the gateway)
  opportunity    grpc 127.0.0.1:$opportunity_port   (behind the gateway)
  contract       grpc 127.0.0.1:$contract_port   (behind the gateway)
  collaboration  grpc 127.0.0.1:$collaboration_port   (behind the gateway)
  scoring        grpc 127.0.0.1:$scoring_port   (behind the gateway)
  log            ${log_file#"$root"/}
  postgresql     psql "$CRM_PG_DSN"
  redis          redis-cli -p $CRM_REDIS_PORT
USAGE
if [ "$env_name" = dev ]; then
  c=$crmctl_rel
else
  c="$crmctl_rel --server $gateway_address"
fi
if "$seeded"; then
  cat <<USAGE

Demo data (scripts/seed-demo.sh): the seller organisation 集团总部 (hq) with
华东子公司 (sub-east, and its team east-ka 华东大客户部), 华北子公司 (sub-north) and
华南子公司 (sub-south); in each an org admin, sales, service and viewer users
(li.si is sales in sub-east); the ERP service account erp-sap; and the customer
group 华信能源集团: 279 entities over four levels under 上海华信能源集团有限公司,
owned by different subsidiaries, the first four with contacts (draw it with
"crmctl hierarchy tree customers/ID --depth 2", ID from "customer lookup").
Every caller must be a user of the organisation: the gateway takes the org
unit and roles from it, not from the token.

Try it with crmctl (--as USER@ORGUNIT mints a local development token for that
user; default admin@hq, the HQ administrator, whose scope is every customer):
  $c whoami
  $c org units list                  the organisation as a tree
  $c org users list
  $c customer list                   everyone reads the whole customer group
  $c customer lookup --ref erp-sap:C-100001
  $c login li.si@sub-east            later commands call as li.si
  $c whoami                          sales; scope sub-east and east-ka
  $c customer list --filter 'owner_org_unit = "orgUnits/sub-east"'
  $c contact list ID                 ID from the list; personal fields masked outside li.si's scope
  $c logout                          back to admin@hq
  $c pipeline board                  the open opportunities by stage
  $c contract list                   contracts; "receivables aging --group nodes/N" for what is owed
  $c collab board                    collaboration requests across subsidiaries, by step
  $c credit report --quarter 2026Q4  the quarter's credit per org unit, adding up to its deals
  $c customer overview ID            a customer's tier, value, health and its reasons (客户360)
  $c group overview nodes/N          a customer group's tiers, health and risk, rolled up
  $c risk list                       churn warnings with their reasons and retention plans
  $c scorecard --quarter 2026Q4      each org unit's scorecard, every component with its inputs
  $c help                            every command ("help org users create" for one)
USAGE
else
  cat <<USAGE

Try it with crmctl (--as USER@ORGUNIT mints a local development token; default
admin@hq, the bootstrap headquarters administrator):
  $c whoami
  $c org units list
  $c customer list
  $c help            (every command; "help org users create" for one)
USAGE
fi
echo
echo "Stop everything with: make stop"
"$seeded" || [ "${CRM_SEED_DEMO:-1}" = 0 ]
