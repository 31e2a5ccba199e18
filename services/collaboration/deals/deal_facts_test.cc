#include "services/collaboration/deals/deal_facts.h"

#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"

namespace crm::collaboration {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kOpportunityId[] = "0b7e5f3a-4c1d-4e8b-9a2f-1d3c5e7f9a0b";
constexpr char kContractId[] = "5e2f1a9c-7b3d-4f6e-8a1b-2c4d6e8f0a1c";
constexpr char kCustomerId[] = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a";

opportunity::v1::Opportunity WonOpportunity() {
  opportunity::v1::Opportunity opportunity;
  opportunity.set_name(std::string("opportunities/") + kOpportunityId);
  opportunity.set_customer(std::string("customers/") + kCustomerId);
  opportunity.set_title("华信能源 substation design");
  opportunity.set_owner_org_unit("orgUnits/sub-east");
  opportunity.add_collaborating_org_units("orgUnits/sub-west");
  opportunity.add_collaborating_org_units("orgUnits/sub-east");  // the owner again
  opportunity.set_stage(opportunity::v1::WON);
  opportunity.mutable_amount()->set_currency_code("CNY");
  opportunity.mutable_amount()->set_minor_units(123456789);
  opportunity.mutable_close_date()->set_year(2026);
  opportunity.mutable_close_date()->set_month(11);
  opportunity.mutable_close_date()->set_day(30);
  return opportunity;
}

contract::v1::ContractEvent Signed(bool with_opportunity) {
  contract::v1::ContractEvent event;
  event.set_event_id("e-1");
  event.set_type(contract::v1::ContractEvent::CONTRACT_SIGNED);
  event.set_resource(std::string("contracts/") + kContractId);
  event.set_customer(std::string("customers/") + kCustomerId);
  event.mutable_amount()->set_currency_code("CNY");
  event.mutable_amount()->set_minor_units(100000000);
  event.set_signing_org_unit("orgUnits/sub-north");
  if (with_opportunity) event.set_opportunity(std::string("opportunities/") + kOpportunityId);
  // 2026-12-31T17:00:00Z: 2027-01-01 in Asia/Shanghai.
  *event.mutable_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1798736400);
  return event;
}

TEST(OpportunityDeal, TakesOwnerCollaboratorsAmountAndCloseDate) {
  absl::StatusOr<DealFacts> deal = OpportunityDeal(WonOpportunity(), absl::UnixEpoch());
  ASSERT_TRUE(deal.ok()) << deal.status();
  EXPECT_EQ(deal->opportunity_id, kOpportunityId);
  EXPECT_EQ(deal->contract_id, "");
  EXPECT_EQ(deal->customer_id, kCustomerId);
  EXPECT_EQ(deal->title, "华信能源 substation design");
  EXPECT_EQ(deal->currency_code, "CNY");
  EXPECT_EQ(deal->amount_minor, 123456789);
  EXPECT_EQ(deal->deal_date, absl::CivilDay(2026, 11, 30));
  EXPECT_EQ(deal->owner_org_unit, "orgUnits/sub-east");
  // The owner is not its own collaborator.
  EXPECT_THAT(deal->collaborating_org_units, ElementsAre("orgUnits/sub-west"));
  EXPECT_EQ(deal->method, "follow:opportunity");
}

TEST(OpportunityDeal, WithoutCloseDateTakesTheBusinessDayOfTheWin) {
  opportunity::v1::Opportunity opportunity = WonOpportunity();
  opportunity.clear_close_date();
  // 2026-09-30T16:30:00Z is 2026-10-01 00:30 in Asia/Shanghai: Q4, not Q3.
  absl::StatusOr<DealFacts> deal = OpportunityDeal(opportunity, absl::FromUnixSeconds(1790785800));
  ASSERT_TRUE(deal.ok()) << deal.status();
  EXPECT_EQ(deal->deal_date, absl::CivilDay(2026, 10, 1));
}

TEST(OpportunityDeal, RefusesWhatCannotMakeADeal) {
  opportunity::v1::Opportunity no_owner = WonOpportunity();
  no_owner.clear_owner_org_unit();
  opportunity::v1::Opportunity negative = WonOpportunity();
  negative.mutable_amount()->set_minor_units(-1);
  opportunity::v1::Opportunity no_currency = WonOpportunity();
  no_currency.mutable_amount()->clear_currency_code();
  opportunity::v1::Opportunity bad_name = WonOpportunity();
  bad_name.set_name("opportunities/42");
  for (const opportunity::v1::Opportunity& opportunity :
       {no_owner, negative, no_currency, bad_name}) {
    absl::StatusOr<DealFacts> deal = OpportunityDeal(opportunity, absl::UnixEpoch());
    ASSERT_FALSE(deal.ok()) << opportunity.ShortDebugString();
    EXPECT_EQ(deal.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(status::GetErrorInfo(deal.status())->reason(), "DEAL_FACTS_INVALID");
  }
}

TEST(ContractDeal, WithoutOpportunityIsTheContractsOwnDeal) {
  contract::v1::Contract contract;
  contract.set_title("Cable supply 2027");
  contract.mutable_signing_date()->set_year(2026);
  contract.mutable_signing_date()->set_month(12);
  contract.mutable_signing_date()->set_day(31);
  absl::StatusOr<DealFacts> deal = ContractDeal(Signed(false), &contract, nullptr);
  ASSERT_TRUE(deal.ok()) << deal.status();
  EXPECT_EQ(deal->opportunity_id, "");
  EXPECT_EQ(deal->contract_id, kContractId);
  EXPECT_EQ(deal->customer_id, kCustomerId);
  EXPECT_EQ(deal->title, "Cable supply 2027");
  EXPECT_EQ(deal->amount_minor, 100000000);
  EXPECT_EQ(deal->deal_date, absl::CivilDay(2026, 12, 31));
  EXPECT_EQ(deal->owner_org_unit, "orgUnits/sub-north");
  EXPECT_THAT(deal->collaborating_org_units, IsEmpty());
  EXPECT_EQ(deal->method, "follow:contract");
}

TEST(ContractDeal, WithoutTheContractTakesTheEventsBusinessDay) {
  absl::StatusOr<DealFacts> deal = ContractDeal(Signed(false), nullptr, nullptr);
  ASSERT_TRUE(deal.ok()) << deal.status();
  EXPECT_EQ(deal->title, "");
  EXPECT_EQ(deal->deal_date, absl::CivilDay(2027, 1, 1));
}

TEST(ContractDeal, OfAWonOpportunityIsThatOpportunitysDealAtTheContractsAmount) {
  const opportunity::v1::Opportunity won = WonOpportunity();
  absl::StatusOr<DealFacts> deal = ContractDeal(Signed(true), nullptr, &won);
  ASSERT_TRUE(deal.ok()) << deal.status();
  EXPECT_EQ(deal->opportunity_id, kOpportunityId);
  EXPECT_EQ(deal->contract_id, kContractId);
  EXPECT_EQ(deal->owner_org_unit, "orgUnits/sub-east");
  // The signing unit joins the collaborators.
  EXPECT_THAT(deal->collaborating_org_units,
              ElementsAre("orgUnits/sub-west", "orgUnits/sub-north"));
  EXPECT_EQ(deal->title, "华信能源 substation design");
  EXPECT_EQ(deal->deal_date, absl::CivilDay(2026, 11, 30));
  EXPECT_EQ(deal->amount_minor, 100000000);
  EXPECT_EQ(deal->method, "follow:contract");
}

TEST(ContractDeal, OfAnUnreachableOpportunityKeepsItsIdWithTheContractsFacts) {
  absl::StatusOr<DealFacts> deal = ContractDeal(Signed(true), nullptr, nullptr);
  ASSERT_TRUE(deal.ok()) << deal.status();
  EXPECT_EQ(deal->opportunity_id, kOpportunityId);
  EXPECT_EQ(deal->owner_org_unit, "orgUnits/sub-north");
  EXPECT_THAT(deal->collaborating_org_units, IsEmpty());
}

TEST(ContractDeal, RefusesAMalformedEvent) {
  contract::v1::ContractEvent no_signer = Signed(false);
  no_signer.clear_signing_org_unit();
  contract::v1::ContractEvent bad_customer = Signed(false);
  bad_customer.set_customer("customers/x");
  contract::v1::ContractEvent bad_opportunity = Signed(false);
  bad_opportunity.set_opportunity("opportunities/x");
  contract::v1::ContractEvent receipt = Signed(false);
  receipt.set_resource(std::string("contracts/") + kContractId + "/receipts/1");
  for (const contract::v1::ContractEvent& event :
       {no_signer, bad_customer, bad_opportunity, receipt}) {
    absl::StatusOr<DealFacts> deal = ContractDeal(event, nullptr, nullptr);
    ASSERT_FALSE(deal.ok()) << event.ShortDebugString();
    EXPECT_EQ(deal.status().code(), absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace crm::collaboration
