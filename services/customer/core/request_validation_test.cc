#include "services/customer/core/request_validation.h"

#include <cmath>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/idempotency/request_log.h"

namespace crm::customer {
namespace {

using ::testing::UnorderedElementsAre;

std::set<std::string> Fields(const status::FieldViolations& violations) {
  std::set<std::string> fields;
  for (const auto& v : violations.bad_request().field_violations()) fields.insert(v.field());
  return fields;
}

TEST(RequestValidationTest, ValidCustomerPassesAndIsNormalised) {
  v1::Customer customer;
  customer.set_legal_name("  上海华信能源科技有限公司 ");
  customer.set_uscc("91110000600037341l");
  customer.set_industry("C");
  customer.set_region("310115");
  status::FieldViolations violations;
  ValidateCustomer(customer, CustomerInputPaths(), "customer.", violations);
  EXPECT_TRUE(violations.empty()) << violations.ToStatus("t");
  EXPECT_EQ(customer.legal_name(), "上海华信能源科技有限公司");
  EXPECT_EQ(customer.uscc(), "91110000600037341L");
}

TEST(RequestValidationTest, EveryBadFieldIsNamed) {
  v1::Customer customer;
  customer.set_uscc("9111000060003734");
  customer.set_industry("Z");
  customer.set_region("31011");
  customer.set_owner_org_unit("sub-east");
  customer.set_ownership_type(static_cast<v1::OwnershipType>(99));
  auto* reference = customer.add_external_references();
  reference->set_source_system("ERP SAP");
  status::FieldViolations violations;
  ValidateCustomer(customer, CustomerInputPaths(), "customer.", violations);
  EXPECT_THAT(
      Fields(violations),
      UnorderedElementsAre("customer.legal_name", "customer.uscc", "customer.industry",
                           "customer.region", "customer.owner_org_unit", "customer.ownership_type",
                           "customer.external_references[0].source_system",
                           "customer.external_references[0].source_id"));
}

TEST(RequestValidationTest, OnlyMaskedPathsAreChecked) {
  v1::Customer customer;  // no legal name, but it is not being updated
  customer.set_industry("Z");
  status::FieldViolations violations;
  ValidateCustomer(customer, {"region"}, "customer.", violations);
  EXPECT_TRUE(violations.empty());
  ValidateCustomer(customer, {"industry"}, "customer.", violations);
  EXPECT_THAT(Fields(violations), UnorderedElementsAre("customer.industry"));
}

TEST(RequestValidationTest, MaskIsAllowListed) {
  google::protobuf::FieldMask mask;
  mask.add_paths("short_name");
  mask.add_paths("owner_org_unit");
  mask.add_paths("short_name");
  status::FieldViolations violations;
  const auto paths = ValidateCustomerMask(mask, violations);
  EXPECT_EQ(paths, std::vector<std::string>{"short_name"});
  EXPECT_EQ(violations.size(), 1u);
  status::FieldViolations empty;
  ValidateCustomerMask(google::protobuf::FieldMask(), empty);
  EXPECT_EQ(empty.size(), 1u);
}

TEST(RequestValidationTest, ContactFields) {
  v1::Contact contact;
  contact.set_display_name("张三");
  contact.set_phone("+86 138-1234-5678");
  contact.set_email("zhang.san@example.com");
  status::FieldViolations violations;
  ValidateContact(contact, ContactInputPaths(), "contact.", violations);
  EXPECT_TRUE(violations.empty()) << violations.ToStatus("t");
  EXPECT_EQ(contact.phone(), "13812345678");

  v1::Contact bad;
  bad.set_phone("12345");
  bad.set_email("no-at-sign");
  bad.set_wechat("1");
  status::FieldViolations bad_violations;
  ValidateContact(bad, ContactInputPaths(), "contact.", bad_violations);
  EXPECT_THAT(Fields(bad_violations), UnorderedElementsAre("contact.display_name", "contact.phone",
                                                           "contact.email", "contact.wechat"));
}

TEST(RequestValidationTest, RequestIds) {
  status::FieldViolations violations;
  idempotency::ValidateRequestId("", violations);
  idempotency::ValidateRequestId("7b0f8a6e-2f1c-4c4e-9a57-0c1d2e3f4a5b", violations);
  EXPECT_TRUE(violations.empty());
  idempotency::ValidateRequestId("has space", violations);
  idempotency::ValidateRequestId(std::string(129, 'a'), violations);
  EXPECT_EQ(violations.size(), 2u);
}

// A value of any length is quoted in a bounded prefix, so an error fits the
// trailers a client can read (the whole value once came back and was refused
// as RESOURCE_EXHAUSTED metadata).
TEST(RequestValidationTest, LongValuesAreQuotedInABoundedPrefix) {
  const std::string long_value(10000, '9');
  v1::Customer customer;
  customer.set_legal_name("上海华信能源科技有限公司");
  customer.set_industry(long_value);
  customer.set_region(long_value);
  customer.set_owner_org_unit(long_value);
  customer.add_tags(long_value);
  v1::AccountTeamMember member;
  member.set_org_unit(long_value);
  member.set_user(long_value);
  member.set_role("sales");
  status::FieldViolations violations;
  ValidateCustomer(customer, CustomerInputPaths(), "customer.", violations);
  ValidateTeamMember(member, "member.", violations);
  CustomerIdOr(long_value, "name", violations);
  EXPECT_THAT(
      Fields(violations),
      UnorderedElementsAre("customer.industry", "customer.region", "customer.owner_org_unit",
                           "customer.tags[0]", "member.org_unit", "member.user", "name"));
  for (const auto& v : violations.bad_request().field_violations()) {
    EXPECT_LT(v.description().size(), 200u) << v.field() << ": " << v.description();
  }
}

TEST(RequestValidationTest, UnknownEnumNumbersNameTheAcceptedValues) {
  v1::Customer customer;
  customer.set_size_band(static_cast<v1::SizeBand>(77));
  status::FieldViolations violations;
  ValidateCustomer(customer, {"size_band"}, "customer.", violations);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_THAT(violations.bad_request().field_violations(0).description(),
              ::testing::StartsWith("customer.size_band: 77 is not a known SizeBand; use one of "));
}

TEST(DuplicateSearchValidationTest, NormalisesTheUsccAndRefusesBadOnes) {
  v1::SearchDuplicatesRequest request;
  v1::Customer subject;
  subject.set_uscc("９１１１００００６０００３７３４１l");  // full-width digits, lower-case l
  status::FieldViolations violations;
  ValidateDuplicateSearch(request, subject, violations);
  EXPECT_TRUE(violations.empty()) << violations.ToStatus("t");
  EXPECT_EQ(subject.uscc(), "91110000600037341L");

  subject.set_uscc("91110000600037341X");  // wrong check character
  ValidateDuplicateSearch(request, subject, violations);
  EXPECT_THAT(Fields(violations), UnorderedElementsAre("customer.uscc"));
}

TEST(DuplicateSearchValidationTest, MinScoreIsAFiniteNumberFromZeroToOne) {
  v1::Customer subject;
  for (double bad : {std::nan(""), -0.5, 1.5, HUGE_VAL}) {
    v1::SearchDuplicatesRequest request;
    request.set_min_score(bad);
    status::FieldViolations violations;
    ValidateDuplicateSearch(request, subject, violations);
    EXPECT_THAT(Fields(violations), UnorderedElementsAre("min_score")) << bad;
  }
  v1::SearchDuplicatesRequest request;
  request.set_min_score(0.8);
  status::FieldViolations violations;
  ValidateDuplicateSearch(request, subject, violations);
  EXPECT_TRUE(violations.empty());
}

TEST(RequestValidationTest, RepeatedFieldsAreBounded) {
  v1::Customer customer;
  for (int i = 0; i < 21; ++i) customer.add_tags("标签" + std::to_string(i));
  for (int i = 0; i < 51; ++i) {
    auto* reference = customer.add_external_references();
    reference->set_source_system("erp");
    reference->set_source_id(std::to_string(i));
  }
  status::FieldViolations violations;
  ValidateCustomer(customer, {"tags", "external_references"}, "customer.", violations);
  EXPECT_THAT(Fields(violations),
              UnorderedElementsAre("customer.tags", "customer.external_references"));
}

}  // namespace
}  // namespace crm::customer
