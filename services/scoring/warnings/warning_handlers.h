#ifndef CRM_SERVICES_SCORING_WARNINGS_WARNING_HANDLERS_H_
#define CRM_SERVICES_SCORING_WARNINGS_WARNING_HANDLERS_H_

// Churn warnings' RPCs, called by the service facade inside request::Serve.
// Each reads check → validate → one transaction → the response.
//
// Who may do what (DOMAIN.md "Health and churn warning", "Who may see
// what"):
//   read                  anyone whose scope holds the customer's owner or
//                         an account-team org unit, or the warning's owner
//                         org unit (else CHURN_WARNING_NOT_IN_SCOPE whether
//                         or not it exists; HQ learns CHURN_WARNING_NOT_FOUND)
//   plan, outcome         the owner side (scope holds the warning's owner
//                         org unit) or HQ (a global scope); else
//                         NOT_WARNING_OWNER

#include <vector>

#include "absl/status/status.h"
#include "crm/scoring/v1/scoring_service.pb.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "libs/status/status.h"
#include "services/scoring/core/scoring_context.h"

namespace crm::scoring {

class WarningHandlers final {
 public:
  explicit WarningHandlers(const ScoringContext& context) : context_(context) {}

  static std::vector<pg::PreparedStatement> Statements();

  // OPEN unless a state is asked for; least healthy first (health score,
  // then id), keyset pages; narrowed to an owner org unit and those below
  // (auth::OrgUnitAndBelow: a unit outside the scope is refused).
  absl::Status ListChurnWarnings(const request::Actor& actor,
                                 const v1::ListChurnWarningsRequest& request,
                                 v1::ListChurnWarningsResponse& response,
                                 status::FieldViolations& violations);
  absl::Status GetChurnWarning(const request::Actor& actor,
                               const v1::GetChurnWarningRequest& request,
                               v1::ChurnWarning& response, status::FieldViolations& violations);
  // Actions, owner (the caller when not given) and a due date from today;
  // the outcome becomes IN_PROGRESS. RETENTION_PLAN_RECORDED.
  absl::Status RecordRetentionPlan(const request::Actor& actor,
                                   const v1::RecordRetentionPlanRequest& request,
                                   v1::ChurnWarning& response, status::FieldViolations& violations);
  // Needs a plan first. RETENTION_PLAN_RECORDED.
  absl::Status RecordRetentionOutcome(const request::Actor& actor,
                                      const v1::RecordRetentionOutcomeRequest& request,
                                      v1::ChurnWarning& response,
                                      status::FieldViolations& violations);

 private:
  const ScoringContext& context_;
};

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_WARNINGS_WARNING_HANDLERS_H_
