#include "services/contract/rules/approval_policy.h"

#include <algorithm>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "libs/money/money_check.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/repeated_count.h"
#include "services/contract/rules/errors.h"

namespace crm::contract {
namespace {

common::v1::Money Cny(int64_t minor_units) {
  common::v1::Money money;
  money.set_currency_code("CNY");
  money.set_minor_units(minor_units);
  return money;
}

bool Applies(const ApprovalRule& rule, const common::v1::Money& amount) {
  if (rule.above.minor_units() == 0) return true;
  if (rule.above.currency_code() != amount.currency_code()) return true;
  return amount.minor_units() > rule.above.minor_units();
}

}  // namespace

bool IsApproverRole(std::string_view role) {
  return std::any_of(std::begin(kApproverRoles), std::end(kApproverRoles),
                     [&](const char* known) { return role == known; });
}

ApprovalPolicy DefaultApprovalPolicy() {
  ApprovalPolicy policy;
  policy.version = 1;
  policy.rules = {{"legal", Cny(0)},
                  {"finance", Cny(100000000)},     // 1,000,000.00 CNY
                  {"hq_admin", Cny(1000000000)}};  // 10,000,000.00 CNY
  return policy;
}

std::vector<std::string> ApprovalStepsFor(const ApprovalPolicy& policy,
                                          const common::v1::Money& amount) {
  std::vector<std::string> roles;
  for (const ApprovalRule& rule : policy.rules) {
    if (Applies(rule, amount)) roles.push_back(rule.role);
  }
  return roles;
}

void ValidateApprovalPolicy(const v1::ApprovalPolicy& policy, status::FieldViolations& violations) {
  validation::CheckCount(policy.rules_size(), 1, kMaxApprovalRules, "approval_policy.rules",
                         violations);
  absl::flat_hash_map<std::string, int> first_at;
  for (int i = 0; i < policy.rules_size(); ++i) {
    const v1::ApprovalRule& rule = policy.rules(i);
    const std::string prefix = crm::StrCat("approval_policy.rules[", i, "]");
    const std::string role_field = crm::StrCat(prefix, ".role");
    if (rule.role().empty()) {
      violations.Add(role_field, crm::StrCat(role_field,
                                             ": required; one of legal, finance or "
                                             "hq_admin"));
    } else if (!IsApproverRole(rule.role())) {
      violations.Add(role_field, crm::StrCat(role_field, ": ", Quote(rule.role()),
                                             " is not an approver role; use legal, finance or "
                                             "hq_admin"));
    } else if (auto [it, inserted] = first_at.emplace(rule.role(), i); !inserted) {
      violations.Add(role_field, crm::StrCat(role_field, ": ", Quote(rule.role()),
                                             " is given again (first at rules[", it->second,
                                             "]); give each role once"));
    }
    if (!rule.has_above()) {
      const std::string field = crm::StrCat(prefix, ".above");
      violations.Add(field, crm::StrCat(field,
                                        ": required; a zero amount (e.g. 0 CNY) makes "
                                        "the step apply always"));
      continue;
    }
    money::CheckMoney(rule.above(), crm::StrCat(prefix, ".above"), violations,
                      {.non_negative = true});
  }
}

absl::StatusOr<ApprovalPolicy> ApprovalPolicyFromProto(const v1::ApprovalPolicy& proto) {
  status::FieldViolations violations;
  ValidateApprovalPolicy(proto, violations);
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);
  ApprovalPolicy policy;
  policy.version = proto.version();
  for (const v1::ApprovalRule& rule : proto.rules()) {
    policy.rules.push_back({.role = rule.role(), .above = rule.above()});
  }
  return policy;
}

v1::ApprovalPolicy ApprovalPolicyToProto(const ApprovalPolicy& policy) {
  v1::ApprovalPolicy proto;
  proto.set_name(kApprovalPolicyName);
  proto.set_version(policy.version);
  for (const ApprovalRule& rule : policy.rules) {
    v1::ApprovalRule& added = *proto.add_rules();
    added.set_role(rule.role);
    *added.mutable_above() = rule.above;
  }
  return proto;
}

}  // namespace crm::contract
