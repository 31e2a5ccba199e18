#include "services/collaboration/sla/sla_policy_store.h"

#include <string>

#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "libs/etag/etag.h"
#include "libs/strings/str_cat.h"
#include "services/collaboration/core/collaboration_names.h"
#include "services/collaboration/rules/sla_rules.h"

namespace crm::collaboration {
namespace {

using ::google::protobuf::util::TimeUtil;

#define SLA_POLICY_COLUMNS \
  "version, rules::text, (extract(epoch FROM create_time) * 1000000)::bigint"

constexpr char kRead[] = "collaboration.sla_policy_read";
constexpr char kReadSql[] =
    "SELECT " SLA_POLICY_COLUMNS " FROM collaboration.sla_policies ORDER BY version DESC LIMIT 1";
// A new version only when `$1 - 1` is still the newest: two concurrent
// updates from the same etag insert the same version, and the second finds
// it taken. $4 is the time in microseconds since the epoch.
constexpr char kInsert[] = "collaboration.sla_policy_insert";
constexpr char kInsertSql[] =
    "INSERT INTO collaboration.sla_policies (version, rules, actor, create_time)"
    " SELECT $1::bigint, $2::jsonb, $3, 'epoch'::timestamptz + $4::bigint * interval '1 us'"
    " WHERE EXISTS (SELECT 1 FROM collaboration.sla_policies WHERE version = $1::bigint - 1)"
    " AND NOT EXISTS (SELECT 1 FROM collaboration.sla_policies WHERE version >= $1::bigint)"
    " ON CONFLICT (version) DO NOTHING RETURNING " SLA_POLICY_COLUMNS;
constexpr char kNewest[] = "collaboration.sla_policy_newest";
constexpr char kNewestSql[] = "SELECT max(version) FROM collaboration.sla_policies";

absl::StatusOr<SlaPolicyRow> RowOf(const pqxx::row& row) {
  SlaPolicyRow result;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  const std::string json = crm::StrCat("{\"rules\":", row[1].as<std::string>(), "}");
  if (!google::protobuf::util::JsonStringToMessage(json, &result.policy, options).ok()) {
    return absl::InternalError("collaboration.sla_policies rules do not parse");
  }
  result.version = row[0].as<int64_t>();
  result.policy.set_name(kSlaPolicyName);
  result.policy.set_version(result.version);
  result.policy.set_etag(EtagOf(result.version));
  *result.policy.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[2].as<int64_t>());
  return result;
}

// The rules as stored: a JSON array of v1.SlaRule (enum names, proto field
// names, zero fields left out).
std::string RulesJson(const v1::SlaPolicy& policy) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json = "[";
  for (int i = 0; i < policy.rules_size(); ++i) {
    std::string rule;
    (void)google::protobuf::util::MessageToJsonString(policy.rules(i), &rule, options);
    crm::StrAppend(&json, i == 0 ? "" : ",", rule);
  }
  return json + "]";
}

}  // namespace

std::vector<pg::PreparedStatement> SlaPolicyStoreStatements() {
  return {{kRead, kReadSql}, {kInsert, kInsertSql}, {kNewest, kNewestSql}};
}

absl::StatusOr<SlaPolicyRow> CurrentSlaPolicy(pqxx::transaction_base& tx) {
  const pqxx::result rows = tx.exec_prepared(kRead);
  if (rows.empty()) return absl::InternalError("collaboration.sla_policies is empty");
  return RowOf(rows[0]);
}

absl::StatusOr<SlaPolicyRow> StoreSlaPolicy(pqxx::work& tx, const request::Actor& actor,
                                            const v1::SlaPolicy& policy, int64_t expected_version,
                                            absl::Time now) {
  const std::string& who = actor.principal.user().empty() ? actor.method : actor.principal.user();
  const pqxx::result rows = tx.exec_prepared(kInsert, expected_version + 1, RulesJson(policy), who,
                                             absl::ToUnixMicros(now));
  if (rows.empty()) {
    const int64_t newest = tx.exec_prepared1(kNewest)[0].as<int64_t>();
    return EtagMismatch(kDomain, kSlaPolicyName, expected_version, newest);
  }
  return RowOf(rows[0]);
}

}  // namespace crm::collaboration
