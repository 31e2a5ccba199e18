#ifndef CRM_SERVICES_SCORING_FACTS_FACTS_HANDLERS_H_
#define CRM_SERVICES_SCORING_FACTS_FACTS_HANDLERS_H_

#include <vector>

#include "absl/status/status.h"
#include "crm/scoring/v1/scoring_service.pb.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "libs/status/status.h"
#include "services/scoring/core/scoring_context.h"

namespace crm::scoring {

// The fact table below the gRPC edge: a customer's facts, and the rebuild
// of every customer's facts from the feeds. The facade calls each inside
// request::Serve.
class FactsHandlers final {
 public:
  using Actor = request::Actor;
  using Violations = status::FieldViolations;

  explicit FactsHandlers(const ScoringContext& context) : context_(context) {}

  // Its statements and those of the fact store, MarkDirty, the refresher
  // and the feed followers (everything in facts/), for the pool.
  static std::vector<pg::PreparedStatement> Statements();

  // The customer's facts (24 months of purchases, receipts and complaints
  // ending with the current month, Asia/Shanghai). PERMISSION_DENIED
  // CUSTOMER_NOT_IN_SCOPE outside the caller's scope; NOT_FOUND
  // CUSTOMER_NOT_FOUND for callers who see everything; a customer in scope
  // that was never refreshed has empty facts (no refresh_time).
  absl::Status GetCustomerFacts(const Actor& actor, const v1::GetCustomerFactsRequest& request,
                                v1::CustomerFacts& response, Violations& violations);

  // hq_admin only. Resets the opportunity, contract and collaboration
  // followers to the start of their feeds and marks every live customer of
  // the replica dirty with the rebuild's id; the refresher does the rest.
  // One runs at a time: while one runs, this returns it. request_id makes a
  // retry return the same rebuild.
  absl::Status StartFactsRebuild(const Actor& actor, const v1::StartFactsRebuildRequest& request,
                                 v1::FactsRebuild& response, Violations& violations);

  // A rebuild's progress (hq_admin or strategy by the gateway's map).
  absl::Status GetFactsRebuild(const Actor& actor, const v1::GetFactsRebuildRequest& request,
                               v1::FactsRebuild& response, Violations& violations);

 private:
  const ScoringContext& context_;
};

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_FACTS_FACTS_HANDLERS_H_
