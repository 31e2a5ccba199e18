#include "services/contract/rules/contract_states.h"

#include <vector>

#include "absl/strings/match.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/contract/rules/errors.h"

namespace crm::contract {
namespace {

using v1::ContractState;

constexpr ContractState kFromDraft[] = {v1::DRAFT};
constexpr ContractState kFromPending[] = {v1::PENDING_APPROVAL};
constexpr ContractState kFromApproved[] = {v1::APPROVED};
constexpr ContractState kFromRejected[] = {v1::REJECTED};
constexpr ContractState kFromSigned[] = {v1::SIGNED};
constexpr ContractState kFromLive[] = {v1::SIGNED, v1::ACTIVE};

// The fields whose change after approval needs a new approval.
constexpr std::string_view kMaterialFields[] = {"amount",   "customer",           "start_date",
                                                "end_date", "payment_milestones", "framework"};

ContractState TargetOf(ContractAction action) {
  switch (action) {
    case ContractAction::kSubmit:
    case ContractAction::kResubmit:
    case ContractAction::kApproveStep:
      return v1::PENDING_APPROVAL;
    case ContractAction::kApproveLast:
      return v1::APPROVED;
    case ContractAction::kReject:
      return v1::REJECTED;
    case ContractAction::kRevise:
      return v1::DRAFT;
    case ContractAction::kSign:
      return v1::SIGNED;
    case ContractAction::kActivate:
      return v1::ACTIVE;
    case ContractAction::kExpire:
      return v1::EXPIRED;
    case ContractAction::kTerminate:
      return v1::TERMINATED;
  }
  return v1::CONTRACT_STATE_UNSPECIFIED;
}

// "APPROVED", "SIGNED or ACTIVE".
std::string StatesText(absl::Span<const ContractState> states) {
  std::string text;
  for (size_t i = 0; i < states.size(); ++i) {
    if (i > 0) text += i + 1 == states.size() ? " or " : ", ";
    text += ContractStateName(states[i]);
  }
  return text;
}

}  // namespace

std::string ContractStateName(int state) {
  if (!v1::ContractState_IsValid(state)) return crm::StrCat(state);
  return v1::ContractState_Name(static_cast<ContractState>(state));
}

std::string_view ActionName(ContractAction action) {
  switch (action) {
    case ContractAction::kSubmit:
      return "submit";
    case ContractAction::kResubmit:
      return "send back to approval";
    case ContractAction::kApproveStep:
    case ContractAction::kApproveLast:
      return "approve";
    case ContractAction::kReject:
      return "reject";
    case ContractAction::kRevise:
      return "revise";
    case ContractAction::kSign:
      return "sign";
    case ContractAction::kActivate:
      return "activate";
    case ContractAction::kExpire:
      return "expire";
    case ContractAction::kTerminate:
      return "terminate";
  }
  return "change";
}

absl::Span<const ContractState> StatesAllowing(ContractAction action) {
  switch (action) {
    case ContractAction::kSubmit:
      return kFromDraft;
    case ContractAction::kApproveStep:
    case ContractAction::kApproveLast:
    case ContractAction::kReject:
      return kFromPending;
    case ContractAction::kResubmit:
    case ContractAction::kSign:
      return kFromApproved;
    case ContractAction::kRevise:
      return kFromRejected;
    case ContractAction::kActivate:
      return kFromSigned;
    case ContractAction::kExpire:
    case ContractAction::kTerminate:
      return kFromLive;
  }
  return {};
}

absl::StatusOr<ContractState> NextState(ContractState from, ContractAction action) {
  const absl::Span<const ContractState> allowed = StatesAllowing(action);
  for (const ContractState state : allowed) {
    if (state == from) return TargetOf(action);
  }
  return status::Error(absl::StatusCode::kFailedPrecondition, kErrorDomain,
                       "CONTRACT_STATE_CONFLICT",
                       crm::StrCat("cannot ", ActionName(action), " a ", ContractStateName(from),
                                   " contract; it must be ", StatesText(allowed)),
                       {{"state", ContractStateName(from)},
                        {"action", std::string(ActionName(action))},
                        {"allowedStates", StatesText(allowed)}});
}

bool IsFrozen(ContractState state) {
  return state == v1::SIGNED || state == v1::ACTIVE || state == v1::EXPIRED ||
         state == v1::TERMINATED;
}

bool IsLiveExecution(ContractState state) {
  return state == v1::PENDING_APPROVAL || state == v1::APPROVED || state == v1::SIGNED ||
         state == v1::ACTIVE;
}

bool IsMaterialChange(absl::Span<const std::string> mask_paths) {
  for (const std::string& path : mask_paths) {
    for (const std::string_view field : kMaterialFields) {
      if (path == field || absl::StartsWith(path, crm::StrCat(field, "."))) return true;
    }
  }
  return false;
}

bool IsMaterialChange(const google::protobuf::FieldMask& mask) {
  const std::vector<std::string> paths(mask.paths().begin(), mask.paths().end());
  return IsMaterialChange(paths);
}

}  // namespace crm::contract
