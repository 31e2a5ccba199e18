#include "services/opportunity/rules/contact_field.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/violations_for_test.h"

namespace crm::opportunity {
namespace {

using ::testing::ElementsAre;

constexpr char kCustomer[] = "0B7F3C2E-8D4A-4E1B-9C6F-2A5D8E1F4B70";
constexpr char kContact[] = "5e0c1d2a-3b4c-4d5e-8f60-718293a4b5c6";

TEST(ContactIdsOrTest, ParsesAndLowersBothIds) {
  status::FieldViolations violations;
  const std::optional<names::ContactIds> ids = ContactIdsOr(
      std::string("customers/") + kCustomer + "/contacts/" + kContact, "c", violations);
  ASSERT_TRUE(ids.has_value());
  EXPECT_EQ(ids->customer_id, "0b7f3c2e-8d4a-4e1b-9c6f-2a5d8e1f4b70");
  EXPECT_EQ(ids->contact_id, kContact);
  EXPECT_TRUE(violations.empty());
}

TEST(ContactIdsOrTest, SaysWhatIsWrong) {
  status::FieldViolations violations;
  EXPECT_EQ(ContactIdsOr("", "a.contacts[0]", violations), std::nullopt);
  EXPECT_EQ(ContactIdsOr("customers/abc", "a.contacts[1]", violations), std::nullopt);
  EXPECT_EQ(ContactIdsOr(std::string("customers/") + kCustomer, "a.contacts[2]", violations),
            std::nullopt);
  EXPECT_THAT(status::testing::Fields(violations),
              ElementsAre("a.contacts[0]", "a.contacts[1]", "a.contacts[2]"));
  EXPECT_EQ(status::testing::Descriptions(violations)[0],
            "a.contacts[0]: is required, e.g. customers/{uuid}/contacts/{uuid}");
  EXPECT_EQ(status::testing::Descriptions(violations)[1],
            "a.contacts[1]: 'customers/abc' is not a contact name like "
            "customers/{uuid}/contacts/{uuid}");
}

}  // namespace
}  // namespace crm::opportunity
