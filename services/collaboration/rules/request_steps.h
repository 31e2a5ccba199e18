#ifndef CRM_SERVICES_COLLABORATION_RULES_REQUEST_STEPS_H_
#define CRM_SERVICES_COLLABORATION_RULES_REQUEST_STEPS_H_

// A request's steps as one pure function (DOMAIN.md "Collaboration and
// attribution"):
//
//   TO_SURVEY ──▶ DESIGNING ──▶ PENDING_APPROVAL ──▶ EXECUTING ──▶ DONE
//                 DESIGNING ◀── PENDING_APPROVAL   (the solution sent back)
//   any open step ──cancel (with a reason)──▶ CANCELLED
//
// DONE and CANCELLED are closed: nothing changes them.

#include <string>

#include "absl/status/statusor.h"
#include "crm/collaboration/v1/collaboration_service.pb.h"

namespace crm::collaboration {

// "TO_SURVEY", "DESIGNING", ... (the number for an unknown value).
std::string StepName(int step);

// TO_SURVEY to EXECUTING.
bool IsOpen(v1::CollaborationStep step);

// `to` when a request in step `from` may advance to it: the next step, or
// DESIGNING from PENDING_APPROVAL. FAILED_PRECONDITION (domain
// "collaboration.crm") otherwise: REQUEST_CLOSED from DONE or CANCELLED,
// STEP_NOT_ALLOWED for any other target (CANCELLED included: cancelling is
// its own call).
absl::StatusOr<v1::CollaborationStep> CheckAdvance(v1::CollaborationStep from,
                                                   v1::CollaborationStep to);

// OK when a request in step `step` may still change (fields, cancel,
// acknowledge); REQUEST_CLOSED otherwise.
absl::Status CheckOpen(v1::CollaborationStep step);

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_RULES_REQUEST_STEPS_H_
