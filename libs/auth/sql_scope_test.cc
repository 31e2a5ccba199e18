#include "libs/auth/sql_scope.h"

#include "gtest/gtest.h"

namespace crm::auth {
namespace {

constexpr ScopeColumns kCustomer{.row_id = "c.id",
                                 .owner_org_unit = "c.owner_org_unit",
                                 .member_table = "customer.account_team t",
                                 .member_row_id = "t.customer_id",
                                 .member_org_unit = "t.org_unit"};

TEST(ScopePredicateTest, OwnerAndMembership) {
  EXPECT_EQ(ScopePredicate(kCustomer, 1, 2),
            "($1::boolean OR c.owner_org_unit = ANY($2::text[]) OR EXISTS "
            "(SELECT 1 FROM customer.account_team t WHERE t.customer_id = c.id "
            "AND t.org_unit = ANY($2::text[])))");
}

TEST(ScopePredicateTest, UsesTheGivenParameterNumbers) {
  EXPECT_EQ(ScopePredicate(kCustomer, 11, 12),
            "($11::boolean OR c.owner_org_unit = ANY($12::text[]) OR EXISTS "
            "(SELECT 1 FROM customer.account_team t WHERE t.customer_id = c.id "
            "AND t.org_unit = ANY($12::text[])))");
}

TEST(ScopePredicateTest, OwnerOnly) {
  constexpr ScopeColumns kContract{.row_id = "k.id", .owner_org_unit = "k.org_unit"};
  EXPECT_EQ(ScopePredicate(kContract, 3, 4), "($3::boolean OR k.org_unit = ANY($4::text[]))");
}

TEST(ScopePredicateTest, MembershipOnly) {
  constexpr ScopeColumns kMember{.row_id = "o.id",
                                 .member_table = "opportunity.team m",
                                 .member_row_id = "m.opportunity_id",
                                 .member_org_unit = "m.org_unit"};
  EXPECT_EQ(ScopePredicate(kMember, 1, 2),
            "($1::boolean OR EXISTS (SELECT 1 FROM opportunity.team m WHERE "
            "m.opportunity_id = o.id AND m.org_unit = ANY($2::text[])))");
}

TEST(TextArrayLiteralTest, PlainValues) {
  EXPECT_EQ(TextArrayLiteral({}), "{}");
  EXPECT_EQ(TextArrayLiteral({"orgUnits/a"}), R"({"orgUnits/a"})");
  EXPECT_EQ(TextArrayLiteral({"orgUnits/a", "orgUnits/b"}), R"({"orgUnits/a","orgUnits/b"})");
}

TEST(TextArrayLiteralTest, QuotesAndEscapesTrickyValues) {
  EXPECT_EQ(TextArrayLiteral({""}), R"({""})");
  EXPECT_EQ(TextArrayLiteral({"NULL", "null"}), R"({"NULL","null"})");
  EXPECT_EQ(TextArrayLiteral({"a,b"}), R"({"a,b"})");
  EXPECT_EQ(TextArrayLiteral({"{x}"}), R"({"{x}"})");
  EXPECT_EQ(TextArrayLiteral({" padded "}), R"({" padded "})");
  EXPECT_EQ(TextArrayLiteral({R"(say "hi")"}), R"({"say \"hi\""})");
  EXPECT_EQ(TextArrayLiteral({R"(C:\dir\)"}), R"({"C:\\dir\\"})");
  EXPECT_EQ(TextArrayLiteral({R"(\")"}), R"({"\\\""})");
  EXPECT_EQ(TextArrayLiteral({"华东子公司"}), R"({"华东子公司"})");
}

}  // namespace
}  // namespace crm::auth
