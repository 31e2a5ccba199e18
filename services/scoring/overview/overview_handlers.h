#ifndef CRM_SERVICES_SCORING_OVERVIEW_OVERVIEW_HANDLERS_H_
#define CRM_SERVICES_SCORING_OVERVIEW_OVERVIEW_HANDLERS_H_

// The customer overview (客户360), the customer group overview (集团视图) and
// the list of customers at risk, read from the scores (customer_scores), the
// facts (customer_facts), the open churn warnings and the customer and group
// replicas. Called by the service facade inside request::Serve.
//
// Scope is decided in the SQL (core/scoring_scope.h): a customer outside the
// caller's scope is PERMISSION_DENIED (CUSTOMER_NOT_IN_SCOPE) whether or not
// it exists; roll-ups count only the customers in scope and say `partial`
// when the subtree holds others, never how many.

#include <vector>

#include "absl/status/status.h"
#include "crm/scoring/v1/scoring_service.pb.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "libs/status/status.h"
#include "services/scoring/core/scoring_context.h"

namespace crm::scoring {

class OverviewHandlers final {
 public:
  using Actor = request::Actor;
  using Violations = status::FieldViolations;

  static constexpr int kDefaultNodeLimit = 200;
  static constexpr int kMaxNodeLimit = 5000;
  static constexpr int kDefaultAtRiskLimit = 20;
  static constexpr int kMaxAtRiskLimit = 500;

  explicit OverviewHandlers(const ScoringContext& context) : context_(context) {}

  static std::vector<pg::PreparedStatement> Statements();

  // A customer's tier, value and health (the stored assessments), facts,
  // owner, coordinating org unit and open churn warning. A customer in scope
  // that was never scored has its facts (if any) and no tier.
  absl::Status GetCustomerOverview(const Actor& actor,
                                   const v1::GetCustomerOverviewRequest& request,
                                   v1::CustomerOverview& response, Violations& violations);

  // The roll-up of a customer group node's subtree (the node included) over
  // the customers in the caller's scope: money summed, worst risk and
  // health, health weighted by annual purchases, counts per tier and risk,
  // the members at medium or high risk (least healthy first) and the first
  // nodes depth first. NOT_FOUND (NODE_NOT_FOUND) for a node the group
  // replica does not hold.
  absl::Status GetGroupOverview(const Actor& actor, const v1::GetGroupOverviewRequest& request,
                                v1::GroupOverview& response, Violations& violations);

  // The customers in scope at or above min_risk (default RISK_HIGH), least
  // healthy first, narrowed to an owner org unit and a group subtree; keyset
  // pages.
  absl::Status ListAtRiskCustomers(const Actor& actor,
                                   const v1::ListAtRiskCustomersRequest& request,
                                   v1::ListAtRiskCustomersResponse& response,
                                   Violations& violations);

 private:
  const ScoringContext& context_;
};

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_OVERVIEW_OVERVIEW_HANDLERS_H_
