#include "libs/replicas/customer/customer_scope_sql.h"

#include "gtest/gtest.h"

namespace crm::replicas {
namespace {

TEST(CustomerInScopeSqlTest, OwnerOrAccountTeamOfTheRowsCustomer) {
  EXPECT_EQ(CustomerInScopeSql("opportunity", "o.customer_id", 2, 3),
            "($2::boolean OR EXISTS (SELECT 1 FROM opportunity.replica_customers rc"
            " WHERE rc.customer_id = o.customer_id AND (rc.owner_org_unit = ANY($3::text[])"
            " OR rc.account_team && $3::text[])))");
}

TEST(CustomerInScopeSqlTest, UsesTheGivenSchemaColumnAndParameterNumbers) {
  EXPECT_EQ(CustomerInScopeSql("contract", "k.party_id", 11, 12),
            "($11::boolean OR EXISTS (SELECT 1 FROM contract.replica_customers rc"
            " WHERE rc.customer_id = k.party_id AND (rc.owner_org_unit = ANY($12::text[])"
            " OR rc.account_team && $12::text[])))");
}

TEST(ScopeParamsOfTest, AllAndTheOrgUnitsAsATextArray) {
  const CustomerScopeParams hq = ScopeParamsOf({.all = true});
  EXPECT_TRUE(hq.all);
  EXPECT_EQ(hq.org_units, "{}");
  const CustomerScopeParams east =
      ScopeParamsOf({.all = false, .org_units = {"orgUnits/sub-east", "orgUnits/sub-east-sh"}});
  EXPECT_FALSE(east.all);
  EXPECT_EQ(east.org_units, R"({"orgUnits/sub-east","orgUnits/sub-east-sh"})");
}

}  // namespace
}  // namespace crm::replicas
