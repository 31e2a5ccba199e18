#ifndef CRM_SERVICES_CONTRACT_RULES_APPROVAL_POLICY_H_
#define CRM_SERVICES_CONTRACT_RULES_APPROVAL_POLICY_H_

// The approval policy: which roles approve a contract, in order, by its
// amount. HQ replaces it with a new version; a contract's steps are fixed
// from the version in force when it is submitted.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "crm/common/v1/money.pb.h"
#include "crm/contract/v1/contract_service.pb.h"
#include "libs/status/status.h"

namespace crm::contract {

inline constexpr char kApprovalPolicyName[] = "approvalPolicy";
inline constexpr int kMaxApprovalRules = 10;

// The roles a step may name.
inline constexpr const char* kApproverRoles[] = {"legal", "finance", "hq_admin"};
bool IsApproverRole(std::string_view role);

struct ApprovalRule {
  std::string role;
  // The step applies when the contract's amount is strictly above this; a
  // zero threshold applies always; a contract in another currency than the
  // threshold's gets the step too (no exchange rates here).
  common::v1::Money above;
};

struct ApprovalPolicy {
  int64_t version = 0;
  std::vector<ApprovalRule> rules;  // in step order
};

// DOMAIN.md's defaults, version 1 (as seeded by migration 0001): legal
// always; finance above 1,000,000 CNY; hq_admin above 10,000,000 CNY.
ApprovalPolicy DefaultApprovalPolicy();

// The roles of the steps a contract of `amount` gets, in order:
// 500,000 CNY → legal; 5,000,000 CNY → legal, finance; 20,000,000 CNY →
// legal, finance, hq_admin (with the defaults).
std::vector<std::string> ApprovalStepsFor(const ApprovalPolicy& policy,
                                          const common::v1::Money& amount);

// Adds every problem of a policy sent to UpdateApprovalPolicy under
// "approval_policy.rules…": 1-10 rules; each role one of legal, finance,
// hq_admin and given once; each threshold a valid, non-negative amount, e.g.
//   "approval_policy.rules[1].role: 'legal' is given again (first at rules[0]); give each role
//   once"
void ValidateApprovalPolicy(const v1::ApprovalPolicy& policy, status::FieldViolations& violations);

// The rules form of a policy from the API (its version kept), or
// INVALID_ARGUMENT with what ValidateApprovalPolicy finds.
absl::StatusOr<ApprovalPolicy> ApprovalPolicyFromProto(const v1::ApprovalPolicy& proto);

// The API form: name "approvalPolicy", version and rules (etag and update
// time are the store's).
v1::ApprovalPolicy ApprovalPolicyToProto(const ApprovalPolicy& policy);

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_RULES_APPROVAL_POLICY_H_
