#include "services/customer/core/customer_diff.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::customer {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;

TEST(CustomerDiffTest, ReportsOnlyChangedFieldsInFixedOrder) {
  v1::Customer before;
  before.set_legal_name("上海华信能源科技有限公司");
  before.set_industry("C");
  before.add_tags("a");
  v1::Customer after = before;
  after.set_industry("D");
  after.add_tags("b");
  EXPECT_THAT(DiffCustomers(before, after), ElementsAre(Field(&FieldChange::field, "industry"),
                                                        Field(&FieldChange::field, "tags")));
  const auto changes = DiffCustomers(before, after);
  EXPECT_EQ(changes[0].old_value, "C");
  EXPECT_EQ(changes[0].new_value, "D");
  EXPECT_EQ(changes[1].new_value, "a, b");
}

TEST(CustomerDiffTest, ReferenceOrderDoesNotCount) {
  v1::Customer before, after;
  auto add = [](v1::Customer& c, const char* system, const char* id) {
    auto* r = c.add_external_references();
    r->set_source_system(system);
    r->set_source_id(id);
  };
  add(before, "erp", "1");
  add(before, "oa", "2");
  add(after, "oa", "2");
  add(after, "erp", "1");
  EXPECT_TRUE(DiffCustomers(before, after).empty());
}

TEST(CustomerDiffTest, ApplyTakesOnlyNamedPaths) {
  v1::Customer current;
  current.set_legal_name("old");
  current.set_region("310115");
  v1::Customer values;
  values.set_legal_name("new");
  values.set_region("");
  ApplyCustomerPaths(values, {"legal_name"}, current);
  EXPECT_EQ(current.legal_name(), "new");
  EXPECT_EQ(current.region(), "310115");
  ApplyCustomerPaths(values, {"region"}, current);
  EXPECT_EQ(current.region(), "");
}

}  // namespace
}  // namespace crm::customer
