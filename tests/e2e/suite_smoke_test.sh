#!/usr/bin/env bash
# The all-in-one crm-suite binary, driven with crmctl through its gateway
# against the test PostgreSQL and Redis: it starts, answers as the caller the
# token names, keeps subsidiaries apart, and stops cleanly on SIGTERM.
set -euo pipefail
build=${CRM_BUILD_DIR:?run through ctest}
port=25450
work=$(mktemp -d)
suite_pid=
cleanup() {
  if [ -n "$suite_pid" ]; then kill "$suite_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; echo "--- suite log:" >&2; tail -20 "$work/suite.log" >&2; exit 1; }

"$build/services/suite/crm-suite" --listen "127.0.0.1:$port" --customer_listen 127.0.0.1:0 \
  --pg_dsn "$CRM_TEST_PG_DSN" --redis_address "$CRM_TEST_REDIS_ADDRESS" >"$work/suite.log" 2>&1 &
suite_pid=$!

export HOME="$work" XDG_CONFIG_HOME="$work/config"  # no saved login of the user running this
unset CRM_TOKEN CRM_SERVER CRM_AS
crmctl() { "$build/tools/crmctl/crmctl" --server "127.0.0.1:$port" "$@"; }

for _ in $(seq 60); do
  if crmctl health >/dev/null 2>&1; then break; fi
  kill -0 "$suite_pid" 2>/dev/null || fail "crm-suite exited at start-up"
  sleep 0.5
done
[ "$(crmctl health)" = SERVING ] || fail "the gateway is not SERVING"

crmctl --as li@sub-east whoami | grep -q 'users/li' || fail "whoami does not name the caller"

created=$(crmctl --as li@sub-east -o json customer create --legal-name '苏州工业园区测试科技有限公司' \
  --industry C --region 320571)
id=$(sed -n 's/.*"name": *"customers\/\([0-9a-f-]*\)".*/\1/p' <<<"$created" | head -1)
[ -n "$id" ] || fail "customer create printed no name: $created"
grep -q '"owner_org_unit": *"orgUnits/sub-east"' <<<"$created" || fail "owner is not the caller's org unit: $created"

if crmctl --as wang@sub-west customer update "$id" --short-name x 2>"$work/denied"; then
  fail "another subsidiary changed the customer"
fi
grep -q PERMISSION_DENIED "$work/denied" || fail "expected PERMISSION_DENIED, got: $(cat "$work/denied")"
crmctl --as admin@hq customer update "$id" --short-name 测试科技 >/dev/null || fail "HQ could not change it"

kill -TERM "$suite_pid"
wait "$suite_pid" || fail "crm-suite did not stop cleanly"
suite_pid=
grep -q '"suite stopped"' "$work/suite.log" || fail "no clean stop in the log"
echo "PASS"
