#include "services/collaboration/requests/request_handlers.h"

namespace crm::collaboration {

std::vector<pg::PreparedStatement> RequestHandlers::Statements() { return {}; }

absl::Status RequestHandlers::CreateCollaborationRequest(
    const request::Actor&, const v1::CreateCollaborationRequestRequest&, v1::CollaborationRequest&,
    status::FieldViolations&) {
  return absl::UnimplementedError("CreateCollaborationRequest is not available yet");
}

absl::Status RequestHandlers::GetCollaborationRequest(const request::Actor&,
                                                      const v1::GetCollaborationRequestRequest&,
                                                      v1::CollaborationRequest&,
                                                      status::FieldViolations&) {
  return absl::UnimplementedError("GetCollaborationRequest is not available yet");
}

absl::Status RequestHandlers::ListCollaborationRequests(const request::Actor&,
                                                        const v1::ListCollaborationRequestsRequest&,
                                                        v1::ListCollaborationRequestsResponse&,
                                                        status::FieldViolations&) {
  return absl::UnimplementedError("ListCollaborationRequests is not available yet");
}

absl::Status RequestHandlers::UpdateCollaborationRequest(
    const request::Actor&, const v1::UpdateCollaborationRequestRequest&, v1::CollaborationRequest&,
    status::FieldViolations&) {
  return absl::UnimplementedError("UpdateCollaborationRequest is not available yet");
}

absl::Status RequestHandlers::AcknowledgeCollaborationRequest(
    const request::Actor&, const v1::AcknowledgeCollaborationRequestRequest&,
    v1::CollaborationRequest&, status::FieldViolations&) {
  return absl::UnimplementedError("AcknowledgeCollaborationRequest is not available yet");
}

absl::Status RequestHandlers::AdvanceCollaborationRequest(
    const request::Actor&, const v1::AdvanceCollaborationRequestRequest&, v1::CollaborationRequest&,
    status::FieldViolations&) {
  return absl::UnimplementedError("AdvanceCollaborationRequest is not available yet");
}

absl::Status RequestHandlers::CancelCollaborationRequest(
    const request::Actor&, const v1::CancelCollaborationRequestRequest&, v1::CollaborationRequest&,
    status::FieldViolations&) {
  return absl::UnimplementedError("CancelCollaborationRequest is not available yet");
}

absl::Status RequestHandlers::AddCollaborationComment(const request::Actor&,
                                                      const v1::AddCollaborationCommentRequest&,
                                                      v1::TimelineEntry&,
                                                      status::FieldViolations&) {
  return absl::UnimplementedError("AddCollaborationComment is not available yet");
}

absl::Status RequestHandlers::ListCollaborationTimeline(const request::Actor&,
                                                        const v1::ListCollaborationTimelineRequest&,
                                                        v1::ListCollaborationTimelineResponse&,
                                                        status::FieldViolations&) {
  return absl::UnimplementedError("ListCollaborationTimeline is not available yet");
}

}  // namespace crm::collaboration
