#include "services/contract/rules/framework_rules.h"

#include "absl/time/civil_time.h"
#include "libs/money/checked_math.h"
#include "libs/money/format.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "services/contract/rules/contract_states.h"
#include "services/contract/rules/errors.h"

namespace crm::contract {
namespace {

absl::Status Precondition(std::string_view reason, std::string_view message,
                          status::Metadata metadata) {
  return status::Error(absl::StatusCode::kFailedPrecondition, kErrorDomain, reason, message,
                       std::move(metadata));
}

common::v1::Money InCurrencyOf(const common::v1::Money& like, int64_t minor_units) {
  common::v1::Money money;
  money.set_currency_code(like.currency_code());
  money.set_minor_units(minor_units);
  return money;
}

std::string Span(const common::v1::Date& start, const common::v1::Date& end) {
  return crm::StrCat(validation::FormatDate(start), " … ", validation::FormatDate(end));
}

}  // namespace

absl::Status CheckWithinValidity(const FrameworkFacts& framework, const ExecutionFacts& execution) {
  const absl::CivilDay framework_start = validation::ToCivilDay(framework.start_date);
  const absl::CivilDay framework_end = validation::ToCivilDay(framework.end_date);
  const absl::CivilDay start = validation::ToCivilDay(execution.start_date);
  const absl::CivilDay end = validation::ToCivilDay(execution.end_date);
  if (start >= framework_start && end <= framework_end) return absl::OkStatus();
  const std::string framework_span = Span(framework.start_date, framework.end_date);
  const std::string execution_span = Span(execution.start_date, execution.end_date);
  return Precondition(
      "EXECUTION_OUTSIDE_FRAMEWORK_VALIDITY",
      crm::StrCat(execution.name, " runs ", execution_span, ", outside the validity of ",
                  framework.name, " (", framework_span,
                  "); an execution must start and end within its framework"),
      {{"framework", framework.name},
       {"frameworkValidity", framework_span},
       {"executionDates", execution_span}});
}

absl::StatusOr<int64_t> CheckCeiling(const FrameworkFacts& framework,
                                     const common::v1::Money& requested,
                                     std::string_view execution_name) {
  absl::StatusOr<int64_t> remaining =
      money::CheckedSubtract(framework.ceiling.minor_units(), framework.used_minor);
  if (!remaining.ok()) return remaining.status();
  if (requested.minor_units() <= *remaining) return *remaining - requested.minor_units();
  const std::string ceiling = money::FormatMoney(framework.ceiling);
  const std::string used =
      money::FormatMoney(InCurrencyOf(framework.ceiling, framework.used_minor));
  const std::string left =
      money::FormatMoney(InCurrencyOf(framework.ceiling, *remaining < 0 ? 0 : *remaining));
  const std::string asked = money::FormatMoney(requested);
  return Precondition(
      "FRAMEWORK_CEILING_EXCEEDED",
      crm::StrCat(framework.name, "'s ceiling is ", ceiling, "; its live executions use ", used,
                  ", so ", left, " remains, and ", execution_name, " asks for ", asked),
      {{"framework", framework.name},
       {"ceiling", ceiling},
       {"used", used},
       {"remaining", left},
       {"requested", asked},
       {"remainingMinorUnits", crm::StrCat(*remaining < 0 ? 0 : *remaining)}});
}

absl::StatusOr<int64_t> CheckExecutionAgainstFramework(const FrameworkFacts& framework,
                                                       const ExecutionFacts& execution) {
  if (framework.kind != v1::FRAMEWORK) {
    return Precondition(
        "FRAMEWORK_NOT_A_FRAMEWORK",
        crm::StrCat(framework.name, " is a ", v1::ContractKind_Name(framework.kind),
                    " contract, not a FRAMEWORK; an execution draws only on a framework"),
        {{"framework", framework.name}, {"kind", v1::ContractKind_Name(framework.kind)}});
  }
  if (framework.state != v1::SIGNED && framework.state != v1::ACTIVE) {
    return Precondition(
        "FRAMEWORK_NOT_IN_FORCE",
        crm::StrCat(framework.name, " is ", ContractStateName(framework.state),
                    "; executions draw only on a SIGNED or ACTIVE framework"),
        {{"framework", framework.name}, {"frameworkState", ContractStateName(framework.state)}});
  }
  if (!execution.customer_in_group) {
    return Precondition("FRAMEWORK_CUSTOMER_MISMATCH",
                        crm::StrCat(execution.name, "'s customer is neither the customer of ",
                                    framework.name, " nor in that customer's group subtree"),
                        {{"framework", framework.name}});
  }
  if (execution.amount.currency_code() != framework.ceiling.currency_code()) {
    return Precondition(
        "FRAMEWORK_CURRENCY_MISMATCH",
        crm::StrCat(execution.name, " is in ", execution.amount.currency_code(), "; ",
                    framework.name, "'s ceiling is in ", framework.ceiling.currency_code()),
        {{"framework", framework.name},
         {"currencyCode", execution.amount.currency_code()},
         {"frameworkCurrencyCode", framework.ceiling.currency_code()}});
  }
  if (absl::Status s = CheckWithinValidity(framework, execution); !s.ok()) return s;
  return CheckCeiling(framework, execution.amount, execution.name);
}

}  // namespace crm::contract
