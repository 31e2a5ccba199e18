#include "services/contract/rules/receipt_allocation.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "libs/money/checked_math.h"
#include "libs/money/format.h"
#include "libs/money/money_check.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "libs/validation/text_field.h"
#include "services/contract/rules/errors.h"

namespace crm::contract {
namespace {

std::string Formatted(int64_t minor_units, std::string_view currency_code) {
  common::v1::Money money;
  money.set_currency_code(std::string(currency_code));
  money.set_minor_units(minor_units);
  return money::FormatMoney(money);
}

// Adds "<field>.minor_units: must be above zero, got N" for N <= 0.
void CheckPositive(const common::v1::Money& money, std::string_view field,
                   status::FieldViolations& violations) {
  if (money.minor_units() <= 0) {
    violations.Add(
        crm::StrCat(field, ".minor_units"),
        crm::StrCat(field, ".minor_units: must be above zero, got ", money.minor_units()));
  }
}

}  // namespace

void ValidateReceipt(const v1::Receipt& receipt, absl::CivilDay today,
                     status::FieldViolations& violations) {
  if (!receipt.has_receive_date()) {
    violations.Add("receipt.receive_date", "receipt.receive_date: required");
  } else if (std::optional<std::string> error = validation::DateError(receipt.receive_date())) {
    violations.Add("receipt.receive_date", crm::StrCat("receipt.receive_date: ", *error));
  } else if (validation::ToCivilDay(receipt.receive_date()) > today) {
    violations.Add(
        "receipt.receive_date",
        crm::StrCat("receipt.receive_date: ", validation::FormatDate(receipt.receive_date()),
                    " is in the future; today is ",
                    validation::FormatDate(validation::FromCivilDay(today))));
  }
  const bool has_amount = receipt.has_amount();
  if (!has_amount) {
    violations.Add("receipt.amount", "receipt.amount: required");
  } else {
    money::CheckMoney(receipt.amount(), "receipt.amount", violations);
    CheckPositive(receipt.amount(), "receipt.amount", violations);
  }
  validation::CheckText(receipt.bank_reference(), "receipt.bank_reference", 1,
                        kMaxBankReferenceChars, validation::Lines::kSingle, violations);

  if (receipt.allocations().empty()) return;
  std::set<int32_t> seen;
  int64_t total = 0;
  bool summable = has_amount && money::IsCurrencyCode(receipt.amount().currency_code());
  for (int i = 0; i < receipt.allocations_size(); ++i) {
    const v1::ReceiptAllocation& allocation = receipt.allocations(i);
    const std::string field = crm::StrCat("receipt.allocations[", i, "]");
    const int32_t sequence = allocation.milestone_sequence();
    if (sequence < 1) {
      violations.Add(crm::StrCat(field, ".milestone_sequence"),
                     crm::StrCat(field, ".milestone_sequence: must be 1 or more, got ", sequence));
    } else if (!seen.insert(sequence).second) {
      violations.Add(crm::StrCat(field, ".milestone_sequence"),
                     crm::StrCat(field, ".milestone_sequence: milestone ", sequence,
                                 " is named twice; give one part per milestone"));
    }
    const std::string amount_field = crm::StrCat(field, ".amount");
    if (!allocation.has_amount()) {
      violations.Add(amount_field, crm::StrCat(amount_field, ": required"));
      summable = false;
      continue;
    }
    money::CheckMoney(allocation.amount(), amount_field, violations);
    CheckPositive(allocation.amount(), amount_field, violations);
    if (has_amount && allocation.amount().currency_code() != receipt.amount().currency_code()) {
      violations.Add(
          crm::StrCat(amount_field, ".currency_code"),
          crm::StrCat(amount_field, ".currency_code: ", allocation.amount().currency_code(),
                      " is not the receipt's currency ", receipt.amount().currency_code()));
      summable = false;
    }
    if (allocation.amount().minor_units() <= 0) {
      summable = false;
    } else if (summable) {
      absl::StatusOr<int64_t> sum = money::CheckedAdd(total, allocation.amount().minor_units());
      if (sum.ok()) {
        total = *sum;
      } else {
        summable = false;
        violations.Add("receipt.allocations",
                       "receipt.allocations: their sum does not fit in 64-bit minor units");
      }
    }
  }
  if (summable && receipt.amount().minor_units() > 0 && total != receipt.amount().minor_units()) {
    const std::string& currency = receipt.amount().currency_code();
    violations.Add(
        "receipt.allocations",
        crm::StrCat("receipt.allocations: add up to ", Formatted(total, currency),
                    ", the amount is ", Formatted(receipt.amount().minor_units(), currency)));
  }
}

std::vector<Allocation> RequestedAllocations(const v1::Receipt& receipt) {
  std::vector<Allocation> requested;
  requested.reserve(receipt.allocations_size());
  for (const v1::ReceiptAllocation& allocation : receipt.allocations()) {
    requested.push_back({.sequence = allocation.milestone_sequence(),
                         .amount_minor = allocation.amount().minor_units()});
  }
  return requested;
}

absl::StatusOr<std::vector<Allocation>> Allocate(absl::Span<const MilestoneBalance> milestones,
                                                 int64_t amount_minor,
                                                 std::string_view currency_code,
                                                 absl::Span<const Allocation> requested) {
  int64_t owed = 0;
  for (const MilestoneBalance& milestone : milestones) {
    absl::StatusOr<int64_t> sum = money::CheckedAdd(owed, milestone.outstanding_minor);
    if (!sum.ok()) return sum.status();
    owed = *sum;
  }
  if (amount_minor > owed) {
    const std::string amount = Formatted(amount_minor, currency_code);
    const std::string still_owed = Formatted(owed, currency_code);
    return status::Error(
        absl::StatusCode::kFailedPrecondition, kErrorDomain, "RECEIPT_EXCEEDS_OUTSTANDING",
        crm::StrCat("receipt.amount: ", amount, " is more than the ", still_owed, " still owed"),
        {{"amount", amount}, {"outstanding", still_owed}});
  }

  std::vector<Allocation> allocations;
  if (requested.empty()) {
    std::vector<MilestoneBalance> open;
    for (const MilestoneBalance& milestone : milestones) {
      if (milestone.outstanding_minor > 0) open.push_back(milestone);
    }
    std::sort(open.begin(), open.end(), [](const MilestoneBalance& a, const MilestoneBalance& b) {
      return a.due_date != b.due_date ? a.due_date < b.due_date : a.sequence < b.sequence;
    });
    int64_t left = amount_minor;
    for (const MilestoneBalance& milestone : open) {
      if (left == 0) break;
      const int64_t part = std::min(left, milestone.outstanding_minor);
      allocations.push_back({.sequence = milestone.sequence, .amount_minor = part});
      left -= part;
    }
    std::sort(allocations.begin(), allocations.end(),
              [](const Allocation& a, const Allocation& b) { return a.sequence < b.sequence; });
    return allocations;
  }

  std::map<int32_t, int64_t> outstanding;
  for (const MilestoneBalance& milestone : milestones) {
    outstanding[milestone.sequence] = milestone.outstanding_minor;
  }
  status::FieldViolations unknown;
  for (size_t i = 0; i < requested.size(); ++i) {
    if (!outstanding.contains(requested[i].sequence)) {
      const std::string field = crm::StrCat("receipt.allocations[", i, "].milestone_sequence");
      unknown.Add(field, crm::StrCat(field, ": the contract has no milestone ",
                                     requested[i].sequence, " (it has ", outstanding.size(),
                                     outstanding.size() == 1 ? " milestone)" : " milestones)"));
    }
  }
  if (!unknown.empty()) return unknown.ToStatus(kErrorDomain);
  for (const Allocation& part : requested) {
    const int64_t open = outstanding[part.sequence];
    if (part.amount_minor > open) {
      const std::string amount = Formatted(part.amount_minor, currency_code);
      const std::string still_owed = Formatted(open, currency_code);
      return status::Error(
          absl::StatusCode::kFailedPrecondition, kErrorDomain, "ALLOCATION_EXCEEDS_OUTSTANDING",
          crm::StrCat("receipt.allocations: ", amount, " for milestone ", part.sequence,
                      " is more than the ", still_owed, " it still owes"),
          {{"milestoneSequence", crm::StrCat(part.sequence)},
           {"amount", amount},
           {"outstanding", still_owed}});
    }
    allocations.push_back(part);
  }
  std::sort(allocations.begin(), allocations.end(),
            [](const Allocation& a, const Allocation& b) { return a.sequence < b.sequence; });
  return allocations;
}

}  // namespace crm::contract
