#ifndef CRM_SERVICES_CONTRACT_RULES_CONTRACT_STATES_H_
#define CRM_SERVICES_CONTRACT_RULES_CONTRACT_STATES_H_

// A contract's life as one pure function (DOMAIN.md "Contracts"):
//
//   DRAFT ──submit──▶ PENDING_APPROVAL ──approve (a step before the last)──▶ PENDING_APPROVAL
//                     PENDING_APPROVAL ──approve (the last step)──▶ APPROVED
//                     PENDING_APPROVAL ──reject──▶ REJECTED ──revise (an update)──▶ DRAFT
//   APPROVED ──resubmit (a material change)──▶ PENDING_APPROVAL
//   APPROVED ──sign──▶ SIGNED ──activate (start date reached)──▶ ACTIVE
//   SIGNED | ACTIVE ──expire (end date passed)──▶ EXPIRED
//   SIGNED | ACTIVE ──terminate (with a reason)──▶ TERMINATED
//
// SIGNED and later contracts are frozen: their fields change only through
// these transitions.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "crm/contract/v1/contract_service.pb.h"
#include "google/protobuf/field_mask.pb.h"

namespace crm::contract {

enum class ContractAction {
  kSubmit,       // SubmitContract
  kResubmit,     // UpdateContract: a material change of an APPROVED contract
  kApproveStep,  // ApproveContract on a step before the last
  kApproveLast,  // ApproveContract on the last step
  kReject,       // RejectContract
  kRevise,       // UpdateContract of a REJECTED contract
  kSign,         // SignContract
  kActivate,     // SignContract on or after the start date, or the activation job
  kExpire,       // the expiry job
  kTerminate,    // TerminateContract
};

// "DRAFT", "PENDING_APPROVAL", ... ("CONTRACT_STATE_UNSPECIFIED" for 0, the
// number for an unknown value).
std::string ContractStateName(int state);

// What an action is called in messages: "submit", "approve", "sign", ...
std::string_view ActionName(ContractAction action);

// The states an action starts from, e.g. {SIGNED, ACTIVE} for kTerminate.
absl::Span<const v1::ContractState> StatesAllowing(ContractAction action);

// The state after `action`, or FAILED_PRECONDITION (domain "contract.crm",
// reason CONTRACT_STATE_CONFLICT, metadata state, action and allowedStates)
// naming the states it needs:
//   "cannot sign a PENDING_APPROVAL contract; it must be APPROVED"
absl::StatusOr<v1::ContractState> NextState(v1::ContractState from, ContractAction action);

// SIGNED, ACTIVE, EXPIRED and TERMINATED: no field changes any more.
bool IsFrozen(v1::ContractState state);

// The executions that draw on a framework's ceiling: PENDING_APPROVAL,
// APPROVED, SIGNED and ACTIVE.
bool IsLiveExecution(v1::ContractState state);

// Whether an UpdateContract mask touches what was approved: amount, customer,
// start_date, end_date, payment_milestones or framework (a material change
// sends an APPROVED contract back to approval). Paths may name a subfield
// ("amount.minor_units").
bool IsMaterialChange(absl::Span<const std::string> mask_paths);
bool IsMaterialChange(const google::protobuf::FieldMask& mask);

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_RULES_CONTRACT_STATES_H_
