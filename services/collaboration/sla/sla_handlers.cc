#include "services/collaboration/sla/sla_handlers.h"

#include <utility>

#include "libs/auth/roles.h"
#include "libs/etag/etag.h"
#include "libs/idempotency/run_idempotent.h"
#include "libs/pg/transaction.h"
#include "libs/strings/str_cat.h"
#include "services/collaboration/core/collaboration_names.h"
#include "services/collaboration/rules/sla_rules.h"
#include "services/collaboration/sla/sla_policy_store.h"

namespace crm::collaboration {

std::vector<pg::PreparedStatement> SlaHandlers::Statements() { return SlaPolicyStoreStatements(); }

absl::Status SlaHandlers::GetSlaPolicy(const Actor&, const v1::GetSlaPolicyRequest&,
                                       v1::SlaPolicy& response, Violations&) {
  absl::StatusOr<SlaPolicyRow> policy;
  absl::Status status = pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        policy = CurrentSlaPolicy(tx);
        return policy.status();
      },
      "collaboration.sla_policy");
  if (!status.ok()) return status;
  response = std::move(policy->policy);
  return absl::OkStatus();
}

absl::Status SlaHandlers::UpdateSlaPolicy(const Actor& actor,
                                          const v1::UpdateSlaPolicyRequest& request,
                                          v1::SlaPolicy& response, Violations& violations) {
  const auth::v1::Principal& caller = actor.principal;
  if (!auth::HasRole(caller, auth::kRoleHqAdmin)) {
    return status::Error(
        absl::StatusCode::kPermissionDenied, kDomain, "ROLE_NOT_ALLOWED",
        crm::StrCat(caller.user(), " is not hq_admin; only HQ sets the SLA policy"),
        {{"user", caller.user()}});
  }
  if (!request.has_sla_policy()) {
    violations.Add("sla_policy", "sla_policy: required; send the rules with the etag read");
    return violations.ToStatus(kDomain);
  }
  const v1::SlaPolicy& values = request.sla_policy();
  if (!values.name().empty() && values.name() != kSlaPolicyName) {
    violations.Add("sla_policy.name",
                   "sla_policy.name: not the SLA policy's; its name is slaPolicy (or leave it "
                   "empty)");
  }
  const int64_t expected_version =
      RequiredEtagField(values.etag(), "sla_policy.etag", violations).value_or(0);
  ValidateSlaPolicy(values, violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  absl::StatusOr<v1::SlaPolicy> stored = idempotency::RunIdempotent<v1::SlaPolicy>(
      *context_.pool, *context_.request_log, actor.idempotency,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::SlaPolicy> {
        absl::StatusOr<SlaPolicyRow> row =
            StoreSlaPolicy(tx, actor, values, expected_version, context_.clock->Now());
        if (!row.ok()) return row.status();
        return std::move(row->policy);
      });
  if (!stored.ok()) return stored.status();
  response = *std::move(stored);
  return absl::OkStatus();
}

}  // namespace crm::collaboration
