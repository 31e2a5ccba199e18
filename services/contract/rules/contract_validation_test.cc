#include "services/contract/rules/contract_validation.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/violations_for_test.h"

namespace crm::contract {
namespace {

using ::crm::status::testing::Descriptions;
using ::crm::status::testing::Fields;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

common::v1::Money Money(std::string currency, int64_t minor) {
  common::v1::Money money;
  money.set_currency_code(std::move(currency));
  money.set_minor_units(minor);
  return money;
}

common::v1::Date Day(int year, int month, int day) {
  common::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

v1::Contract Valid() {
  v1::Contract c;
  c.set_kind(v1::EXECUTION);
  c.set_title("储能运维执行合同");
  c.set_customer("customers/8f14e45f-ceea-467f-a0e6-6c2a1e8e5c11");
  *c.mutable_amount() = Money("CNY", 100'000'000);
  *c.mutable_start_date() = Day(2026, 1, 1);
  *c.mutable_end_date() = Day(2026, 12, 31);
  c.set_framework("contracts/3c59dc04-8e5b-4c5a-9ccd-6f1b53b0d3a2");
  v1::PaymentMilestone* m = c.add_payment_milestones();
  *m->mutable_due_date() = Day(2026, 6, 30);
  *m->mutable_amount() = Money("CNY", 100'000'000);
  v1::Attachment* a = c.add_attachments();
  a->set_display_name("正文.pdf");
  a->set_uri("https://files.example.com/a.pdf");
  a->set_checksum("sha256:" + std::string(64, 'f'));
  return c;
}

std::vector<std::string> FieldsOf(const v1::Contract& contract) {
  status::FieldViolations violations;
  ValidateContract(contract, violations);
  return Fields(violations);
}

TEST(ContractValidationTest, AValidContractHasNoViolation) {
  EXPECT_THAT(FieldsOf(Valid()), IsEmpty());
  v1::Contract standalone = Valid();
  standalone.set_kind(v1::STANDALONE);
  standalone.clear_framework();
  standalone.set_signing_org_unit("orgUnits/sub-east");
  standalone.set_owner_user("users/li.si");
  standalone.set_opportunity("opportunities/45c48cce-2e2d-4fbd-a1b2-c3d4e5f60718");
  EXPECT_THAT(FieldsOf(standalone), IsEmpty());
}

TEST(ContractValidationTest, AnEmptyContractNamesEveryRequiredFieldAtOnce) {
  EXPECT_THAT(FieldsOf(v1::Contract()),
              UnorderedElementsAre("contract.kind", "contract.title", "contract.customer",
                                   "contract.amount", "contract.start_date", "contract.end_date"));
}

TEST(ContractValidationTest, TheAmountIsAboveZeroAndAValidMoney) {
  v1::Contract c = Valid();
  *c.mutable_amount() = Money("CNY", 0);
  status::FieldViolations violations;
  ValidateContract(c, violations);
  EXPECT_THAT(Descriptions(violations),
              Contains("contract.amount.minor_units: must be above zero, got 0"));
  *c.mutable_amount() = Money("cny", 5);
  EXPECT_THAT(FieldsOf(c), Contains("contract.amount.currency_code"));
}

TEST(ContractValidationTest, DatesAreRealAndTheEndIsNotBeforeTheStart) {
  v1::Contract c = Valid();
  *c.mutable_end_date() = Day(2025, 12, 31);
  status::FieldViolations violations;
  ValidateContract(c, violations);
  EXPECT_THAT(Descriptions(violations),
              ElementsAre("contract.end_date: 2025-12-31 is before the start date 2026-01-01"));
  *c.mutable_start_date() = Day(2026, 2, 29);
  EXPECT_THAT(FieldsOf(c), ElementsAre("contract.start_date"));
  // The same day is a one-day contract.
  *c.mutable_start_date() = Day(2026, 3, 1);
  *c.mutable_end_date() = Day(2026, 3, 1);
  EXPECT_THAT(FieldsOf(c), IsEmpty());
}

TEST(ContractValidationTest, OnlyAnExecutionDrawsOnAFramework) {
  v1::Contract c = Valid();
  c.set_kind(v1::STANDALONE);
  EXPECT_THAT(FieldsOf(c), ElementsAre("contract.framework"));
  c.set_kind(v1::EXECUTION);
  c.set_framework("customers/3c59dc04-8e5b-4c5a-9ccd-6f1b53b0d3a2");
  EXPECT_THAT(FieldsOf(c), ElementsAre("contract.framework"));
}

TEST(ContractValidationTest, FrameworksHaveNoMilestones) {
  v1::Contract c = Valid();
  c.set_kind(v1::FRAMEWORK);
  c.clear_framework();
  EXPECT_THAT(FieldsOf(c), ElementsAre("contract.payment_milestones"));
  c.clear_payment_milestones();
  EXPECT_THAT(FieldsOf(c), IsEmpty());
}

TEST(ContractValidationTest, MilestonesAreBoundedDatedAndInTheContractsCurrency) {
  v1::Contract c = Valid();
  v1::PaymentMilestone* bad = c.add_payment_milestones();
  *bad->mutable_due_date() = Day(2026, 4, 31);
  *bad->mutable_amount() = Money("USD", 0);
  bad->set_description(std::string(201, 'x'));
  c.add_payment_milestones();
  EXPECT_THAT(FieldsOf(c),
              UnorderedElementsAre("contract.payment_milestones[1].due_date",
                                   "contract.payment_milestones[1].amount.minor_units",
                                   "contract.payment_milestones[1].amount.currency_code",
                                   "contract.payment_milestones[1].description",
                                   "contract.payment_milestones[2].due_date",
                                   "contract.payment_milestones[2].amount"));
  v1::Contract many = Valid();
  for (int i = 0; i < 120; ++i) *many.add_payment_milestones() = many.payment_milestones(0);
  EXPECT_THAT(FieldsOf(many), ElementsAre("contract.payment_milestones"));
}

TEST(ContractValidationTest, AttachmentsAreHttpsOrS3WithASha256Checksum) {
  v1::Contract c = Valid();
  c.mutable_attachments(0)->set_uri("http://files.example.com/a.pdf");
  c.mutable_attachments(0)->set_checksum("sha256:" + std::string(64, 'F'));
  c.mutable_attachments(0)->set_display_name("");
  EXPECT_THAT(FieldsOf(c), UnorderedElementsAre("contract.attachments[0].uri",
                                                "contract.attachments[0].checksum",
                                                "contract.attachments[0].display_name"));
  c = Valid();
  c.mutable_attachments(0)->set_uri("s3://bucket/key.pdf");
  EXPECT_THAT(FieldsOf(c), IsEmpty());
  for (int i = 0; i < 20; ++i) *c.add_attachments() = c.attachments(0);
  EXPECT_THAT(FieldsOf(c), ElementsAre("contract.attachments"));
}

TEST(ContractValidationTest, NamesAndFreeTextAreChecked) {
  v1::Contract c = Valid();
  c.set_title(std::string(201, 'x'));
  c.set_customer("customers/abc");
  c.set_signing_org_unit("sub-east");
  c.set_owner_user("li.si");
  c.set_opportunity("opportunities/42");
  c.set_payment_terms(std::string(501, 'x'));
  EXPECT_THAT(FieldsOf(c), UnorderedElementsAre("contract.title", "contract.customer",
                                                "contract.signing_org_unit", "contract.owner_user",
                                                "contract.opportunity", "contract.payment_terms"));
}

}  // namespace
}  // namespace crm::contract
