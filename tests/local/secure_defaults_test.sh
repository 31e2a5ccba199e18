#!/usr/bin/env bash
# Every server binary refuses to start on the public development keys built
# into it unless development mode is on: without CRM_PRINCIPAL_KEY (and the
# other keys it needs) and without CRM_DEVELOPMENT_MODE it exits with status 1
# and says what to set, before it touches a database. With every key set, or
# in development mode, it gets past the check (and then fails to reach the
# database this test gives it, which is closed).
#
# Run by ctest with CRM_BUILD_DIR.
set -euo pipefail
build=${CRM_BUILD_DIR:?run through ctest}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Nothing listens on port 1: a binary that gets past the key check fails there.
closed_db="host=127.0.0.1 port=1 user=crm dbname=crm connect_timeout=2"
# Runs a binary with no key and no development mode in its environment, plus
# the given assignments; its output goes to $work/out, its status to $status.
run() {
  local binary=$1
  shift
  status=0
  env -u CRM_DEVELOPMENT_MODE -u CRM_PRINCIPAL_KEY -u CRM_PII_KEY -u CRM_PAGE_TOKEN_KEY \
    -u CRM_JWT_HS256_SECRET "$@" CRM_PG_DSN="$closed_db" CRM_REDIS_ADDRESS= \
    CRM_LISTEN=127.0.0.1:0 CRM_CUSTOMER_LISTEN=127.0.0.1:0 CRM_HIERARCHY_LISTEN=127.0.0.1:0 \
    timeout 60 "$build/services/$binary/crm-$binary" >"$work/out" 2>&1 || status=$?
}

keys=(CRM_PRINCIPAL_KEY=k-principal CRM_PII_KEY=k-pii CRM_PAGE_TOKEN_KEY=k-page
  CRM_JWT_HS256_SECRET=k-jwt-secret-of-at-least-32-bytes-0123456789)
declare -A needs=(
  [customer]="CRM_PRINCIPAL_KEY CRM_PII_KEY CRM_PAGE_TOKEN_KEY"
  [hierarchy]="CRM_PRINCIPAL_KEY CRM_PAGE_TOKEN_KEY"
  [gateway]="CRM_PRINCIPAL_KEY CRM_JWT_HS256_SECRET"
  [suite]="CRM_PRINCIPAL_KEY CRM_JWT_HS256_SECRET CRM_PII_KEY CRM_PAGE_TOKEN_KEY"
)
for binary in customer hierarchy gateway suite; do
  [ -x "$build/services/$binary/crm-$binary" ] || fail "crm-$binary is not built"

  run "$binary"
  [ "$status" = 1 ] || fail "crm-$binary without keys exited $status, not 1: $(cat "$work/out")"
  grep -q "crm-$binary cannot start: set CRM_PRINCIPAL_KEY (" "$work/out" ||
    fail "crm-$binary without keys does not say to set CRM_PRINCIPAL_KEY: $(cat "$work/out")"
  for var in ${needs[$binary]}; do
    grep -q "$var" "$work/out" || fail "crm-$binary without keys does not name $var: $(cat "$work/out")"
  done
  grep -q "CRM_DEVELOPMENT_MODE=1" "$work/out" ||
    fail "crm-$binary does not name development mode: $(cat "$work/out")"

  # One key missing is enough to refuse, and only that one is named.
  run "$binary" "${keys[@]:1}"
  [ "$status" = 1 ] && grep -q "cannot start: set CRM_PRINCIPAL_KEY (" "$work/out" ||
    fail "crm-$binary without CRM_PRINCIPAL_KEY alone: status $status: $(cat "$work/out")"
  ! grep -q "CRM_PAGE_TOKEN_KEY (or" "$work/out" ||
    fail "crm-$binary names a key that is set: $(cat "$work/out")"

  # Every key set, or development mode: past the check, on to the database.
  for setting in "${keys[*]}" CRM_DEVELOPMENT_MODE=1; do
    # shellcheck disable=SC2086  # the keys are one word each
    run "$binary" $setting
    ! grep -q "cannot start: set " "$work/out" ||
      fail "crm-$binary with $setting is refused its keys: $(cat "$work/out")"
    [ "$status" != 0 ] || fail "crm-$binary with $setting started on a closed database"
  done
  grep -q "development mode: using the public development value of CRM_PRINCIPAL_KEY" "$work/out" ||
    fail "crm-$binary in development mode does not warn about the public keys: $(cat "$work/out")"
done
echo "PASS: crm-customer, crm-hierarchy, crm-gateway and crm-suite refuse the public keys outside development mode"
