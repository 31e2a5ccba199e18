#ifndef CRM_SERVICES_COLLABORATION_REQUESTS_REQUEST_HANDLERS_H_
#define CRM_SERVICES_COLLABORATION_REQUESTS_REQUEST_HANDLERS_H_

#include <vector>

#include "absl/status/status.h"
#include "crm/collaboration/v1/collaboration_service.pb.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "libs/status/status.h"
#include "services/collaboration/core/collaboration_context.h"

namespace crm::collaboration {

// Collaboration requests (协同需求): raise (due times from the SLA policy in
// force), read, list, change, acknowledge, advance, cancel, comment and the
// timeline. Each method checks its request (every violation at once), then
// works in one transaction that applies the caller's scope in SQL, records
// a timeline entry and one CollaborationEvent through the outbox.
//
// Who may do what (DOMAIN.md "Collaboration and attribution"): anyone who
// sees a request reads it and comments; the requesting side (its scope
// holds the requesting org unit), the current step's owner or HQ updates,
// advances and cancels it (cancelling: not a step owner of another unit); a
// participant (its scope holds the participant's org unit) acknowledges.
//
// A request's opportunity or contract is checked for its form only: this
// service does not ask the opportunity or contract service whether it
// exists (the attribution of a deal finds the requests that name it).
// Changing the urgency keeps the due times a request has; a new
// step_due_time clears the step's breach mark (the SLA job watches the new
// time).
class RequestHandlers final {
 public:
  explicit RequestHandlers(const CollaborationContext& context) : context_(context) {}

  static std::vector<pg::PreparedStatement> Statements();

  absl::Status CreateCollaborationRequest(const request::Actor& actor,
                                          const v1::CreateCollaborationRequestRequest& request,
                                          v1::CollaborationRequest& response,
                                          status::FieldViolations& violations);
  absl::Status GetCollaborationRequest(const request::Actor& actor,
                                       const v1::GetCollaborationRequestRequest& request,
                                       v1::CollaborationRequest& response,
                                       status::FieldViolations& violations);
  absl::Status ListCollaborationRequests(const request::Actor& actor,
                                         const v1::ListCollaborationRequestsRequest& request,
                                         v1::ListCollaborationRequestsResponse& response,
                                         status::FieldViolations& violations);
  absl::Status UpdateCollaborationRequest(const request::Actor& actor,
                                          const v1::UpdateCollaborationRequestRequest& request,
                                          v1::CollaborationRequest& response,
                                          status::FieldViolations& violations);
  absl::Status AcknowledgeCollaborationRequest(
      const request::Actor& actor, const v1::AcknowledgeCollaborationRequestRequest& request,
      v1::CollaborationRequest& response, status::FieldViolations& violations);
  absl::Status AdvanceCollaborationRequest(const request::Actor& actor,
                                           const v1::AdvanceCollaborationRequestRequest& request,
                                           v1::CollaborationRequest& response,
                                           status::FieldViolations& violations);
  absl::Status CancelCollaborationRequest(const request::Actor& actor,
                                          const v1::CancelCollaborationRequestRequest& request,
                                          v1::CollaborationRequest& response,
                                          status::FieldViolations& violations);
  absl::Status AddCollaborationComment(const request::Actor& actor,
                                       const v1::AddCollaborationCommentRequest& request,
                                       v1::TimelineEntry& response,
                                       status::FieldViolations& violations);
  absl::Status ListCollaborationTimeline(const request::Actor& actor,
                                         const v1::ListCollaborationTimelineRequest& request,
                                         v1::ListCollaborationTimelineResponse& response,
                                         status::FieldViolations& violations);

 private:
  const CollaborationContext& context_;
};

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_REQUESTS_REQUEST_HANDLERS_H_
