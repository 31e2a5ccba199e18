#include "services/scoring/scores/scoring_policy_store.h"

#include <string>

#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "libs/etag/etag.h"
#include "libs/strings/str_cat.h"
#include "services/scoring/rules/errors.h"
#include "services/scoring/rules/scoring_policy.h"

namespace crm::scoring {
namespace {

using ::google::protobuf::util::TimeUtil;

#define SCORING_POLICY_COLUMNS \
  "version, policy::text, actor, (extract(epoch FROM create_time) * 1000000)::bigint"

constexpr char kRead[] = "scoring.policy_read";
constexpr char kReadSql[] =
    "SELECT " SCORING_POLICY_COLUMNS " FROM scoring.policies ORDER BY version DESC LIMIT 1";
// A new version only when `$1 - 1` is still the newest: two concurrent
// updates from the same etag insert the same version, and the second finds
// it taken. $4 is the time in microseconds since the epoch.
constexpr char kInsert[] = "scoring.policy_insert";
constexpr char kInsertSql[] =
    "INSERT INTO scoring.policies (version, policy, actor, create_time)"
    " SELECT $1::bigint, $2::jsonb, $3, 'epoch'::timestamptz + $4::bigint * interval '1 us'"
    " WHERE EXISTS (SELECT 1 FROM scoring.policies WHERE version = $1::bigint - 1)"
    " AND NOT EXISTS (SELECT 1 FROM scoring.policies WHERE version >= $1::bigint)"
    " ON CONFLICT (version) DO NOTHING RETURNING " SCORING_POLICY_COLUMNS;
constexpr char kNewest[] = "scoring.policy_newest";
constexpr char kNewestSql[] = "SELECT max(version) FROM scoring.policies";

absl::StatusOr<ScoringPolicyRow> RowOf(const pqxx::row& row) {
  ScoringPolicyRow result;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  if (!google::protobuf::util::JsonStringToMessage(row[1].as<std::string>(), &result.policy,
                                                   options)
           .ok()) {
    return absl::InternalError("scoring.policies policy does not parse");
  }
  result.version = row[0].as<int64_t>();
  result.policy.set_name(kScoringPolicyName);
  result.policy.set_version(result.version);
  result.policy.set_etag(EtagOf(result.version));
  const std::string actor = row[2].as<std::string>();
  if (actor != "system") result.policy.set_updated_by(actor);
  *result.policy.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[3].as<int64_t>());
  return result;
}

// The policy as stored: proto JSON (lowerCamel names, as the seed), without
// its output fields.
std::string PolicyJson(v1::ScoringPolicy policy) {
  policy.clear_name();
  policy.clear_version();
  policy.clear_update_time();
  policy.clear_updated_by();
  policy.clear_etag();
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(policy, &json);
  return json;
}

}  // namespace

std::vector<pg::PreparedStatement> ScoringPolicyStoreStatements() {
  return {{kRead, kReadSql}, {kInsert, kInsertSql}, {kNewest, kNewestSql}};
}

absl::StatusOr<ScoringPolicyRow> CurrentScoringPolicy(pqxx::transaction_base& tx) {
  const pqxx::result rows = tx.exec_prepared(kRead);
  if (rows.empty()) return absl::InternalError("scoring.policies is empty");
  return RowOf(rows[0]);
}

absl::StatusOr<ScoringPolicyRow> StoreScoringPolicy(pqxx::work& tx, const request::Actor& actor,
                                                    const v1::ScoringPolicy& policy,
                                                    int64_t expected_version, absl::Time now) {
  const std::string& who = actor.principal.user().empty() ? actor.method : actor.principal.user();
  const pqxx::result rows = tx.exec_prepared(kInsert, expected_version + 1, PolicyJson(policy), who,
                                             absl::ToUnixMicros(now));
  if (rows.empty()) {
    const int64_t newest = tx.exec_prepared1(kNewest)[0].as<int64_t>();
    return EtagMismatch(kErrorDomain, kScoringPolicyName, expected_version, newest);
  }
  return RowOf(rows[0]);
}

}  // namespace crm::scoring
