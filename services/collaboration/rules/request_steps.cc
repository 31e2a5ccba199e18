#include "services/collaboration/rules/request_steps.h"

#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/collaboration/rules/errors.h"

namespace crm::collaboration {

std::string StepName(int step) {
  if (!v1::CollaborationStep_IsValid(step)) return crm::StrCat(step);
  return v1::CollaborationStep_Name(static_cast<v1::CollaborationStep>(step));
}

bool IsOpen(v1::CollaborationStep step) { return step >= v1::TO_SURVEY && step <= v1::EXECUTING; }

absl::Status CheckOpen(v1::CollaborationStep step) {
  if (IsOpen(step)) return absl::OkStatus();
  return status::Error(absl::StatusCode::kFailedPrecondition, kErrorDomain, kReasonRequestClosed,
                       crm::StrCat("the request is ", StepName(step),
                                   " and can no longer change; raise a new request instead"),
                       {{"step", StepName(step)}});
}

absl::StatusOr<v1::CollaborationStep> CheckAdvance(v1::CollaborationStep from,
                                                   v1::CollaborationStep to) {
  if (absl::Status open = CheckOpen(from); !open.ok()) return open;
  const bool next = static_cast<int>(to) == static_cast<int>(from) + 1;
  const bool back = from == v1::PENDING_APPROVAL && to == v1::DESIGNING;
  if (next || back) return to;
  std::string allowed = StepName(static_cast<int>(from) + 1);
  if (from == v1::PENDING_APPROVAL) allowed = crm::StrCat(allowed, " or DESIGNING");
  return status::Error(
      absl::StatusCode::kFailedPrecondition, kErrorDomain, kReasonStepNotAllowed,
      crm::StrCat("a request in ", StepName(from), " moves to ", allowed, ", not to ", StepName(to),
                  to == v1::CANCELLED ? " (use CancelCollaborationRequest)" : ""),
      {{"step", StepName(from)}, {"requested_step", StepName(to)}});
}

}  // namespace crm::collaboration
