#include "services/contract/rules/approval_policy.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"

namespace crm::contract {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

common::v1::Money Money(std::string currency, int64_t minor_units) {
  common::v1::Money money;
  money.set_currency_code(std::move(currency));
  money.set_minor_units(minor_units);
  return money;
}
common::v1::Money Yuan(int64_t yuan) { return Money("CNY", yuan * 100); }

std::vector<std::string> Fields(const status::FieldViolations& violations) {
  std::vector<std::string> fields;
  for (const auto& v : violations.bad_request().field_violations()) fields.push_back(v.field());
  return fields;
}

TEST(ApprovalStepsTest, TheDefaultsByAmount) {
  const ApprovalPolicy policy = DefaultApprovalPolicy();
  EXPECT_THAT(ApprovalStepsFor(policy, Yuan(500000)), ElementsAre("legal"));
  EXPECT_THAT(ApprovalStepsFor(policy, Yuan(1000000)), ElementsAre("legal"));
  EXPECT_THAT(ApprovalStepsFor(policy, Money("CNY", 100000001)), ElementsAre("legal", "finance"));
  EXPECT_THAT(ApprovalStepsFor(policy, Yuan(5000000)), ElementsAre("legal", "finance"));
  EXPECT_THAT(ApprovalStepsFor(policy, Yuan(10000000)), ElementsAre("legal", "finance"));
  EXPECT_THAT(ApprovalStepsFor(policy, Yuan(20000000)),
              ElementsAre("legal", "finance", "hq_admin"));
}

TEST(ApprovalStepsTest, AnotherCurrencyGetsEveryStep) {
  EXPECT_THAT(ApprovalStepsFor(DefaultApprovalPolicy(), Money("USD", 100)),
              ElementsAre("legal", "finance", "hq_admin"));
}

TEST(ApprovalStepsTest, StepsFollowThePolicysOrder) {
  ApprovalPolicy policy;
  policy.rules = {{"finance", Yuan(0)}, {"legal", Yuan(100)}};
  EXPECT_THAT(ApprovalStepsFor(policy, Yuan(50)), ElementsAre("finance"));
  EXPECT_THAT(ApprovalStepsFor(policy, Yuan(101)), ElementsAre("finance", "legal"));
}

TEST(ValidateApprovalPolicyTest, TheDefaultsAreValidAndRoundTrip) {
  const v1::ApprovalPolicy proto = ApprovalPolicyToProto(DefaultApprovalPolicy());
  EXPECT_EQ(proto.name(), "approvalPolicy");
  EXPECT_EQ(proto.version(), 1);
  ASSERT_EQ(proto.rules_size(), 3);
  EXPECT_EQ(proto.rules(1).role(), "finance");
  EXPECT_EQ(proto.rules(1).above().minor_units(), 100000000);
  const absl::StatusOr<ApprovalPolicy> back = ApprovalPolicyFromProto(proto);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->rules.size(), 3u);
  EXPECT_EQ(back->rules[2].role, "hq_admin");
}

TEST(ValidateApprovalPolicyTest, EveryProblemAtOnce) {
  v1::ApprovalPolicy policy;
  v1::ApprovalRule* unknown = policy.add_rules();
  unknown->set_role("sales");
  *unknown->mutable_above() = Yuan(0);
  v1::ApprovalRule* legal = policy.add_rules();
  legal->set_role("legal");
  *legal->mutable_above() = Yuan(0);
  v1::ApprovalRule* again = policy.add_rules();
  again->set_role("legal");
  *again->mutable_above() = Money("cny", -5);
  policy.add_rules()->set_role("finance");  // no threshold
  status::FieldViolations violations;
  ValidateApprovalPolicy(policy, violations);
  EXPECT_THAT(
      Fields(violations),
      ElementsAre("approval_policy.rules[0].role", "approval_policy.rules[2].role",
                  "approval_policy.rules[2].above.currency_code",
                  "approval_policy.rules[2].above.minor_units", "approval_policy.rules[3].above"));
  EXPECT_EQ(violations.bad_request().field_violations(1).description(),
            "approval_policy.rules[2].role: 'legal' is given again (first at rules[1]); give "
            "each role once");
  const absl::StatusOr<ApprovalPolicy> refused = ApprovalPolicyFromProto(policy);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ValidateApprovalPolicyTest, NeedsOneToTenRules) {
  status::FieldViolations none;
  ValidateApprovalPolicy(v1::ApprovalPolicy(), none);
  EXPECT_THAT(Fields(none), ElementsAre("approval_policy.rules"));

  v1::ApprovalPolicy one;
  v1::ApprovalRule* rule = one.add_rules();
  rule->set_role("hq_admin");
  *rule->mutable_above() = Yuan(0);
  status::FieldViolations ok;
  ValidateApprovalPolicy(one, ok);
  EXPECT_THAT(Fields(ok), IsEmpty());
}

}  // namespace
}  // namespace crm::contract
