#!/usr/bin/env bash
# The all-in-one crm-suite binary, driven with crmctl through its gateway
# against the test PostgreSQL and Redis. As the bootstrap user admin@hq it
# first sets up the seller organisation it needs (subsidiaries sub-east and
# sub-west, users in them), then checks that the gateway answers as the caller
# the token names, keeps subsidiaries apart (customers, their deals and
# contracts, with `crmctl opportunity`, `crmctl reminders`, `crmctl contract`,
# `crmctl receipt` and `crmctl receivables`), runs a collaboration request
# across them and the signed contract's attribution (`crmctl collab`,
# `crmctl attribution`, `crmctl credit`), shows that customer's overview
# from the feeds, has HQ's strategy centre move it to tier A by review and
# reads sub-east's scorecard (`crmctl customer overview`, `crmctl scoring
# profile`, `crmctl tier`, `crmctl scorecard`), refuses unknown and disabled
# users, keeps an org admin inside their own subtree, builds a customer group
# with `crmctl hierarchy` (tree drawing, no move under a descendant, an import
# with a bad row writes nothing), merges and unmerges a duplicate (and is
# refused a merge across two groups), and that the suite stops cleanly on
# SIGTERM.
#
# The test database outlives a run and is shared with other tests, so the org
# units are created only when missing and the users get names unique to this
# run (a disabled user of an earlier run never gets in the way).
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
  --hierarchy_listen 127.0.0.1:0 --opportunity_listen 127.0.0.1:0 --contract_listen 127.0.0.1:0 \
  --collaboration_listen 127.0.0.1:0 --scoring_listen 127.0.0.1:0 \
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

# --- The organisation, set up by the bootstrap administrator ----------------

crmctl --as admin@hq whoami >"$work/out" 2>&1 || fail "admin@hq is refused: $(cat "$work/out")"
grep -q 'hq_admin' "$work/out" || fail "admin@hq is not hq_admin: $(cat "$work/out")"

# Creates an org unit unless it exists already (from an earlier run or test).
ensure_org_unit() {
  local id=$1 display_name=$2
  if ! crmctl --as admin@hq org units create "$id" --parent orgUnits/hq --kind SUBSIDIARY \
    --display-name "$display_name" >"$work/out" 2>&1; then
    grep -q ALREADY_EXISTS "$work/out" || fail "cannot create orgUnits/$id: $(cat "$work/out")"
  fi
  crmctl --as admin@hq org units get "$id" >"$work/out" 2>&1 || fail "orgUnits/$id: $(cat "$work/out")"
  grep -q 'orgUnits/hq' "$work/out" || fail "orgUnits/$id is not under orgUnits/hq: $(cat "$work/out")"
}
ensure_org_unit sub-east 华东子公司
ensure_org_unit sub-west 华西子公司

run=$(od -An -N4 -tx4 /dev/urandom | tr -d ' \n')
east_sales=smoke-east-$run    # sales, sub-east
west_sales=smoke-west-$run    # sales, sub-west
east_admin=smoke-admin-$run   # org_admin, sub-east
leaver=smoke-leaver-$run      # sales, sub-east; disabled below

create_user() {
  local id=$1 org_unit=$2 role=$3
  crmctl --as admin@hq org users create "$id" --org-unit "orgUnits/$org_unit" --role "$role" \
    --display-name "冒烟测试 $id" >"$work/out" 2>&1 || fail "cannot create users/$id: $(cat "$work/out")"
}
create_user "$east_sales" sub-east sales
create_user "$west_sales" sub-west sales
create_user "$east_admin" sub-east org_admin
create_user "$leaver" sub-east sales

# --- The caller comes from the organisation -------------------------------

# The org unit after @ is ignored: the directory says where the user works.
crmctl --as "$east_sales@sub-west" whoami >"$work/out" 2>&1 || fail "whoami failed: $(cat "$work/out")"
grep -q "users/$east_sales" "$work/out" || fail "whoami does not name the caller: $(cat "$work/out")"
grep -q '^org_unit: *orgUnits/sub-east$' "$work/out" ||
  fail "whoami does not give the directory's org unit: $(cat "$work/out")"

# --- Data scope between subsidiaries --------------------------------------

created=$(crmctl --as "$east_sales@sub-east" -o json customer create \
  --legal-name '苏州工业园区测试科技有限公司' --industry C --region 320571) ||
  fail "customer create failed: $created"
id=$(sed -n 's/.*"name": *"customers\/\([0-9a-f-]*\)".*/\1/p' <<<"$created" | head -1)
[ -n "$id" ] || fail "customer create printed no name: $created"
grep -q '"owner_org_unit": *"orgUnits/sub-east"' <<<"$created" || fail "owner is not the caller's org unit: $created"

if crmctl --as "$west_sales@sub-west" customer update "$id" --short-name x >/dev/null 2>"$work/denied"; then
  fail "another subsidiary changed the customer"
fi
grep -q PERMISSION_DENIED "$work/denied" || fail "expected PERMISSION_DENIED, got: $(cat "$work/denied")"
crmctl --as admin@hq customer update "$id" --short-name 测试科技 >/dev/null || fail "HQ could not change it"

# --- The pipeline: a deal on that customer, overdue for a follow-up ----------

created=$(crmctl --as "$east_sales@sub-east" -o json opportunity create --customer "$id" \
  --title 冒烟测试商机 --amount 1200000.00 --next-follow-up 2026-01-05 2>&1) ||
  fail "opportunity create failed: $created"
opportunity=$(sed -n 's/.*"name": *"opportunities\/\([0-9a-f-]*\)".*/\1/p' <<<"$created" | head -1)
[ -n "$opportunity" ] || fail "opportunity create printed no name: $created"
grep -q '"minor_units": *"120000000"' <<<"$created" || fail "the amount is not 120000000 fen: $created"
crmctl --as "$east_sales@sub-east" opportunity stage "$opportunity" discovery >"$work/out" 2>&1 ||
  fail "opportunity stage failed: $(cat "$work/out")"
crmctl --as "$east_sales@sub-east" reminders >"$work/out" 2>&1 || fail "reminders failed: $(cat "$work/out")"
grep -q 冒烟测试商机 "$work/out" || fail "the overdue deal is not among the reminders: $(cat "$work/out")"
if crmctl --as "$west_sales@sub-west" opportunity get "$opportunity" >/dev/null 2>"$work/denied"; then
  fail "another subsidiary read the deal"
fi
grep -q PERMISSION_DENIED "$work/denied" || fail "expected PERMISSION_DENIED, got: $(cat "$work/denied")"

# --- A contract on that customer: approved by legal, signed, paid in part ----

east_legal=smoke-legal-$run       # legal, sub-east
east_finance=smoke-finance-$run   # finance, sub-east
create_user "$east_legal" sub-east legal
create_user "$east_finance" sub-east finance
today=$(TZ=Asia/Shanghai date +%F)
created=$(crmctl --as "$east_sales@sub-east" -o json contract create --kind standalone \
  --customer "$id" --title 冒烟测试合同 --amount 500000.00 \
  --start "$(TZ=Asia/Shanghai date -d '-10 days' +%F)" --end "$(TZ=Asia/Shanghai date -d '+355 days' +%F)" \
  --milestone "$(TZ=Asia/Shanghai date -d '+30 days' +%F):500000.00:验收款" 2>&1) ||
  fail "contract create failed: $created"
contract=$(sed -n 's/.*"name": *"contracts\/\([0-9a-f-]*\)".*/\1/p' <<<"$created" | head -1)
[ -n "$contract" ] || fail "contract create printed no name: $created"
grep -q '"contract_number": *"HT-[0-9]\{4\}-[0-9]\{6\}"' <<<"$created" ||
  fail "the contract has no number HT-YYYY-NNNNNN: $created"
crmctl --as "$east_sales@sub-east" contract submit "$contract" --comment 请审批 >"$work/out" 2>&1 ||
  fail "contract submit failed: $(cat "$work/out")"
crmctl --as "$east_legal@sub-east" contract inbox >"$work/out" 2>&1 || fail "contract inbox failed: $(cat "$work/out")"
grep -q 冒烟测试合同 "$work/out" || fail "the contract is not in legal's inbox: $(cat "$work/out")"
crmctl --as "$east_legal@sub-east" contract approve "$contract" --comment 条款同意 >"$work/out" 2>&1 ||
  fail "contract approve failed: $(cat "$work/out")"
crmctl --as "$east_sales@sub-east" contract sign "$contract" >"$work/out" 2>&1 ||
  fail "contract sign failed: $(cat "$work/out")"
crmctl --as "$east_finance@sub-east" receipt record "$contract" --date "$today" --amount 200000.00 \
  --bank-reference "SMOKE-$run" >"$work/out" 2>&1 || fail "receipt record failed: $(cat "$work/out")"
crmctl --as "$east_finance@sub-east" -o json receivables get --contract "$contract" >"$work/out" 2>&1 ||
  fail "receivables get failed: $(cat "$work/out")"
grep -q '"minor_units": *"30000000"' "$work/out" || fail "300,000.00 is not still owed: $(cat "$work/out")"
if crmctl --as "$west_sales@sub-west" contract get "$contract" >/dev/null 2>"$work/denied"; then
  fail "another subsidiary read the contract"
fi
grep -q PERMISSION_DENIED "$work/denied" || fail "expected PERMISSION_DENIED, got: $(cat "$work/denied")"

# --- Collaboration: a request sub-west answers; the contract's attribution --

crmctl --as "$east_sales@sub-east" -o json collab create --customer "$id" --title 冒烟测试协同 \
  --urgency urgent --participant "sub-west:施工方案" >"$work/out" 2>&1 ||
  fail "collab create failed: $(cat "$work/out")"
request=$(sed -n 's/.*"name": *"collaborationRequests\/\([0-9a-f-]*\)".*/\1/p' "$work/out" | head -1)
[ -n "$request" ] || fail "collab create printed no name: $(cat "$work/out")"
crmctl --as "$west_sales@sub-west" collab ack "$request" --comment 收到 >"$work/out" 2>&1 ||
  fail "collab ack failed: $(cat "$work/out")"
crmctl --as "$west_sales@sub-west" collab advance "$request" designing >"$work/denied" 2>&1 &&
  fail "a participant moved the request on: $(cat "$work/denied")"
grep -q NOT_REQUESTING_SIDE "$work/denied" || fail "expected NOT_REQUESTING_SIDE, got: $(cat "$work/denied")"
crmctl --as "$east_sales@sub-east" collab advance "$request" designing --owner "users/$west_sales" \
  >"$work/out" 2>&1 || fail "collab advance failed: $(cat "$work/out")"
crmctl --as "$east_sales@sub-east" collab board --customer "$id" >"$work/out" 2>&1 ||
  fail "collab board failed: $(cat "$work/out")"
grep -q 冒烟测试协同 "$work/out" || fail "the request is not on the board: $(cat "$work/out")"
crmctl --as "$west_sales@sub-west" collab timeline "$request" >"$work/out" 2>&1 ||
  fail "collab timeline failed: $(cat "$work/out")"
grep -q 收到 "$work/out" || fail "the acknowledgement is not on the timeline: $(cat "$work/out")"

# The signed contract opens its attribution once the service follows the
# contract feed; sub-east scores it, HQ's strategy centre approves it.
strategist=smoke-strategy-$run   # strategy, hq
create_user "$strategist" hq strategy
attribution=
for _ in $(seq 60); do
  crmctl --as "$east_sales@sub-east" -o json attribution list --customer "$id" >"$work/out" 2>&1 ||
    fail "attribution list failed: $(cat "$work/out")"
  attribution=$(sed -n 's/.*"name": *"attributions\/\([0-9a-f-]*\)".*/\1/p' "$work/out" | head -1)
  [ -n "$attribution" ] && break
  sleep 0.5
done
[ -n "$attribution" ] || fail "the signed contract opened no attribution: $(cat "$work/out")"
crmctl --as "$east_sales@sub-east" attribution score "$attribution" --score sub-east=80,70,90,60 \
  >"$work/out" 2>&1 || fail "attribution score failed: $(cat "$work/out")"
crmctl --as "$east_sales@sub-east" attribution submit "$attribution" >"$work/out" 2>&1 ||
  fail "attribution submit failed: $(cat "$work/out")"
crmctl --as "$east_sales@sub-east" attribution approve "$attribution" --comment 同意 >"$work/denied" 2>&1 &&
  fail "a seller approved an attribution: $(cat "$work/denied")"
grep -q PERMISSION_DENIED "$work/denied" || fail "expected PERMISSION_DENIED, got: $(cat "$work/denied")"
crmctl --as "$strategist@hq" -o json attribution approve "$attribution" --comment 复盘一致 >"$work/out" 2>&1 ||
  fail "attribution approve failed: $(cat "$work/out")"
grep -q '"state": *"APPROVED"' "$work/out" || fail "the attribution is not APPROVED: $(cat "$work/out")"
grep -q '"minor_units": *"50000000"' "$work/out" || fail "sub-east is not credited 500,000.00: $(cat "$work/out")"
quarter=$(TZ=Asia/Shanghai date +%Y)Q$(( ($(TZ=Asia/Shanghai date +%-m) + 2) / 3 ))
crmctl --as "$strategist@hq" credit report --quarter "$quarter" >"$work/out" 2>&1 ||
  fail "credit report failed: $(cat "$work/out")"
grep -q "^sub-east " "$work/out" || fail "sub-east has no credit in $quarter: $(cat "$work/out")"
grep -q "^Every org unit" "$work/out" || fail "the strategy centre's report is partial: $(cat "$work/out")"
if crmctl --as "$west_sales@sub-west" attribution show "$attribution" >/dev/null 2>"$work/denied"; then
  fail "another subsidiary read the attribution"
fi
grep -q PERMISSION_DENIED "$work/denied" || fail "expected PERMISSION_DENIED, got: $(cat "$work/denied")"

# --- Scoring: the overview follows the feeds; a tier review; the scorecard --

# The signed 500,000.00 contract (200,000.00 paid) and the 1,200,000.00 deal
# reach the customer's overview without anyone asking.
for _ in $(seq 40); do
  crmctl --as "$east_sales@sub-east" -o json customer overview "$id" >"$work/out" 2>&1 ||
    fail "customer overview failed: $(cat "$work/out")"
  grep -q '"minor_units": *"50000000"' "$work/out" && grep -q '"minor_units": *"120000000"' "$work/out" &&
    break
  sleep 0.5
done
grep -q '"minor_units": *"50000000"' "$work/out" || fail "the signed contract is not in the overview: $(cat "$work/out")"
grep -q '"minor_units": *"120000000"' "$work/out" || fail "the open deal is not in the overview: $(cat "$work/out")"
grep -q '"minor_units": *"30000000"' "$work/out" || fail "300,000.00 is not receivable in the overview: $(cat "$work/out")"
grep -q '"tier": *"TIER_C"' "$work/out" || fail "the customer is not tier C: $(cat "$work/out")"
if crmctl --as "$west_sales@sub-west" customer overview "$id" >/dev/null 2>"$work/denied"; then
  fail "another subsidiary read the overview"
fi
grep -q PERMISSION_DENIED "$work/denied" || fail "expected PERMISSION_DENIED, got: $(cat "$work/denied")"

# HQ's strategy centre marks it strategic; the quarter's review proposes A;
# a seller may not approve it, the strategist does; its history keeps it.
crmctl --as "$east_sales@sub-east" scoring profile set "$id" --strategic --reason 集团战略客户 \
  >"$work/denied" 2>&1 && fail "a seller marked a customer strategic: $(cat "$work/denied")"
grep -q PERMISSION_DENIED "$work/denied" || fail "expected PERMISSION_DENIED, got: $(cat "$work/denied")"
crmctl --as "$strategist@hq" scoring profile set "$id" --strategic --reason 集团战略客户 >"$work/out" 2>&1 ||
  fail "scoring profile set failed: $(cat "$work/out")"
for _ in $(seq 40); do
  crmctl --as "$strategist@hq" -o json customer overview "$id" >"$work/out" 2>&1 ||
    fail "customer overview failed: $(cat "$work/out")"
  grep -q '"computed_tier": *"TIER_A"' "$work/out" && break
  sleep 0.5
done
grep -q '"computed_tier": *"TIER_A"' "$work/out" || fail "the strategic flag did not make tier A computed: $(cat "$work/out")"
crmctl --as "$strategist@hq" tier review open "$quarter" >"$work/out" 2>&1 ||
  fail "tier review open failed: $(cat "$work/out")"
crmctl --as "$strategist@hq" tier review list "$quarter" >"$work/out" 2>&1 ||
  fail "tier review list failed: $(cat "$work/out")"
grep -q 测试科技 "$work/out" || fail "the customer is not proposed in $quarter: $(cat "$work/out")"
crmctl --as "$east_sales@sub-east" tier review approve "$quarter" "$id" >"$work/denied" 2>&1 &&
  fail "a seller approved a tier: $(cat "$work/denied")"
grep -q PERMISSION_DENIED "$work/denied" || fail "expected PERMISSION_DENIED, got: $(cat "$work/denied")"
crmctl --as "$strategist@hq" tier review approve "$quarter" "$id" >"$work/out" 2>&1 ||
  fail "tier review approve failed: $(cat "$work/out")"
crmctl --as "$east_sales@sub-east" -o json tier history "$id" >"$work/out" 2>&1 ||
  fail "tier history failed: $(cat "$work/out")"
grep -q '"to_tier": *"TIER_A"' "$work/out" || fail "the change to A is not in the history: $(cat "$work/out")"
crmctl --as "$east_sales@sub-east" -o json customer overview "$id" >"$work/out" 2>&1 ||
  fail "customer overview failed: $(cat "$work/out")"
grep -q '"coordinated_by": *"orgUnits/hq"' "$work/out" || fail "tier A is not coordinated by HQ: $(cat "$work/out")"

# HQ sets sub-east's target; its scorecard shows the quarter's components.
crmctl --as "$strategist@hq" scorecard target set sub-east --quarter "$quarter" --amount 10000000.00 \
  >"$work/out" 2>&1 || fail "scorecard target set failed: $(cat "$work/out")"
crmctl --as "$east_sales@sub-east" -o json scorecard --quarter "$quarter" --org-unit orgUnits/sub-east \
  >"$work/out" 2>&1 || fail "scorecard failed: $(cat "$work/out")"
for component in sales_result data_completeness process_compliance customer_satisfaction; do
  grep -q "\"$component\"" "$work/out" || fail "the scorecard has no $component: $(cat "$work/out")"
done
if crmctl --as "$west_sales@sub-west" scorecard --quarter "$quarter" --org-unit orgUnits/sub-east \
  >/dev/null 2>"$work/denied"; then
  fail "another subsidiary read sub-east's scorecard"
fi
grep -q PERMISSION_DENIED "$work/denied" || fail "expected PERMISSION_DENIED, got: $(cat "$work/denied")"

# --- Unknown users are refused --------------------------------------------

if crmctl --as "nobody-$run@hq" whoami >"$work/out" 2>&1; then
  fail "a user the organisation does not know was let in: $(cat "$work/out")"
fi
grep -q UNAUTHENTICATED "$work/out" || fail "expected UNAUTHENTICATED for an unknown user, got: $(cat "$work/out")"
grep -q USER_UNKNOWN "$work/out" || fail "expected reason USER_UNKNOWN, got: $(cat "$work/out")"

# --- A disabled user's next call is refused --------------------------------

crmctl --as "$leaver@sub-east" customer get "$id" >"$work/out" 2>&1 ||
  fail "users/$leaver cannot call before being disabled: $(cat "$work/out")"
crmctl --as admin@hq org users disable "$leaver" >"$work/out" 2>&1 ||
  fail "cannot disable users/$leaver: $(cat "$work/out")"
# The gateway applies its own changes at once; allow a few seconds all the same.
refused=false
for _ in $(seq 20); do
  if ! crmctl --as "$leaver@sub-east" customer get "$id" >"$work/out" 2>&1 &&
    grep -q UNAUTHENTICATED "$work/out"; then
    refused=true
    break
  fi
  sleep 0.5
done
"$refused" || fail "a disabled user still gets in (expected UNAUTHENTICATED): $(cat "$work/out")"
grep -q USER_DISABLED "$work/out" || fail "expected reason USER_DISABLED, got: $(cat "$work/out")"

# --- An org admin manages only their own subtree ---------------------------

crmctl --as "$east_admin@sub-east" org users create "$east_sales-2" --org-unit orgUnits/sub-east \
  --role sales --display-name 冒烟测试 >"$work/out" 2>&1 ||
  fail "the org admin of sub-east cannot create a user in sub-east: $(cat "$work/out")"
if crmctl --as "$east_admin@sub-east" org users create "$west_sales-2" --org-unit orgUnits/sub-west \
  --role sales --display-name 冒烟测试 >"$work/out" 2>&1; then
  fail "the org admin of sub-east created a user in sub-west"
fi
grep -q PERMISSION_DENIED "$work/out" || fail "expected PERMISSION_DENIED, got: $(cat "$work/out")"
if crmctl --as admin@hq org users get "$west_sales-2" >"$work/out" 2>&1; then
  fail "users/$west_sales-2 exists after the refusal: $(cat "$work/out")"
fi
grep -q NOT_FOUND "$work/out" || fail "expected NOT_FOUND for users/$west_sales-2, got: $(cat "$work/out")"

# --- Customer groups (crm.hierarchy.v1) -------------------------------------

# Two customers of sub-east, referenced by a source-system id unique to this
# run, become a group: the first the root, the second under it.
group_customer() {  # LEGAL_NAME REF; prints the customer id
  local out
  out=$(crmctl --as "$east_sales@sub-east" -o json customer create --legal-name "$1" \
    --industry D --region 310115 --ref "$2" 2>&1) || fail "customer create $1 failed: $out"
  sed -n 's/.*"name": *"customers\/\([0-9a-f-]*\)".*/\1/p' <<<"$out" | head -1
}
node_name() { sed -n 's/.*"name": *"\(nodes\/[0-9]*\)".*/\1/p' "$1" | head -1; }
parent_id=$(group_customer '冒烟测试能源集团有限公司' "smoke:$run-parent")
child_id=$(group_customer '冒烟测试新能源科技有限公司' "smoke:$run-child")
if [ -z "$parent_id" ] || [ -z "$child_id" ]; then fail "customer create printed no name"; fi

crmctl --as "$east_sales@sub-east" -o json hierarchy create-group "$parent_id" >"$work/out" 2>&1 ||
  fail "hierarchy create-group failed: $(cat "$work/out")"
root_node=$(node_name "$work/out")
[ -n "$root_node" ] || fail "create-group printed no node: $(cat "$work/out")"
crmctl --as "$east_sales@sub-east" -o json hierarchy attach "$root_node" --customer "$child_id" \
  --edge controlled --ownership 60 >"$work/out" 2>&1 || fail "hierarchy attach failed: $(cat "$work/out")"
child_node=$(node_name "$work/out")
[ -n "$child_node" ] || fail "attach printed no node: $(cat "$work/out")"

# Every internal role reads the structure; the tree is drawn with box-drawing lines.
crmctl --as "$west_sales@sub-west" hierarchy tree "customers/$parent_id" >"$work/tree" 2>&1 ||
  fail "hierarchy tree failed: $(cat "$work/tree")"
grep -q '^冒烟测试能源集团有限公司 ' "$work/tree" || fail "the tree has no root line: $(cat "$work/tree")"
grep -q '^└── 冒烟测试新能源科技有限公司 .*60\.00%' "$work/tree" ||
  fail "the tree does not draw the child under the root: $(cat "$work/tree")"

# A node cannot move under its own descendant.
if crmctl --as "$east_sales@sub-east" hierarchy move "$root_node" --to "$child_node" \
  --edge wholly-owned --ownership 100 >"$work/out" 2>&1; then
  fail "the root moved under its own child"
fi
grep -q FAILED_PRECONDITION "$work/out" || fail "expected FAILED_PRECONDITION, got: $(cat "$work/out")"
crmctl --as admin@hq hierarchy path "$child_node" >"$work/out" 2>&1 || fail "hierarchy path failed: $(cat "$work/out")"
grep -q '^冒烟测试能源集团有限公司 › 冒烟测试新能源科技有限公司$' "$work/out" ||
  fail "the refused move changed the tree: $(cat "$work/out")"

# An import with one bad row (line 3: a child no customer has) reports that
# line and writes nothing, not even the good row on line 2.
import_id=$(group_customer '冒烟测试储能技术有限公司' "smoke:$run-import")
[ -n "$import_id" ] || fail "customer create printed no name"
cat >"$work/import.csv" <<CSV
parent,child,edge_type,ownership_percent
smoke:$run-parent,smoke:$run-import,affiliate,30
smoke:$run-child,smoke:$run-nobody,wholly_owned,100
CSV
if crmctl --as admin@hq hierarchy import "$work/import.csv" >"$work/out" 2>&1; then
  fail "an import with a bad row succeeded: $(cat "$work/out")"
fi
grep -q '^line 3: ' "$work/out" || fail "the import report does not name line 3: $(cat "$work/out")"
grep -q 'nothing was imported' "$work/out" || fail "the import does not say nothing was written: $(cat "$work/out")"
if crmctl --as admin@hq hierarchy path "customers/$import_id" >"$work/out" 2>&1; then
  fail "the failed import placed the customer: $(cat "$work/out")"
fi
grep -q NOT_FOUND "$work/out" || fail "expected NOT_FOUND (in no group), got: $(cat "$work/out")"

# --- Merge and unmerge ------------------------------------------------------

# A duplicate of the placed child merges into it; the merged record then
# answers with its survivor, and an unmerge brings it back.
dup_id=$(group_customer '冒烟测试新能源科技股份有限公司' "smoke:$run-dup")
[ -n "$dup_id" ] || fail "customer create printed no name"
crmctl --as "$east_sales@sub-east" customer merge "$child_id" "$dup_id" >"$work/out" 2>&1 ||
  fail "customer merge failed: $(cat "$work/out")"
if crmctl --as "$west_sales@sub-west" customer get "$dup_id" >"$work/out" 2>&1; then
  fail "a merged customer is still served: $(cat "$work/out")"
fi
grep -q "mergedInto=customers/$child_id" "$work/out" || fail "no survivor named: $(cat "$work/out")"
crmctl --as "$east_sales@sub-east" customer unmerge "$dup_id" >"$work/out" 2>&1 ||
  fail "customer unmerge failed: $(cat "$work/out")"
crmctl --as "$west_sales@sub-west" customer get "$dup_id" >"$work/out" 2>&1 ||
  fail "the unmerged customer is not back: $(cat "$work/out")"

# Customers in two different groups do not merge: the suite's customer
# service asks its hierarchy first.
crmctl --as "$east_sales@sub-east" hierarchy create-group "$import_id" >"$work/out" 2>&1 ||
  fail "hierarchy create-group failed: $(cat "$work/out")"
if crmctl --as admin@hq customer merge "$parent_id" "$import_id" >"$work/out" 2>&1; then
  fail "customers of two groups merged"
fi
grep -q MERGE_ACROSS_GROUPS "$work/out" || fail "expected MERGE_ACROSS_GROUPS, got: $(cat "$work/out")"

# --- Clean stop ------------------------------------------------------------

kill -TERM "$suite_pid"
wait "$suite_pid" || fail "crm-suite did not stop cleanly"
suite_pid=
grep -q '"suite stopped"' "$work/suite.log" || fail "no clean stop in the log"
echo "PASS"
