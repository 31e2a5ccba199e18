#ifndef CRM_SERVICES_COLLABORATION_RULES_ATTRIBUTION_STATES_H_
#define CRM_SERVICES_COLLABORATION_RULES_ATTRIBUTION_STATES_H_

// An attribution's life as one pure function (DOMAIN.md "Collaboration and
// attribution"):
//
//   DRAFT ──update (contributors, scores)──▶ DRAFT
//   DRAFT ──submit──▶ SUBMITTED ──approve (the strategy centre)──▶ APPROVED
//                     SUBMITTED ──reject──▶ DRAFT
//   APPROVED ──dispute (a contributor, within the window)──▶ DISPUTED
//   APPROVED ──finalize (the window closed; the job)──▶ FINAL
//   DISPUTED ──dismiss (ApproveAttribution: the split kept)──▶ FINAL
//   APPROVED | DISPUTED | FINAL ──adjust (a new split)──▶ FINAL
//
// The split is in force (counted by the credit report) from APPROVED on.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "crm/collaboration/v1/collaboration_service.pb.h"

namespace crm::collaboration {

enum class AttributionAction {
  kUpdate,    // UpdateAttribution
  kSubmit,    // SubmitAttribution
  kApprove,   // ApproveAttribution of a SUBMITTED one
  kReject,    // RejectAttribution
  kDispute,   // DisputeAttribution
  kDismiss,   // ApproveAttribution of a DISPUTED one
  kAdjust,    // AdjustAttribution
  kFinalize,  // the finalising job
};

// "DRAFT", "SUBMITTED", ... ("ATTRIBUTION_STATE_UNSPECIFIED" for 0, the
// number for an unknown value).
std::string AttributionStateName(int state);

// What an action is called in messages: "submit", "approve", ...
std::string_view ActionName(AttributionAction action);

// The states an action starts from, e.g. {APPROVED, DISPUTED, FINAL} for
// kAdjust.
absl::Span<const v1::AttributionState> StatesAllowing(AttributionAction action);

// The state after `action`, or FAILED_PRECONDITION (domain
// "collaboration.crm", reason ATTRIBUTION_STATE_CONFLICT, metadata state,
// action and allowedStates) naming the states it needs:
//   "cannot submit a SUBMITTED attribution; it must be DRAFT"
absl::StatusOr<v1::AttributionState> NextState(v1::AttributionState from, AttributionAction action);

// APPROVED, DISPUTED and FINAL: the split counts in the credit report.
bool IsInForce(v1::AttributionState state);

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_RULES_ATTRIBUTION_STATES_H_
