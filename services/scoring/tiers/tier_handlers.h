#ifndef CRM_SERVICES_SCORING_TIERS_TIER_HANDLERS_H_
#define CRM_SERVICES_SCORING_TIERS_TIER_HANDLERS_H_

// Quarterly tier reviews (客户分级): the RPCs that open a review, list its
// proposals, decide them and show a customer's tier history, called by the
// service facade inside request::Serve.
//
// Who may do what (DOMAIN.md "Tiers"):
//   open a review         the strategy centre or hq_admin
//   read                  anyone; proposals and history only of customers
//                         in the caller's scope (counts too)
//   decide a proposal     the strategy centre: role strategy with a global
//                         scope (STRATEGY_ROLE_REQUIRED)

#include <vector>

#include "absl/status/status.h"
#include "crm/scoring/v1/scoring_service.pb.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "libs/status/status.h"
#include "services/scoring/core/scoring_context.h"

namespace crm::scoring {

class TierHandlers final {
 public:
  explicit TierHandlers(const ScoringContext& context) : context_(context) {}

  static std::vector<pg::PreparedStatement> Statements();

  // Opens the quarter's review, or adds to an open one the proposals that
  // are new since: one for every scored customer whose computed tier
  // differs from its tier and that has none in this review, with the value
  // assessment's reasons. TIER_REVIEW_OPENED.
  absl::Status OpenTierReview(const request::Actor& actor, const v1::OpenTierReviewRequest& request,
                              v1::TierReview& response, status::FieldViolations& violations);
  // Counts of the proposals in the caller's scope.
  absl::Status GetTierReview(const request::Actor& actor, const v1::GetTierReviewRequest& request,
                             v1::TierReview& response, status::FieldViolations& violations);
  // Largest annual purchases first (then customer id), keyset pages.
  absl::Status ListTierProposals(const request::Actor& actor,
                                 const v1::ListTierProposalsRequest& request,
                                 v1::ListTierProposalsResponse& response,
                                 status::FieldViolations& violations);
  // APPROVE takes the proposed tier, OVERRIDE the given one with a reason.
  // When the tier changes: a tier_changes row, the customer's tier (decided
  // from now on) and TIER_CHANGED to its owner org unit.
  absl::Status DecideTierProposal(const request::Actor& actor,
                                  const v1::DecideTierProposalRequest& request,
                                  v1::TierProposal& response, status::FieldViolations& violations);
  // Newest first, keyset pages.
  absl::Status ListTierHistory(const request::Actor& actor,
                               const v1::ListTierHistoryRequest& request,
                               v1::ListTierHistoryResponse& response,
                               status::FieldViolations& violations);

 private:
  const ScoringContext& context_;
};

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_TIERS_TIER_HANDLERS_H_
