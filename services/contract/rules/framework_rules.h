#ifndef CRM_SERVICES_CONTRACT_RULES_FRAMEWORK_RULES_H_
#define CRM_SERVICES_CONTRACT_RULES_FRAMEWORK_RULES_H_

// An execution contract against the framework agreement it draws on
// (框架协议 → 执行合同). The submission runs these under the framework's row
// lock, with `used` summed from the framework's live executions in the same
// transaction, so concurrent submissions can never overdraw the ceiling.
//
// Errors are FAILED_PRECONDITION (domain "contract.crm"), checked in this
// order:
//   FRAMEWORK_NOT_A_FRAMEWORK          the contract named is not a FRAMEWORK
//   FRAMEWORK_NOT_IN_FORCE             it is not SIGNED or ACTIVE (an execution
//                                      draws only on a signed agreement)
//   FRAMEWORK_CUSTOMER_MISMATCH        the execution's customer is neither the
//                                      framework's nor in its group subtree
//   FRAMEWORK_CURRENCY_MISMATCH        another currency than the ceiling's
//   EXECUTION_OUTSIDE_FRAMEWORK_VALIDITY  dates beyond the framework's
//   FRAMEWORK_CEILING_EXCEEDED         more than the ceiling still allows,
//                                      naming what remains

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crm/common/v1/date.pb.h"
#include "crm/common/v1/money.pb.h"
#include "crm/contract/v1/contract_service.pb.h"

namespace crm::contract {

// The framework as locked.
struct FrameworkFacts {
  std::string name;  // contracts/{id}
  v1::ContractKind kind = v1::FRAMEWORK;
  v1::ContractState state = v1::SIGNED;
  common::v1::Money ceiling;  // the framework's amount
  common::v1::Date start_date;
  common::v1::Date end_date;
  // Σ the amounts of its live executions other than the one submitted, in
  // the ceiling's currency.
  int64_t used_minor = 0;
};

// The execution being submitted.
struct ExecutionFacts {
  std::string name;
  common::v1::Money amount;
  common::v1::Date start_date;
  common::v1::Date end_date;
  // Its customer is the framework's, or one in the framework customer's
  // group subtree.
  bool customer_in_group = false;
};

// Execution dates within [framework start, framework end] (both inclusive).
absl::Status CheckWithinValidity(const FrameworkFacts& framework, const ExecutionFacts& execution);

// What remains of the ceiling after `requested` when it fits, else
// FRAMEWORK_CEILING_EXCEEDED: "contracts/f's ceiling is 10,000,000.00 CNY;
// its live executions use 9,500,000.00 CNY, so 500,000.00 CNY remains, and
// contracts/e asks for 600,000.00 CNY" (metadata ceiling, used, remaining,
// requested, remainingMinorUnits).
absl::StatusOr<int64_t> CheckCeiling(const FrameworkFacts& framework,
                                     const common::v1::Money& requested,
                                     std::string_view execution_name = "this execution");

// Every check above, in order; the remaining ceiling after this execution.
absl::StatusOr<int64_t> CheckExecutionAgainstFramework(const FrameworkFacts& framework,
                                                       const ExecutionFacts& execution);

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_RULES_FRAMEWORK_RULES_H_
