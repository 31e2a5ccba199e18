#ifndef CRM_SERVICES_SCORING_SCORES_SCORING_POLICY_HANDLERS_H_
#define CRM_SERVICES_SCORING_SCORES_SCORING_POLICY_HANDLERS_H_

#include <vector>

#include "absl/status/status.h"
#include "crm/scoring/v1/scoring_service.pb.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "libs/status/status.h"
#include "services/scoring/core/scoring_context.h"

namespace crm::scoring {

// The scoring policy and the customers' scoring profiles below the gRPC
// edge. A new policy version applies to every customer's scores (the
// rescore job recomputes them); tiers change only by review. The facade
// calls each inside request::Serve.
class ScoringPolicyHandlers final {
 public:
  using Actor = request::Actor;
  using Violations = status::FieldViolations;

  explicit ScoringPolicyHandlers(const ScoringContext& context) : context_(context) {}

  // The policy store's and the scorer's statements, and the profile's.
  static std::vector<pg::PreparedStatement> Statements();

  absl::Status GetScoringPolicy(const Actor& actor, const v1::GetScoringPolicyRequest& request,
                                v1::ScoringPolicy& response, Violations& violations);
  // The strategy centre or hq_admin; scoring_policy.etag required (ABORTED
  // when another version came since it was read); every problem of the
  // policy at once.
  absl::Status UpdateScoringPolicy(const Actor& actor,
                                   const v1::UpdateScoringPolicyRequest& request,
                                   v1::ScoringPolicy& response, Violations& violations);
  // The strategy centre or hq_admin; the customer in the caller's scope;
  // etag required once the profile exists. The customer is marked dirty,
  // so its scores follow within the refresher's interval.
  absl::Status UpdateScoringProfile(const Actor& actor,
                                    const v1::UpdateScoringProfileRequest& request,
                                    v1::ScoringProfile& response, Violations& violations);

 private:
  const ScoringContext& context_;
};

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_SCORES_SCORING_POLICY_HANDLERS_H_
