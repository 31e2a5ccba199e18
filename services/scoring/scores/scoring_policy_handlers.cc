#include "services/scoring/scores/scoring_policy_handlers.h"

#include <optional>
#include <string>
#include <utility>

#include "google/protobuf/util/time_util.h"
#include "libs/auth/roles.h"
#include "libs/auth/strategy_centre.h"
#include "libs/etag/etag.h"
#include "libs/idempotency/run_idempotent.h"
#include "libs/pg/transaction.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/text_field.h"
#include "services/scoring/core/scoring_names.h"
#include "services/scoring/core/scoring_scope.h"
#include "services/scoring/facts/dirty_customers.h"
#include "services/scoring/rules/errors.h"
#include "services/scoring/rules/scoring_policy.h"
#include "services/scoring/scores/customer_scoring.h"
#include "services/scoring/scores/scoring_policy_store.h"

namespace crm::scoring {
namespace {

using ::google::protobuf::util::TimeUtil;

constexpr char kProfileRead[] = "scoring.profile_read";
constexpr char kProfileReadSql[] = R"sql(
  SELECT strategic, margin_bp, reason, actor,
         (extract(epoch FROM update_time) * 1000000)::bigint, version
  FROM scoring.profiles WHERE customer_id = $1::uuid FOR UPDATE)sql";

// $3 margin_bp: NULL when not known.
constexpr char kProfileUpsert[] = "scoring.profile_upsert";
constexpr char kProfileUpsertSql[] = R"sql(
  INSERT INTO scoring.profiles AS p
    (customer_id, strategic, margin_bp, reason, actor, update_time)
  VALUES ($1::uuid, $2::boolean, $3::integer, $4, $5,
          'epoch'::timestamptz + $6::bigint * interval '1 us')
  ON CONFLICT (customer_id) DO UPDATE SET
    strategic = EXCLUDED.strategic, margin_bp = EXCLUDED.margin_bp, reason = EXCLUDED.reason,
    actor = EXCLUDED.actor, update_time = EXCLUDED.update_time, version = p.version + 1
  RETURNING version)sql";

constexpr size_t kMaxReasonChars = 500;

// The strategy centre or hq_admin: who sets the policy and the profiles.
absl::Status RequireCentreOrHqAdmin(const auth::v1::Principal& caller, std::string_view what) {
  if (auth::IsStrategyCentre(caller) || auth::HasRole(caller, auth::kRoleHqAdmin)) {
    return absl::OkStatus();
  }
  return status::Error(
      absl::StatusCode::kPermissionDenied, kErrorDomain, auth::kReasonStrategyRoleRequired,
      crm::StrCat(caller.user(),
                  auth::HasRole(caller, auth::kRoleStrategy)
                      ? " holds the strategy role below HQ; only HQ's strategy centre or an "
                        "hq_admin may "
                      : " is neither in HQ's strategy centre nor hq_admin; only they may ",
                  what),
      {{"user", caller.user()}});
}

}  // namespace

std::vector<pg::PreparedStatement> ScoringPolicyHandlers::Statements() {
  std::vector<pg::PreparedStatement> statements = CustomerScoringStatements();
  statements.push_back({kProfileRead, kProfileReadSql});
  statements.push_back({kProfileUpsert, kProfileUpsertSql});
  for (pg::PreparedStatement& statement : DirtyCustomerStatements()) {
    statements.push_back(std::move(statement));
  }
  return statements;
}

absl::Status ScoringPolicyHandlers::GetScoringPolicy(const Actor&,
                                                     const v1::GetScoringPolicyRequest&,
                                                     v1::ScoringPolicy& response, Violations&) {
  absl::StatusOr<ScoringPolicyRow> policy;
  absl::Status status = pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        policy = CurrentScoringPolicy(tx);
        return policy.status();
      },
      "scoring.policy");
  if (!status.ok()) return status;
  response = std::move(policy->policy);
  return absl::OkStatus();
}

absl::Status ScoringPolicyHandlers::UpdateScoringPolicy(
    const Actor& actor, const v1::UpdateScoringPolicyRequest& request, v1::ScoringPolicy& response,
    Violations& violations) {
  if (absl::Status allowed = RequireCentreOrHqAdmin(actor.principal, "set the scoring policy");
      !allowed.ok()) {
    return allowed;
  }
  if (!request.has_scoring_policy()) {
    violations.Add("scoring_policy",
                   "scoring_policy: required; send the whole policy with the etag read");
    return violations.ToStatus(kErrorDomain);
  }
  const v1::ScoringPolicy& values = request.scoring_policy();
  if (!values.name().empty() && values.name() != kScoringPolicyName) {
    violations.Add("scoring_policy.name",
                   "scoring_policy.name: not the scoring policy's; its name is scoringPolicy (or "
                   "leave it empty)");
  }
  const int64_t expected_version =
      RequiredEtagField(values.etag(), "scoring_policy.etag", violations).value_or(0);
  ValidateScoringPolicy(values, violations);
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);
  absl::StatusOr<v1::ScoringPolicy> stored = idempotency::RunIdempotent<v1::ScoringPolicy>(
      *context_.pool, *context_.request_log, actor.idempotency,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::ScoringPolicy> {
        absl::StatusOr<ScoringPolicyRow> row =
            StoreScoringPolicy(tx, actor, values, expected_version, context_.clock->Now());
        if (!row.ok()) return row.status();
        return std::move(row->policy);
      });
  if (!stored.ok()) return stored.status();
  response = *std::move(stored);
  return absl::OkStatus();
}

absl::Status ScoringPolicyHandlers::UpdateScoringProfile(
    const Actor& actor, const v1::UpdateScoringProfileRequest& request,
    v1::ScoringProfile& response, Violations& violations) {
  if (absl::Status allowed =
          RequireCentreOrHqAdmin(actor.principal, "set a customer's scoring profile");
      !allowed.ok()) {
    return allowed;
  }
  if (!request.has_scoring_profile()) {
    violations.Add("scoring_profile",
                   "scoring_profile: required; send name, strategic, margin_bp and reason");
    return violations.ToStatus(kErrorDomain);
  }
  const v1::ScoringProfile& values = request.scoring_profile();
  absl::StatusOr<std::string> customer_id = ParseScoringProfileName(values.name());
  if (!customer_id.ok()) {
    violations.Add("scoring_profile.name",
                   crm::StrCat("scoring_profile.name: ", customer_id.status().message()));
  }
  if (values.has_margin_bp() &&
      (values.margin_bp().value() < -10000 || values.margin_bp().value() > 10000)) {
    violations.Add("scoring_profile.margin_bp",
                   crm::StrCat("scoring_profile.margin_bp: ", values.margin_bp().value(),
                               " is outside -10000 to 10000 basis points (-100% to 100%)"));
  }
  validation::CheckText(values.reason(), "scoring_profile.reason", 0, kMaxReasonChars,
                        validation::Lines::kMulti, violations);
  const std::optional<int64_t> expected_version =
      ParseEtagField(values.etag(), "scoring_profile.etag", violations);
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);

  if (absl::Status visible = CheckCustomerVisible(context_, actor.principal, *customer_id);
      !visible.ok()) {
    return visible;
  }
  const std::string name = ScoringProfileName(*customer_id);
  const std::string& who = actor.principal.user();
  const absl::Time now = context_.clock->Now();
  int64_t version = 0;
  absl::Status status = pg::RunInTransaction(
      *context_.pool,
      [&](pqxx::work& tx) -> absl::Status {
        const pqxx::result current = tx.exec_prepared(kProfileRead, *customer_id);
        if (!current.empty()) {
          const int64_t stored = current[0][5].as<int64_t>();
          if (!expected_version.has_value()) {
            Violations missing;
            missing.Add(
                "scoring_profile.etag",
                crm::StrCat("scoring_profile.etag: required; ", name,
                            " exists: pass the etag of the last read (", EtagOf(stored), ")"));
            return missing.ToStatus(kErrorDomain);
          }
          if (*expected_version != stored) {
            return EtagMismatch(kErrorDomain, name, *expected_version, stored);
          }
        } else if (expected_version.has_value()) {
          return EtagMismatch(kErrorDomain, name, *expected_version, 0);
        }
        const pqxx::row row = tx.exec_prepared1(
            kProfileUpsert, *customer_id, values.strategic(),
            values.has_margin_bp() ? std::optional<int>(values.margin_bp().value()) : std::nullopt,
            values.reason(), who, absl::ToUnixMicros(now));
        version = row[0].as<int64_t>();
        // The scores follow when the refresher takes the customer.
        return MarkDirty(tx, *customer_id, now);
      },
      {.operation = "scoring.profile_update"});
  if (!status.ok()) return status;
  response.set_name(name);
  response.set_strategic(values.strategic());
  if (values.has_margin_bp()) response.mutable_margin_bp()->set_value(values.margin_bp().value());
  response.set_reason(values.reason());
  response.set_updated_by(who);
  *response.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now));
  response.set_etag(EtagOf(version));
  return absl::OkStatus();
}

}  // namespace crm::scoring
