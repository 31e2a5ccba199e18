#ifndef CRM_SERVICES_CONTRACT_RULES_RECEIPT_ALLOCATION_H_
#define CRM_SERVICES_CONTRACT_RULES_RECEIPT_ALLOCATION_H_

// Receipts (回款): what a valid receipt is, and how one is allocated to a
// contract's payment milestones. Plain C++ and the API's messages; no I/O.

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/types/span.h"
#include "crm/contract/v1/contract_service.pb.h"
#include "libs/status/status.h"

namespace crm::contract {

inline constexpr size_t kMaxBankReferenceChars = 100;

// One milestone of the contract as a receipt finds it (paid ones included,
// with outstanding 0, so an allocation to them is told apart from one to a
// milestone that does not exist).
struct MilestoneBalance {
  int32_t sequence = 0;
  absl::CivilDay due_date;
  int64_t outstanding_minor = 0;
};

// What a receipt pays towards one milestone.
struct Allocation {
  int32_t sequence = 0;
  int64_t amount_minor = 0;

  friend bool operator==(const Allocation&, const Allocation&) = default;
};

// Adds every problem of `receipt` (the request's, under "receipt."): a real
// receive date not after `today`; an amount above zero (libs/money
// CheckMoney); a bank reference of 1-100 characters on one line; and, when
// allocations are given, each naming a milestone sequence (>= 1) once, with
// an amount above zero in the receipt's currency, all adding up exactly to
// the amount.
void ValidateReceipt(const v1::Receipt& receipt, absl::CivilDay today,
                     status::FieldViolations& violations);

// Allocates a valid receipt (ValidateReceipt) of `amount_minor` in
// `currency_code` to `milestones` (any order):
// - without `requested`, to the open milestones earliest due first (ties by
//   sequence), each up to what it still owes;
// - with `requested`, exactly those, in sequence order.
// Refusals:
//   FAILED_PRECONDITION RECEIPT_EXCEEDS_OUTSTANDING   the amount is more than
//     the milestones still owe together ("receipt.amount: 300,000.00 CNY is
//     more than the 200,000.00 CNY still owed")
//   FAILED_PRECONDITION ALLOCATION_EXCEEDS_OUTSTANDING  a requested part is
//     more than its milestone still owes
//   INVALID_ARGUMENT (field violations)  a requested sequence the contract
//     does not have
// Every amount in an error is formatted with libs/money.
absl::StatusOr<std::vector<Allocation>> Allocate(absl::Span<const MilestoneBalance> milestones,
                                                 int64_t amount_minor,
                                                 std::string_view currency_code,
                                                 absl::Span<const Allocation> requested);

// The requested allocations of a receipt message (ValidateReceipt first).
std::vector<Allocation> RequestedAllocations(const v1::Receipt& receipt);

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_RULES_RECEIPT_ALLOCATION_H_
