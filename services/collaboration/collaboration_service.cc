#include "services/collaboration/collaboration_service.h"

#include "libs/request/serve.h"
#include "libs/status/status.h"
#include "services/collaboration/attribution/attribution_handlers.h"
#include "services/collaboration/board/board_handlers.h"
#include "services/collaboration/credit/credit_handlers.h"
#include "services/collaboration/requests/request_handlers.h"
#include "services/collaboration/sla/sla_handlers.h"

namespace crm::collaboration {
namespace {

using Violations = status::FieldViolations;

}  // namespace

CollaborationService::Reactor* CollaborationService::CreateCollaborationRequest(
    Context* context, const v1::CreateCollaborationRequestRequest* request,
    v1::CollaborationRequest* response) {
  return request::Serve(context, *deps_.verifier, "CreateCollaborationRequest", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.requests->CreateCollaborationRequest(actor, *request,
                                                                            *response, violations);
                        });
}

CollaborationService::Reactor* CollaborationService::GetCollaborationRequest(
    Context* context, const v1::GetCollaborationRequestRequest* request,
    v1::CollaborationRequest* response) {
  return request::Serve(context, *deps_.verifier, "GetCollaborationRequest", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.requests->GetCollaborationRequest(actor, *request, *response,
                                                                         violations);
                        });
}

CollaborationService::Reactor* CollaborationService::ListCollaborationRequests(
    Context* context, const v1::ListCollaborationRequestsRequest* request,
    v1::ListCollaborationRequestsResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListCollaborationRequests", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.requests->ListCollaborationRequests(actor, *request,
                                                                           *response, violations);
                        });
}

CollaborationService::Reactor* CollaborationService::UpdateCollaborationRequest(
    Context* context, const v1::UpdateCollaborationRequestRequest* request,
    v1::CollaborationRequest* response) {
  return request::Serve(context, *deps_.verifier, "UpdateCollaborationRequest", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.requests->UpdateCollaborationRequest(actor, *request,
                                                                            *response, violations);
                        });
}

CollaborationService::Reactor* CollaborationService::AcknowledgeCollaborationRequest(
    Context* context, const v1::AcknowledgeCollaborationRequestRequest* request,
    v1::CollaborationRequest* response) {
  return request::Serve(context, *deps_.verifier, "AcknowledgeCollaborationRequest", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.requests->AcknowledgeCollaborationRequest(
                              actor, *request, *response, violations);
                        });
}

CollaborationService::Reactor* CollaborationService::AdvanceCollaborationRequest(
    Context* context, const v1::AdvanceCollaborationRequestRequest* request,
    v1::CollaborationRequest* response) {
  return request::Serve(context, *deps_.verifier, "AdvanceCollaborationRequest", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.requests->AdvanceCollaborationRequest(actor, *request,
                                                                             *response, violations);
                        });
}

CollaborationService::Reactor* CollaborationService::CancelCollaborationRequest(
    Context* context, const v1::CancelCollaborationRequestRequest* request,
    v1::CollaborationRequest* response) {
  return request::Serve(context, *deps_.verifier, "CancelCollaborationRequest", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.requests->CancelCollaborationRequest(actor, *request,
                                                                            *response, violations);
                        });
}

CollaborationService::Reactor* CollaborationService::AddCollaborationComment(
    Context* context, const v1::AddCollaborationCommentRequest* request,
    v1::TimelineEntry* response) {
  return request::Serve(context, *deps_.verifier, "AddCollaborationComment", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.requests->AddCollaborationComment(actor, *request, *response,
                                                                         violations);
                        });
}

CollaborationService::Reactor* CollaborationService::ListCollaborationTimeline(
    Context* context, const v1::ListCollaborationTimelineRequest* request,
    v1::ListCollaborationTimelineResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListCollaborationTimeline", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.requests->ListCollaborationTimeline(actor, *request,
                                                                           *response, violations);
                        });
}

CollaborationService::Reactor* CollaborationService::GetCollaborationBoard(
    Context* context, const v1::GetCollaborationBoardRequest* request,
    v1::CollaborationBoard* response) {
  return request::Serve(context, *deps_.verifier, "GetCollaborationBoard", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.board->GetCollaborationBoard(actor, *request, *response,
                                                                    violations);
                        });
}

CollaborationService::Reactor* CollaborationService::GetSlaPolicy(
    Context* context, const v1::GetSlaPolicyRequest* request, v1::SlaPolicy* response) {
  return request::Serve(context, *deps_.verifier, "GetSlaPolicy", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.sla->GetSlaPolicy(actor, *request, *response, violations);
                        });
}

CollaborationService::Reactor* CollaborationService::UpdateSlaPolicy(
    Context* context, const v1::UpdateSlaPolicyRequest* request, v1::SlaPolicy* response) {
  return request::Serve(context, *deps_.verifier, "UpdateSlaPolicy", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.sla->UpdateSlaPolicy(actor, *request, *response, violations);
                        });
}

CollaborationService::Reactor* CollaborationService::GetAttribution(
    Context* context, const v1::GetAttributionRequest* request, v1::Attribution* response) {
  return request::Serve(context, *deps_.verifier, "GetAttribution", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.attribution->GetAttribution(actor, *request, *response,
                                                                   violations);
                        });
}

CollaborationService::Reactor* CollaborationService::ListAttributions(
    Context* context, const v1::ListAttributionsRequest* request,
    v1::ListAttributionsResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListAttributions", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.attribution->ListAttributions(actor, *request, *response,
                                                                     violations);
                        });
}

CollaborationService::Reactor* CollaborationService::UpdateAttribution(
    Context* context, const v1::UpdateAttributionRequest* request, v1::Attribution* response) {
  return request::Serve(context, *deps_.verifier, "UpdateAttribution", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.attribution->UpdateAttribution(actor, *request, *response,
                                                                      violations);
                        });
}

CollaborationService::Reactor* CollaborationService::SubmitAttribution(
    Context* context, const v1::SubmitAttributionRequest* request, v1::Attribution* response) {
  return request::Serve(context, *deps_.verifier, "SubmitAttribution", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.attribution->SubmitAttribution(actor, *request, *response,
                                                                      violations);
                        });
}

CollaborationService::Reactor* CollaborationService::ApproveAttribution(
    Context* context, const v1::ApproveAttributionRequest* request, v1::Attribution* response) {
  return request::Serve(context, *deps_.verifier, "ApproveAttribution", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.attribution->ApproveAttribution(actor, *request, *response,
                                                                       violations);
                        });
}

CollaborationService::Reactor* CollaborationService::RejectAttribution(
    Context* context, const v1::RejectAttributionRequest* request, v1::Attribution* response) {
  return request::Serve(context, *deps_.verifier, "RejectAttribution", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.attribution->RejectAttribution(actor, *request, *response,
                                                                      violations);
                        });
}

CollaborationService::Reactor* CollaborationService::DisputeAttribution(
    Context* context, const v1::DisputeAttributionRequest* request, v1::Attribution* response) {
  return request::Serve(context, *deps_.verifier, "DisputeAttribution", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.attribution->DisputeAttribution(actor, *request, *response,
                                                                       violations);
                        });
}

CollaborationService::Reactor* CollaborationService::AdjustAttribution(
    Context* context, const v1::AdjustAttributionRequest* request, v1::Attribution* response) {
  return request::Serve(context, *deps_.verifier, "AdjustAttribution", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.attribution->AdjustAttribution(actor, *request, *response,
                                                                      violations);
                        });
}

CollaborationService::Reactor* CollaborationService::ListAttributionHistory(
    Context* context, const v1::ListAttributionHistoryRequest* request,
    v1::ListAttributionHistoryResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListAttributionHistory", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.attribution->ListAttributionHistory(actor, *request,
                                                                           *response, violations);
                        });
}

CollaborationService::Reactor* CollaborationService::GetAttributionPolicy(
    Context* context, const v1::GetAttributionPolicyRequest* request,
    v1::AttributionPolicy* response) {
  return request::Serve(context, *deps_.verifier, "GetAttributionPolicy", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.attribution->GetAttributionPolicy(actor, *request, *response,
                                                                         violations);
                        });
}

CollaborationService::Reactor* CollaborationService::UpdateAttributionPolicy(
    Context* context, const v1::UpdateAttributionPolicyRequest* request,
    v1::AttributionPolicy* response) {
  return request::Serve(context, *deps_.verifier, "UpdateAttributionPolicy", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.attribution->UpdateAttributionPolicy(actor, *request,
                                                                            *response, violations);
                        });
}

CollaborationService::Reactor* CollaborationService::GetCreditReport(
    Context* context, const v1::GetCreditReportRequest* request, v1::CreditReport* response) {
  return request::Serve(context, *deps_.verifier, "GetCreditReport", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.credit->GetCreditReport(actor, *request, *response,
                                                               violations);
                        });
}

}  // namespace crm::collaboration
