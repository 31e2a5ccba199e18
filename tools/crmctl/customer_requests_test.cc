#include "tools/crmctl/customer_requests.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/crmctl/commands.h"
#include "tools/crmctl/parse_for_test.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;
using ::testing::ElementsAre;

std::vector<std::string> Paths(const google::protobuf::FieldMask& mask) {
  return {mask.paths().begin(), mask.paths().end()};
}

TEST(CustomerRequestsTest, CreateCopiesEveryFieldFlag) {
  absl::StatusOr<v1::CreateCustomerRequest> request =
      BuildCreateCustomerRequest(Parse({"customer",       "create",
                                        "--legal-name",   "上海华信能源科技有限公司",
                                        "--display-name", "华信",
                                        "--short-name",   "华信能源",
                                        "--uscc",         "91310115MA1H7GXX1X",
                                        "--industry",     "C",
                                        "--region",       "310115",
                                        "--ownership",    "state-owned",
                                        "--size",         "very-large",
                                        "--owner",        "sub-east",
                                        "--tag",          "战略客户",
                                        "--tag",          "重点",
                                        "--ref",          "erp-sap:C-100234",
                                        "--ref",          "oa:7:8",
                                        "--request-id",   "req-9"}));
  ASSERT_TRUE(request.ok()) << request.status();
  const v1::Customer& customer = request->customer();
  EXPECT_EQ(customer.legal_name(), "上海华信能源科技有限公司");
  EXPECT_EQ(customer.display_name(), "华信");
  EXPECT_EQ(customer.short_name(), "华信能源");
  EXPECT_EQ(customer.uscc(), "91310115MA1H7GXX1X");
  EXPECT_EQ(customer.industry(), "C");
  EXPECT_EQ(customer.region(), "310115");
  EXPECT_EQ(customer.ownership_type(), v1::STATE_OWNED);
  EXPECT_EQ(customer.size_band(), v1::VERY_LARGE);
  EXPECT_EQ(customer.owner_org_unit(), "orgUnits/sub-east");
  EXPECT_THAT(customer.tags(), ElementsAre("战略客户", "重点"));
  ASSERT_EQ(customer.external_references_size(), 2);
  EXPECT_EQ(customer.external_references(0).source_system(), "erp-sap");
  EXPECT_EQ(customer.external_references(0).source_id(), "C-100234");
  // Split at the first colon: the id may hold more.
  EXPECT_EQ(customer.external_references(1).source_system(), "oa");
  EXPECT_EQ(customer.external_references(1).source_id(), "7:8");
  EXPECT_EQ(request->request_id(), "req-9");
}

TEST(CustomerRequestsTest, CreateNeedsALegalName) {
  absl::StatusOr<v1::CreateCustomerRequest> request =
      BuildCreateCustomerRequest(Parse({"customer", "create", "--uscc", "x"}));
  ASSERT_FALSE(request.ok());
  EXPECT_TRUE(IsUsageError(request.status()));
  EXPECT_EQ(request.status().message(), "--legal-name is required");
}

TEST(CustomerRequestsTest, EnumFlagsTakeProtoNamesAndRejectUnknownWords) {
  absl::StatusOr<v1::CreateCustomerRequest> request =
      BuildCreateCustomerRequest(Parse({"customer", "create", "--legal-name", "x", "--ownership",
                                        "JOINT_VENTURE", "--size", "Medium"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->customer().ownership_type(), v1::JOINT_VENTURE);
  EXPECT_EQ(request->customer().size_band(), v1::MEDIUM);

  request = BuildCreateCustomerRequest(
      Parse({"customer", "create", "--legal-name", "x", "--ownership", "public"}));
  ASSERT_FALSE(request.ok());
  EXPECT_TRUE(IsUsageError(request.status()));
  EXPECT_EQ(request.status().message(),
            "--ownership: unknown value \"public\"; use one of "
            "state-owned|private|foreign|joint-venture|other");
}

TEST(CustomerRequestsTest, UpdateMaskNamesTheGivenFlagsInFieldOrder) {
  absl::StatusOr<v1::UpdateCustomerRequest> request = BuildUpdateCustomerRequest(
      Parse({"customer", "update", "c1", "--tag", "A", "--region", "310000", "--legal-name",
             "新名称有限公司", "--etag", "e7"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_THAT(Paths(request->update_mask()), ElementsAre("legal_name", "region", "tags"));
  EXPECT_EQ(request->customer().name(), "customers/c1");
  EXPECT_EQ(request->customer().etag(), "e7");
  EXPECT_EQ(request->customer().legal_name(), "新名称有限公司");
  EXPECT_EQ(request->customer().region(), "310000");
  // Fields not given stay unset, so the mask alone decides what changes.
  EXPECT_EQ(request->customer().short_name(), "");
  EXPECT_EQ(request->request_id(), "");
}

TEST(CustomerRequestsTest, UpdateWithAnEmptyValueClearsTheField) {
  absl::StatusOr<v1::UpdateCustomerRequest> request = BuildUpdateCustomerRequest(Parse(
      {"customer", "update", "customers/c1", "--short-name", "", "--tag", "", "--ownership", ""}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_THAT(Paths(request->update_mask()), ElementsAre("short_name", "ownership_type", "tags"));
  EXPECT_EQ(request->customer().name(), "customers/c1");
  EXPECT_EQ(request->customer().tags_size(), 0);
  EXPECT_EQ(request->customer().ownership_type(), v1::OWNERSHIP_TYPE_UNSPECIFIED);
}

TEST(CustomerRequestsTest, UpdateWithoutFieldsIsAUsageError) {
  absl::StatusOr<v1::UpdateCustomerRequest> request =
      BuildUpdateCustomerRequest(Parse({"customer", "update", "c1", "--etag", "e1"}));
  ASSERT_FALSE(request.ok());
  EXPECT_TRUE(IsUsageError(request.status()));
  EXPECT_NE(std::string(request.status().message()).find("nothing to update"), std::string::npos);
}

TEST(CustomerRequestsTest, UpdateRejectsAMalformedReference) {
  absl::StatusOr<v1::UpdateCustomerRequest> request =
      BuildUpdateCustomerRequest(Parse({"customer", "update", "c1", "--ref", "no-colon"}));
  ASSERT_FALSE(request.ok());
  EXPECT_TRUE(IsUsageError(request.status()));
}

TEST(CustomerRequestsTest, CustomerNamesMustNotHoldASlash) {
  absl::StatusOr<v1::GetCustomerRequest> request =
      BuildGetCustomerRequest(Parse({"customer", "get", "a/b"}));
  ASSERT_FALSE(request.ok());
  EXPECT_TRUE(IsUsageError(request.status()));
  request = BuildGetCustomerRequest(Parse({"customer", "get", "customers/x"}));
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->name(), "customers/x");
}

TEST(CustomerRequestsTest, ListCopiesPagingFilterAndOrder) {
  absl::StatusOr<v1::ListCustomersRequest> request = BuildListCustomersRequest(
      Parse({"customer", "list", "--filter", "name:\"华信\"", "--order-by", "update_time desc",
             "--page-size", "20", "--page-token", "t1", "--show-deleted"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->filter(), "name:\"华信\"");
  EXPECT_EQ(request->order_by(), "update_time desc");
  EXPECT_EQ(request->page_size(), 20);
  EXPECT_EQ(request->page_token(), "t1");
  EXPECT_TRUE(request->show_deleted());

  request = BuildListCustomersRequest(Parse({"customer", "list", "--page-size", "lots"}));
  ASSERT_FALSE(request.ok());
  EXPECT_TRUE(IsUsageError(request.status()));
}

TEST(CustomerRequestsTest, LookupTakesExactlyOneKey) {
  absl::StatusOr<v1::LookupCustomerRequest> request =
      BuildLookupCustomerRequest(Parse({"customer", "lookup", "--ref", "erp-sap:C-1"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->external_reference().source_system(), "erp-sap");
  EXPECT_EQ(request->external_reference().source_id(), "C-1");

  request =
      BuildLookupCustomerRequest(Parse({"customer", "lookup", "--uscc", "91310115MA1H7GXX1X"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->uscc(), "91310115MA1H7GXX1X");

  for (const auto& args : std::vector<std::vector<std::string>>{
           {"customer", "lookup"}, {"customer", "lookup", "--uscc", "u", "--ref", "a:b"}}) {
    request = BuildLookupCustomerRequest(Parse(args));
    ASSERT_FALSE(request.ok());
    EXPECT_TRUE(IsUsageError(request.status()));
  }
}

TEST(CustomerRequestsTest, UpsertKeysOnTheReferenceAndMasksTheFields) {
  absl::StatusOr<v1::UpsertCustomerByExternalReferenceRequest> request =
      BuildUpsertCustomerRequest(Parse({"customer", "upsert", "--ref", "erp-sap:C-100234",
                                        "--legal-name", "南京长江钢铁有限公司", "--owner",
                                        "orgUnits/sub-east", "--uscc", "913201001234567890"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->external_reference().source_system(), "erp-sap");
  EXPECT_EQ(request->external_reference().source_id(), "C-100234");
  EXPECT_EQ(request->customer().legal_name(), "南京长江钢铁有限公司");
  EXPECT_EQ(request->customer().owner_org_unit(), "orgUnits/sub-east");
  EXPECT_EQ(request->customer().external_references_size(), 0);
  // The owner changes only through set-owner, never through a mask.
  EXPECT_THAT(Paths(request->update_mask()), ElementsAre("legal_name", "uscc"));

  absl::StatusOr<v1::UpsertCustomerByExternalReferenceRequest> missing =
      BuildUpsertCustomerRequest(Parse({"customer", "upsert", "--legal-name", "x"}));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "--ref is required");
}

TEST(CustomerRequestsTest, OwnerAndTeamTakeBareIdsOrNames) {
  absl::StatusOr<v1::SetCustomerOwnerRequest> owner = BuildSetCustomerOwnerRequest(
      Parse({"customer", "set-owner", "c1", "sub-west", "--request-id", "r"}));
  ASSERT_TRUE(owner.ok()) << owner.status();
  EXPECT_EQ(owner->name(), "customers/c1");
  EXPECT_EQ(owner->owner_org_unit(), "orgUnits/sub-west");
  EXPECT_EQ(owner->request_id(), "r");

  absl::StatusOr<v1::AddAccountTeamMemberRequest> add =
      BuildAddTeamMemberRequest(Parse({"customer", "team", "add", "c1", "--org-unit", "sub-west",
                                       "--user", "users/wang.wu", "--role", "service"}));
  ASSERT_TRUE(add.ok()) << add.status();
  EXPECT_EQ(add->member().org_unit(), "orgUnits/sub-west");
  EXPECT_EQ(add->member().user(), "users/wang.wu");
  EXPECT_EQ(add->member().role(), "service");

  absl::StatusOr<v1::AddAccountTeamMemberRequest> no_role =
      BuildAddTeamMemberRequest(Parse({"customer", "team", "add", "c1", "--org-unit", "x"}));
  EXPECT_TRUE(IsUsageError(no_role.status()));

  absl::StatusOr<v1::RemoveAccountTeamMemberRequest> remove = BuildRemoveTeamMemberRequest(
      Parse({"customer", "team", "remove", "c1", "--org-unit", "sub-west"}));
  ASSERT_TRUE(remove.ok()) << remove.status();
  EXPECT_EQ(remove->org_unit(), "orgUnits/sub-west");
  EXPECT_EQ(remove->user(), "");
}

TEST(CustomerRequestsTest, DeleteAndHistoryCarryTheirOptions) {
  absl::StatusOr<v1::DeleteCustomerRequest> remove = BuildDeleteCustomerRequest(
      Parse({"customer", "delete", "c1", "--etag", "e3", "--request-id", "r3"}));
  ASSERT_TRUE(remove.ok()) << remove.status();
  EXPECT_EQ(remove->name(), "customers/c1");
  EXPECT_EQ(remove->etag(), "e3");
  EXPECT_EQ(remove->request_id(), "r3");

  absl::StatusOr<v1::ListCustomerHistoryRequest> history =
      BuildListHistoryRequest(Parse({"customer", "history", "c1", "--page-size", "5"}));
  ASSERT_TRUE(history.ok()) << history.status();
  EXPECT_EQ(history->parent(), "customers/c1");
  EXPECT_EQ(history->page_size(), 5);
}

}  // namespace
}  // namespace crm::crmctl
