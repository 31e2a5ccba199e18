#include "libs/replicas/customer/replicated_customer.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::replicas {
namespace {

using ::testing::ElementsAre;

constexpr char kId[] = "0b6f3c1e-8a52-4c2e-9d7a-1f2e3d4c5b6a";
constexpr char kSurvivor[] = "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f";

customer::v1::AccountTeamMember Member(const char* org_unit, const char* user) {
  customer::v1::AccountTeamMember member;
  member.set_org_unit(org_unit);
  member.set_user(user);
  member.set_role("sales");
  return member;
}

TEST(ReplicatedCustomerOfTest, TakesTheFactsTheReplicaKeeps) {
  customer::v1::Customer customer;
  customer.set_name(std::string("customers/") + kId);
  customer.set_display_name("华信能源");
  customer.set_legal_name("上海华信能源科技有限公司");
  customer.set_owner_org_unit("orgUnits/sub-east");
  customer.set_state(customer::v1::Customer::ACTIVE);
  customer.set_etag("\"7\"");
  *customer.add_account_team() = Member("orgUnits/sub-west", "users/wang.wu");
  *customer.add_account_team() = Member("orgUnits/sub-north", "");
  *customer.add_account_team() = Member("orgUnits/sub-west", "users/zhao.liu");

  const ReplicatedCustomer replicated = ReplicatedCustomerOf(customer);
  EXPECT_EQ(replicated.id, kId);
  EXPECT_EQ(replicated.display_name, "华信能源");
  EXPECT_EQ(replicated.owner_org_unit, "orgUnits/sub-east");
  // One entry per org unit, however many of its people serve the customer.
  EXPECT_THAT(replicated.account_team, ElementsAre("orgUnits/sub-north", "orgUnits/sub-west"));
  EXPECT_EQ(replicated.state, CustomerState::kActive);
  EXPECT_EQ(replicated.merged_into, "");
  EXPECT_EQ(replicated.version, 7);
}

TEST(ReplicatedCustomerOfTest, MergedCustomerKeepsItsSurvivorsId) {
  customer::v1::Customer customer;
  customer.set_name(std::string("customers/") + kId);
  customer.set_state(customer::v1::Customer::MERGED);
  customer.set_merged_into(std::string("customers/") + kSurvivor);
  customer.set_etag("\"12\"");
  const ReplicatedCustomer replicated = ReplicatedCustomerOf(customer);
  EXPECT_EQ(replicated.state, CustomerState::kMerged);
  EXPECT_EQ(replicated.merged_into, kSurvivor);
  EXPECT_EQ(replicated.version, 12);
}

TEST(ReplicatedCustomerOfTest, DeletedCustomerIsDeleted) {
  customer::v1::Customer customer;
  customer.set_name(std::string("customers/") + kId);
  customer.set_state(customer::v1::Customer::DELETED);
  EXPECT_EQ(ReplicatedCustomerOf(customer).state, CustomerState::kDeleted);
}

}  // namespace
}  // namespace crm::replicas
