#ifndef CRM_TOOLS_CRMCTL_COLLABORATION_REQUESTS_H_
#define CRM_TOOLS_CRMCTL_COLLABORATION_REQUESTS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "crm/collaboration/v1/collaboration_service.pb.h"
#include "tools/crmctl/command_line.h"

namespace crm::crmctl {

// Turns a parsed `crmctl collab|attribution|credit ...` command line into its
// request for the CollaborationService; see contract_requests.h. Requests
// may be named by id or "collaborationRequests/ID", attributions by id or
// "attributions/ID", customers by id or "customers/ID", customer groups by
// "nodes/N", org units and users by id or full name. Every value is checked
// here (collaboration_values.h, enum_names.h), so a mistake is a usage error
// naming the flag before any call; the rules (participants 1-20, scores
// complete before submission, ...) are the service's, which lists every
// violation at once. The global --request-id is sent as request_id where
// the API takes one (create, comment).
//
// The changes that carry an etag (advance, cancel, update, submit, approve,
// reject, dispute) take --etag; without it the request's etag is left
// empty and the command reads the current one first
// (collaboration_commands.h).

// --customer, --title, --urgency and --participant (repeated) required;
// --description, --requesting-org-unit, --opportunity or --contract,
// --step-owner, --step-due.
absl::StatusOr<collaboration::v1::CreateCollaborationRequestRequest>
BuildCreateCollaborationRequest(const Invocation& invocation);
absl::StatusOr<collaboration::v1::GetCollaborationRequestRequest> BuildGetCollaborationRequest(
    const Invocation& invocation);
// --customer, --group, --org-unit, --urgency, --step, --mine, list flags.
absl::StatusOr<collaboration::v1::ListCollaborationRequestsRequest> BuildListCollaborationRequests(
    const Invocation& invocation);
// The update mask holds the paths of the flags given (--title,
// --description, --urgency, --participant, --step-owner, --step-due);
// none is a usage error.
absl::StatusOr<collaboration::v1::UpdateCollaborationRequestRequest>
BuildUpdateCollaborationRequest(const Invocation& invocation);
// --org-unit (default: the caller's), --comment.
absl::StatusOr<collaboration::v1::AcknowledgeCollaborationRequestRequest>
BuildAcknowledgeCollaborationRequest(const Invocation& invocation);
// REQUEST STEP; --owner, --due, --comment.
absl::StatusOr<collaboration::v1::AdvanceCollaborationRequestRequest>
BuildAdvanceCollaborationRequest(const Invocation& invocation);
// --reason required.
absl::StatusOr<collaboration::v1::CancelCollaborationRequestRequest>
BuildCancelCollaborationRequest(const Invocation& invocation);
// REQUEST TEXT.
absl::StatusOr<collaboration::v1::AddCollaborationCommentRequest> BuildAddCollaborationComment(
    const Invocation& invocation);
absl::StatusOr<collaboration::v1::ListCollaborationTimelineRequest> BuildListCollaborationTimeline(
    const Invocation& invocation);
// The narrowing of list (no --step) and --cards 0-200.
absl::StatusOr<collaboration::v1::GetCollaborationBoardRequest> BuildGetCollaborationBoard(
    const Invocation& invocation);
absl::StatusOr<collaboration::v1::GetSlaPolicyRequest> BuildGetSlaPolicy(
    const Invocation& invocation);
// The rules given (--rule, repeated) replace those of their urgencies in
// `current`, the policy in force; its etag unless --etag is given.
absl::StatusOr<collaboration::v1::UpdateSlaPolicyRequest> BuildUpdateSlaPolicy(
    const Invocation& invocation, const collaboration::v1::SlaPolicy& current);

absl::StatusOr<collaboration::v1::GetAttributionRequest> BuildGetAttribution(
    const Invocation& invocation);
// --state, --org-unit, --customer, --quarter, list flags.
absl::StatusOr<collaboration::v1::ListAttributionsRequest> BuildListAttributions(
    const Invocation& invocation);
// `attribution score`: `current` with --score, --evidence and --remove
// applied (ApplyScores); its etag unless --etag is given. Nothing given is a
// usage error.
absl::StatusOr<collaboration::v1::UpdateAttributionRequest> BuildUpdateAttribution(
    const Invocation& invocation, const collaboration::v1::Attribution& current);
// --comment optional.
absl::StatusOr<collaboration::v1::SubmitAttributionRequest> BuildSubmitAttribution(
    const Invocation& invocation);
// --comment required.
absl::StatusOr<collaboration::v1::ApproveAttributionRequest> BuildApproveAttribution(
    const Invocation& invocation);
absl::StatusOr<collaboration::v1::RejectAttributionRequest> BuildRejectAttribution(
    const Invocation& invocation);
// --reason required; --org-unit (default: the caller's).
absl::StatusOr<collaboration::v1::DisputeAttributionRequest> BuildDisputeAttribution(
    const Invocation& invocation);
// `current` re-scored as for score; --reason required.
absl::StatusOr<collaboration::v1::AdjustAttributionRequest> BuildAdjustAttribution(
    const Invocation& invocation, const collaboration::v1::Attribution& current);
absl::StatusOr<collaboration::v1::ListAttributionHistoryRequest> BuildListAttributionHistory(
    const Invocation& invocation);
absl::StatusOr<collaboration::v1::GetAttributionPolicyRequest> BuildGetAttributionPolicy(
    const Invocation& invocation);
// --weights and --dispute-days replace those of `current`, the policy in
// force; its etag unless --etag is given. Neither given is a usage error.
absl::StatusOr<collaboration::v1::UpdateAttributionPolicyRequest> BuildUpdateAttributionPolicy(
    const Invocation& invocation, const collaboration::v1::AttributionPolicy& current);

// `credit report`: --quarter required ("2026Q4"), --currency, --org-unit.
absl::StatusOr<collaboration::v1::GetCreditReportRequest> BuildGetCreditReport(
    const Invocation& invocation);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_COLLABORATION_REQUESTS_H_
