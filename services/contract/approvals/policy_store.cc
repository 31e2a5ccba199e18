#include "services/contract/approvals/policy_store.h"

#include <string>

#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "libs/etag/etag.h"
#include "libs/strings/str_cat.h"
#include "services/contract/core/contract_names.h"
#include "services/contract/core/contract_row.h"

namespace crm::contract {
namespace {

using ::google::protobuf::util::TimeUtil;

#define POLICY_COLUMNS "version, rules::text, (extract(epoch FROM create_time) * 1000000)::bigint"

constexpr char kRead[] = "contract.policy_read";
constexpr char kReadSql[] =
    "SELECT " POLICY_COLUMNS " FROM contract.approval_policies ORDER BY version DESC LIMIT 1";
// A new version only when `$1 - 1` is still the newest: two concurrent
// updates from the same etag insert the same version, and the second finds
// it taken.
constexpr char kInsert[] = "contract.policy_insert";
constexpr char kInsertSql[] =
    "INSERT INTO contract.approval_policies (version, rules, actor, create_time)"
    " SELECT $1::bigint, $2::jsonb, $3, $4::timestamptz"
    " WHERE EXISTS (SELECT 1 FROM contract.approval_policies WHERE version = $1::bigint - 1)"
    " AND NOT EXISTS (SELECT 1 FROM contract.approval_policies WHERE version >= $1::bigint)"
    " ON CONFLICT (version) DO NOTHING RETURNING " POLICY_COLUMNS;
constexpr char kNewest[] = "contract.policy_newest";
constexpr char kNewestSql[] = "SELECT max(version) FROM contract.approval_policies";

absl::StatusOr<v1::ApprovalPolicy> ViewOf(const pqxx::row& row) {
  v1::ApprovalPolicy view;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  const std::string json = crm::StrCat("{\"rules\":", row[1].as<std::string>(), "}");
  if (!google::protobuf::util::JsonStringToMessage(json, &view, options).ok()) {
    return absl::InternalError("contract.approval_policies rules do not parse");
  }
  const int64_t version = row[0].as<int64_t>();
  view.set_name(kApprovalPolicyName);
  view.set_version(version);
  view.set_etag(EtagOf(version));
  *view.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[2].as<int64_t>());
  return view;
}

// The rules as stored: a JSON array of v1.ApprovalRule.
std::string RulesJson(const ApprovalPolicy& policy) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  const v1::ApprovalPolicy proto = ApprovalPolicyToProto(policy);
  std::string json = "[";
  for (int i = 0; i < proto.rules_size(); ++i) {
    std::string rule;
    (void)google::protobuf::util::MessageToJsonString(proto.rules(i), &rule, options);
    crm::StrAppend(&json, i == 0 ? "" : ",", rule);
  }
  return json + "]";
}

}  // namespace

std::vector<pg::PreparedStatement> PolicyStoreStatements() {
  return {{kRead, kReadSql}, {kInsert, kInsertSql}, {kNewest, kNewestSql}};
}

absl::StatusOr<v1::ApprovalPolicy> ReadApprovalPolicyView(pqxx::transaction_base& tx) {
  const pqxx::result rows = tx.exec_prepared(kRead);
  if (rows.empty()) return absl::InternalError("contract.approval_policies is empty");
  return ViewOf(rows[0]);
}

absl::StatusOr<ApprovalPolicy> ReadApprovalPolicy(pqxx::transaction_base& tx) {
  absl::StatusOr<v1::ApprovalPolicy> view = ReadApprovalPolicyView(tx);
  if (!view.ok()) return view.status();
  ApprovalPolicy policy;
  policy.version = view->version();
  for (const v1::ApprovalRule& rule : view->rules()) {
    policy.rules.push_back({.role = rule.role(), .above = rule.above()});
  }
  return policy;
}

absl::StatusOr<v1::ApprovalPolicy> StoreApprovalPolicy(pqxx::work& tx, const request::Actor& actor,
                                                       const ApprovalPolicy& policy,
                                                       int64_t expected_version, absl::Time now) {
  const pqxx::result rows = tx.exec_prepared(kInsert, expected_version + 1, RulesJson(policy),
                                             actor.principal.user(), TimeParam(now));
  if (rows.empty()) {
    const int64_t newest = tx.exec_prepared1(kNewest)[0].as<int64_t>();
    return EtagMismatch(kDomain, kApprovalPolicyName, expected_version, newest);
  }
  return ViewOf(rows[0]);
}

}  // namespace crm::contract
