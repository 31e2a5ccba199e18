#ifndef CRM_SERVICES_COLLABORATION_ATTRIBUTION_ATTRIBUTION_HANDLERS_H_
#define CRM_SERVICES_COLLABORATION_ATTRIBUTION_ATTRIBUTION_HANDLERS_H_

// Attribution (协同贡献度): the eleven attribution RPCs, called by the
// service facade inside request::Serve. Each reads check → validate → one
// transaction → the response. An attribution is opened by the deal
// followers (attribution_opening.h) and finalised by AttributionJobs.
//
// Who may do what (DOMAIN.md "Collaboration and attribution"):
//   read                       anyone whose scope holds the deal's owner org
//                              unit or a contributor (else
//                              ATTRIBUTION_NOT_IN_SCOPE; HQ learns NOT_FOUND)
//   update, submit             the deal's owner side (scope holds the owner
//                              org unit) or the strategy centre
//   approve, reject, adjust    the strategy centre: role strategy with a
//                              global scope (STRATEGY_ROLE_REQUIRED)
//   dispute                    a contributor's side (scope holds it), within
//                              the dispute window
//   the policy                 the strategy centre or hq_admin

#include <vector>

#include "absl/status/status.h"
#include "crm/collaboration/v1/collaboration_service.pb.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "libs/status/status.h"
#include "services/collaboration/core/collaboration_context.h"

namespace crm::collaboration {

class AttributionHandlers final {
 public:
  explicit AttributionHandlers(const CollaborationContext& context) : context_(context) {}

  // The statements of the handlers, the store and the opening (so a module
  // that prepares these also serves the deal followers).
  static std::vector<pg::PreparedStatement> Statements();

  absl::Status GetAttribution(const request::Actor& actor, const v1::GetAttributionRequest& request,
                              v1::Attribution& response, status::FieldViolations& violations);
  // Newest deal first (deal date, then id, descending), keyset pages;
  // narrowed by state, an org unit (owner or contributor), a customer and a
  // quarter of the deal date.
  absl::Status ListAttributions(const request::Actor& actor,
                                const v1::ListAttributionsRequest& request,
                                v1::ListAttributionsResponse& response,
                                status::FieldViolations& violations);
  absl::Status UpdateAttribution(const request::Actor& actor,
                                 const v1::UpdateAttributionRequest& request,
                                 v1::Attribution& response, status::FieldViolations& violations);
  absl::Status SubmitAttribution(const request::Actor& actor,
                                 const v1::SubmitAttributionRequest& request,
                                 v1::Attribution& response, status::FieldViolations& violations);
  // SUBMITTED → APPROVED puts the split in force (the credit totals);
  // DISPUTED → FINAL dismisses the dispute and keeps it.
  absl::Status ApproveAttribution(const request::Actor& actor,
                                  const v1::ApproveAttributionRequest& request,
                                  v1::Attribution& response, status::FieldViolations& violations);
  absl::Status RejectAttribution(const request::Actor& actor,
                                 const v1::RejectAttributionRequest& request,
                                 v1::Attribution& response, status::FieldViolations& violations);
  absl::Status DisputeAttribution(const request::Actor& actor,
                                  const v1::DisputeAttributionRequest& request,
                                  v1::Attribution& response, status::FieldViolations& violations);
  // Replaces the split in force (the credit totals move with it) and keeps
  // the old one in the history; revision + 1; FINAL.
  absl::Status AdjustAttribution(const request::Actor& actor,
                                 const v1::AdjustAttributionRequest& request,
                                 v1::Attribution& response, status::FieldViolations& violations);
  absl::Status ListAttributionHistory(const request::Actor& actor,
                                      const v1::ListAttributionHistoryRequest& request,
                                      v1::ListAttributionHistoryResponse& response,
                                      status::FieldViolations& violations);
  absl::Status GetAttributionPolicy(const request::Actor& actor,
                                    const v1::GetAttributionPolicyRequest& request,
                                    v1::AttributionPolicy& response,
                                    status::FieldViolations& violations);
  // A new version (etag of the one in force); attributions already opened
  // keep theirs.
  absl::Status UpdateAttributionPolicy(const request::Actor& actor,
                                       const v1::UpdateAttributionPolicyRequest& request,
                                       v1::AttributionPolicy& response,
                                       status::FieldViolations& violations);

 private:
  const CollaborationContext& context_;
};

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_ATTRIBUTION_ATTRIBUTION_HANDLERS_H_
