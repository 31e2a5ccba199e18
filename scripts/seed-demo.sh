#!/usr/bin/env bash
# Seeds demo data into a running suite through its gateway with crmctl, as
# the bootstrap headquarters administrator admin@hq:
#
#   - the seller organisation: HQ 集团总部 (hq), the subsidiaries 华东子公司
#     (sub-east, with the team east-ka 华东大客户部), 华北子公司 (sub-north) and
#     华南子公司 (sub-south); in each an org admin, sales, service and viewer
#     users; an HQ analyst; the ERP service account erp-sap (integration);
#   - the customer group 华信能源集团: four customers owned by different
#     subsidiaries, tagged 华信能源集团 and linked to their SAP ids, each with
#     one or two contacts.
#
#   scripts/seed-demo.sh dev|test     (run-suite.sh runs it once the suite is up)
#
# Idempotent: what exists already (ALREADY_EXISTS, a customer found by its
# USCC, a contact found by name) is left as it is, so running it again
# changes nothing. The USCCs are made up, with the GB 32100-2015 check
# character computed here as the customer service checks it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/suite-env.sh
source "$root/scripts/suite-env.sh" "${1:-dev}"

if [ ! -x "$crmctl_binary" ]; then
  echo "$crmctl_binary is missing; run \`make build\` first" >&2
  exit 1
fi

# A saved `crmctl login` or $CRM_TOKEN of whoever runs this would take the
# place of the administrator's development token.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config"
unset CRM_TOKEN CRM_AS CRM_SERVER

crmctl() { "$crmctl_binary" --server "$gateway_address" --as admin@hq "$@"; }

created=0
existing=0

# Runs a crmctl command that creates something; ALREADY_EXISTS counts as done.
ensure() {
  local what=$1
  shift
  if crmctl "$@" >"$work/out" 2>&1; then
    created=$((created + 1))
    echo "  created  $what"
  elif grep -q ALREADY_EXISTS "$work/out"; then
    existing=$((existing + 1))
    echo "  exists   $what"
  else
    echo "seed-demo: cannot create $what:" >&2
    cat "$work/out" >&2
    exit 1
  fi
}

org_unit() {  # ID PARENT KIND DISPLAY_NAME
  ensure "orgUnits/$1 ($4)" org units create "$1" --parent "orgUnits/$2" --kind "$3" \
    --display-name "$4"
}

user() {  # ID ORG_UNIT ROLES DISPLAY_NAME [more flags]
  local id=$1 org_unit=$2 roles=$3 display_name=$4
  shift 4
  ensure "users/$id ($display_name, $roles @ $org_unit)" org users create "$id" \
    --org-unit "orgUnits/$org_unit" --role "$roles" --display-name "$display_name" "$@"
}

# The 18th character of a unified social credit code (GB 32100-2015): the
# 17 characters before it weighted 3^i mod 31, check = 31 - sum mod 31.
uscc() {
  local first17=$1 chars=0123456789ABCDEFGHJKLMNPQRTUWXY sum=0 i c prefix
  local -a weights=(1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28)
  [ "${#first17}" = 17 ] || { echo "uscc: $first17 is not 17 characters" >&2; exit 1; }
  for ((i = 0; i < 17; i++)); do
    c=${first17:i:1}
    prefix=${chars%%"$c"*}
    [ "$prefix" != "$chars" ] || { echo "uscc: '$c' is not allowed in $first17" >&2; exit 1; }
    sum=$((sum + ${#prefix} * weights[i]))
  done
  printf '%s%s\n' "$first17" "${chars:$(((31 - sum % 31) % 31)):1}"
}

customer_id() { sed -n 's/^ *"name": *"customers\/\([0-9a-f-]*\)".*/\1/p' "$1" | head -1; }

# Finds the customer with the USCC or creates it; sets customer_id.
customer() {  # USCC OWNER LEGAL_NAME SHORT_NAME [more flags]
  local code=$1 owner=$2 legal_name=$3 short_name=$4
  shift 4
  if crmctl -o json customer lookup --uscc "$code" >"$work/customer" 2>"$work/out"; then
    existing=$((existing + 1))
    echo "  exists   $legal_name"
  elif grep -q NOT_FOUND "$work/out"; then
    crmctl -o json --request-id "seed-demo-customer-$code" customer create \
      --legal-name "$legal_name" --short-name "$short_name" --uscc "$code" \
      --owner "orgUnits/$owner" --tag 华信能源集团 "$@" >"$work/customer" 2>"$work/out" || {
      echo "seed-demo: cannot create the customer $legal_name:" >&2
      cat "$work/out" >&2
      exit 1
    }
    created=$((created + 1))
    echo "  created  $legal_name (orgUnits/$owner)"
  else
    echo "seed-demo: cannot look up the customer $legal_name:" >&2
    cat "$work/out" >&2
    exit 1
  fi
  customer_id=$(customer_id "$work/customer")
  if [ -z "$customer_id" ]; then
    echo "seed-demo: no customer name in:" >&2
    cat "$work/customer" >&2
    exit 1
  fi
}

# Adds a contact to the current customer unless one of that name exists.
contact() {  # NAME [flags]
  local name=$1
  shift
  crmctl -o json contact list "$customer_id" >"$work/contacts" 2>"$work/out" || {
    echo "seed-demo: cannot list the contacts of customers/$customer_id:" >&2
    cat "$work/out" >&2
    exit 1
  }
  if grep -q "\"display_name\": *\"$name\"" "$work/contacts"; then
    existing=$((existing + 1))
    echo "  exists     contact $name"
    return 0
  fi
  # Request ids are ASCII: the name goes in as hex.
  crmctl --request-id "seed-demo-contact-$customer_id-$(printf %s "$name" | od -An -tx1 | tr -d ' \n')" \
    contact create "$customer_id" \
    --name "$name" "$@" >"$work/out" 2>&1 || {
    echo "seed-demo: cannot add the contact $name:" >&2
    cat "$work/out" >&2
    exit 1
  }
  created=$((created + 1))
  echo "  created    contact $name"
}

echo "Seller organisation:"
crmctl org units rename orgUnits/hq --display-name 集团总部 >"$work/out" 2>&1 || {
  echo "seed-demo: cannot rename orgUnits/hq:" >&2
  cat "$work/out" >&2
  exit 1
}
echo "  renamed  orgUnits/hq (集团总部)"
org_unit sub-east hq SUBSIDIARY 华东子公司
org_unit sub-north hq SUBSIDIARY 华北子公司
org_unit sub-south hq SUBSIDIARY 华南子公司
org_unit east-ka sub-east TEAM 华东大客户部

echo "Users and service accounts:"
user chen.jing hq viewer 陈静 --email chen.jing@example.com
user wang.fang sub-east org_admin 王芳 --email wang.fang@example.com
user li.si sub-east sales 李四 --email li.si@example.com
user zhao.lei east-ka sales 赵磊 --email zhao.lei@example.com
user sun.li sub-east service 孙丽 --email sun.li@example.com
user zhou.qiang sub-east viewer 周强
user liu.yang sub-north org_admin 刘洋 --email liu.yang@example.com
user chen.gang sub-north sales 陈刚 --email chen.gang@example.com
user yang.min sub-north service 杨敏
user wu.hao sub-north viewer 吴昊
user huang.wei sub-south org_admin 黄伟 --email huang.wei@example.com
user lin.na sub-south sales 林娜 --email lin.na@example.com
user he.jun sub-south service 何军
user xu.ting sub-south viewer 徐婷
user erp-sap hq integration 'SAP ERP 集成' --service-account --email erp-integration@example.com

echo "Customer group 华信能源集团:"
customer "$(uscc 91310115MA1HXE7Q5)" sub-east 上海华信能源集团有限公司 华信能源 \
  --industry D --region 310115 --ownership private --size very-large --ref erp-sap:C-100001
contact 张伟 --title 采购总监 --department 采购部 --role decision-maker \
  --phone 13900000001 --email zhang.wei@huaxin-energy.example
contact 刘敏 --title 信息中心主任 --department 信息中心 --role influencer --phone 13900000002

customer "$(uscc 91320594MA1N7GJ04)" east-ka 苏州华信智慧能源服务有限公司 华信智慧能源 \
  --industry M --region 320571 --ownership private --size medium --ref erp-sap:C-100002
contact 王磊 --title 总经理 --role decision-maker --phone 13900000003

customer "$(uscc 91110108MA01R2WK3)" sub-north 北京华信新能源科技有限公司 华信新能源 \
  --industry C --region 110108 --ownership private --size large --ref erp-sap:C-100003
contact 赵静 --title 运营副总裁 --department 运营部 --role champion \
  --phone 13900000004 --email zhao.jing@huaxin-energy.example
contact 钱峰 --title 设备主管 --department 设备部 --role user --phone 13900000005

customer "$(uscc 91440300MA5FT8LC6)" sub-south 深圳华信储能技术有限公司 华信储能 \
  --industry C --region 440305 --ownership joint-venture --size medium --ref erp-sap:C-100004
contact 孙洁 --title 财务总监 --department 财务部 --role veto-holder \
  --phone 13900000006 --wechat sunjie_hx

echo "seed-demo: $created created, $existing already there"
