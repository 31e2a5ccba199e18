#include "services/collaboration/rules/attribution_states.h"

#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/collaboration/rules/errors.h"

namespace crm::collaboration {
namespace {

using v1::AttributionState;

constexpr AttributionState kFromDraft[] = {v1::DRAFT};
constexpr AttributionState kFromSubmitted[] = {v1::SUBMITTED};
constexpr AttributionState kFromApproved[] = {v1::APPROVED};
constexpr AttributionState kFromDisputed[] = {v1::DISPUTED};
constexpr AttributionState kFromInForce[] = {v1::APPROVED, v1::DISPUTED, v1::FINAL};

AttributionState TargetOf(AttributionAction action) {
  switch (action) {
    case AttributionAction::kUpdate:
    case AttributionAction::kReject:
      return v1::DRAFT;
    case AttributionAction::kSubmit:
      return v1::SUBMITTED;
    case AttributionAction::kApprove:
      return v1::APPROVED;
    case AttributionAction::kDispute:
      return v1::DISPUTED;
    case AttributionAction::kDismiss:
    case AttributionAction::kAdjust:
    case AttributionAction::kFinalize:
      return v1::FINAL;
  }
  return v1::ATTRIBUTION_STATE_UNSPECIFIED;
}

// "APPROVED", "APPROVED, DISPUTED or FINAL".
std::string StatesText(absl::Span<const AttributionState> states) {
  std::string text;
  for (size_t i = 0; i < states.size(); ++i) {
    if (i > 0) text += i + 1 == states.size() ? " or " : ", ";
    text += AttributionStateName(states[i]);
  }
  return text;
}

}  // namespace

std::string AttributionStateName(int state) {
  if (!v1::AttributionState_IsValid(state)) return crm::StrCat(state);
  return v1::AttributionState_Name(static_cast<AttributionState>(state));
}

std::string_view ActionName(AttributionAction action) {
  switch (action) {
    case AttributionAction::kUpdate:
      return "update";
    case AttributionAction::kSubmit:
      return "submit";
    case AttributionAction::kApprove:
      return "approve";
    case AttributionAction::kReject:
      return "reject";
    case AttributionAction::kDispute:
      return "dispute";
    case AttributionAction::kDismiss:
      return "dismiss the dispute of";
    case AttributionAction::kAdjust:
      return "adjust";
    case AttributionAction::kFinalize:
      return "finalize";
  }
  return "change";
}

absl::Span<const AttributionState> StatesAllowing(AttributionAction action) {
  switch (action) {
    case AttributionAction::kUpdate:
    case AttributionAction::kSubmit:
      return kFromDraft;
    case AttributionAction::kApprove:
    case AttributionAction::kReject:
      return kFromSubmitted;
    case AttributionAction::kDispute:
    case AttributionAction::kFinalize:
      return kFromApproved;
    case AttributionAction::kDismiss:
      return kFromDisputed;
    case AttributionAction::kAdjust:
      return kFromInForce;
  }
  return {};
}

absl::StatusOr<AttributionState> NextState(AttributionState from, AttributionAction action) {
  const absl::Span<const AttributionState> allowed = StatesAllowing(action);
  for (const AttributionState state : allowed) {
    if (state == from) return TargetOf(action);
  }
  return status::Error(absl::StatusCode::kFailedPrecondition, kErrorDomain,
                       "ATTRIBUTION_STATE_CONFLICT",
                       crm::StrCat("cannot ", ActionName(action), " a ", AttributionStateName(from),
                                   " attribution; it must be ", StatesText(allowed)),
                       {{"state", AttributionStateName(from)},
                        {"action", std::string(ActionName(action))},
                        {"allowedStates", StatesText(allowed)}});
}

bool IsInForce(AttributionState state) {
  return state == v1::APPROVED || state == v1::DISPUTED || state == v1::FINAL;
}

}  // namespace crm::collaboration
