#ifndef CRM_SERVICES_SCORING_SCORECARD_SCORECARD_HANDLERS_H_
#define CRM_SERVICES_SCORING_SCORECARD_SCORECARD_HANDLERS_H_

// The org units' sales targets and quarterly scorecards (考核), called by the
// service facade inside request::Serve. A scorecard is computed when asked
// for: the targets and survey answers from the scoring schema, the won
// amounts, follow-ups, credit, request SLAs and data completeness from the
// other services (ScoringContext::peers, as "services/scoring"), scored by
// rules/scorecard_rules.h under the weights of the scoring policy in force.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crm/scoring/v1/scoring_service.pb.h"
#include "libs/clock/quarter.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "libs/status/status.h"
#include "services/scoring/core/scoring_context.h"

namespace crm::scoring {

class ScorecardHandlers final {
 public:
  using Actor = request::Actor;
  using Violations = status::FieldViolations;

  explicit ScorecardHandlers(const ScoringContext& context) : context_(context) {}

  static std::vector<pg::PreparedStatement> Statements();

  // Sets an org unit's target for a quarter (the strategy centre or
  // hq_admin): created when there is none (an etag, if given, is then
  // refused as stale), else updated, which needs the etag of the last read
  // (ABORTED ETAG_MISMATCH when it changed since). Amount in CNY, zero or
  // more. Records SALES_TARGET_SET in the same transaction.
  absl::Status SetSalesTarget(const Actor& actor, const v1::SetSalesTargetRequest& request,
                              v1::SalesTarget& response, Violations& violations);

  // A quarter's targets of the org units in the caller's scope (every one
  // for a caller who sees everything), by org unit.
  absl::Status ListSalesTargets(const Actor& actor, const v1::ListSalesTargetsRequest& request,
                                v1::ListSalesTargetsResponse& response, Violations& violations);

  // An org unit's scorecard for a quarter: the org unit in the caller's
  // scope (else PERMISSION_DENIED ORG_UNIT_NOT_IN_SCOPE), every component
  // with its inputs; an input a service did not give is named in its
  // component's explanation, never made up.
  absl::Status GetScorecard(const Actor& actor, const v1::GetScorecardRequest& request,
                            v1::Scorecard& response, Violations& violations);

  // The quarter's scorecards of the org units in the caller's scope that
  // have a target for it or own customers, highest total first (then by
  // name).
  absl::Status ListScorecards(const Actor& actor, const v1::ListScorecardsRequest& request,
                              v1::ListScorecardsResponse& response, Violations& violations);

 private:
  // An org unit's scorecard under `weights`: its target and survey answers
  // from the scoring schema, the rest from the other services.
  absl::StatusOr<v1::Scorecard> Compute(const std::string& org_unit, const clock::Quarter& quarter,
                                        const v1::ScorecardWeights& weights);

  const ScoringContext& context_;
};

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_SCORECARD_SCORECARD_HANDLERS_H_
