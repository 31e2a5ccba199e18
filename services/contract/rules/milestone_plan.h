#ifndef CRM_SERVICES_CONTRACT_RULES_MILESTONE_PLAN_H_
#define CRM_SERVICES_CONTRACT_RULES_MILESTONE_PLAN_H_

// A contract's payment milestones against its amount, checked when it is
// submitted: what the customer owes must be exactly what the contract is
// worth.

#include "absl/status/status.h"
#include "crm/common/v1/money.pb.h"
#include "crm/contract/v1/contract_service.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace crm::contract {

using Milestones = google::protobuf::RepeatedPtrField<v1::PaymentMilestone>;

// OK when the milestones add up exactly to `amount`, all in its currency.
// Otherwise FAILED_PRECONDITION (domain "contract.crm"):
//   MILESTONES_MISSING         none at all: "payment_milestones: none; a
//                              contract of 1,000,000.00 CNY needs milestones
//                              that add up to it before it is submitted"
//   MILESTONES_DO_NOT_ADD_UP   "payment_milestones: add up to 900,000.00 CNY,
//                              the amount is 1,000,000.00 CNY (100,000.00 CNY
//                              short)"
//   MILESTONE_CURRENCY_MISMATCH one in another currency
// or OUT_OF_RANGE (MONEY_OVERFLOW) when the sum is beyond int64.
absl::Status MilestonesAddUp(const common::v1::Money& amount, const Milestones& milestones);

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_RULES_MILESTONE_PLAN_H_
