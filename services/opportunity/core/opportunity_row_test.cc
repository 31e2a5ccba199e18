// The stored forms of core/opportunity_row.h without a database: dates as
// PostgreSQL writes them, and the JSON of lines, committee and survey as
// the jsonb columns hold it (proto field names, enums as numbers, int64 as
// strings so no fen is lost).
#include "services/opportunity/core/opportunity_row.h"

#include "gtest/gtest.h"
#include "services/opportunity/core/opportunity_names.h"

namespace crm::opportunity {
namespace {

TEST(OpportunityRowTest, DatesRoundTripAndUnsetIsEmpty) {
  common::v1::Date date;
  date.set_year(2026);
  date.set_month(2);
  date.set_day(9);
  EXPECT_EQ(IsoDate(date), "2026-02-09");
  EXPECT_EQ(DateOfIso("2026-02-09").SerializeAsString(), date.SerializeAsString());
  EXPECT_EQ(IsoDate(common::v1::Date()), "");
  EXPECT_FALSE(IsSet(DateOfIso("")));
  EXPECT_FALSE(IsSet(DateOfIso("not a date")));
}

TEST(OpportunityRowTest, StoredJsonUsesFieldNamesNumbersForEnumsAndExactFen) {
  v1::Opportunity o;
  v1::ProductLine* line = o.add_product_lines();
  line->set_product_code("ESS-215");
  line->set_quantity(3);
  line->mutable_unit_price()->set_currency_code("CNY");
  line->mutable_unit_price()->set_minor_units(9'007'199'254'740'993);  // above 2^53
  EXPECT_EQ(ProductLinesJson(o),
            "[{\"product_code\":\"ESS-215\",\"quantity\":\"3\",\"unit_price\":"
            "{\"currency_code\":\"CNY\",\"minor_units\":\"9007199254740993\"}}]");
  v1::CommitteeMember* member = o.add_buying_committee();
  member->set_contact("customers/a/contacts/b");
  member->set_role(v1::CommitteeMember::DECISION_MAKER);
  EXPECT_EQ(BuyingCommitteeJson(o), "[{\"contact\":\"customers/a/contacts/b\",\"role\":1}]");
  EXPECT_EQ(ProductLinesJson(v1::Opportunity()), "[]");
  EXPECT_EQ(BuyingCommitteeJson(v1::Opportunity()), "[]");
  EXPECT_EQ(ToStoredJson(v1::NeedsSurvey()), "{}");
}

TEST(OpportunityNamesTest, NamesParseToLowerCaseUuidsOnly) {
  EXPECT_EQ(ParseOpportunityName("opportunities/3F1C2A9E-5B7D-4E21-9C0A-6D8E4F2B1A37"),
            "3f1c2a9e-5b7d-4e21-9c0a-6d8e4f2b1a37");
  EXPECT_FALSE(ParseOpportunityName("opportunities/42").has_value());
  EXPECT_FALSE(ParseOpportunityName("activities/3f1c2a9e-5b7d-4e21-9c0a-6d8e4f2b1a37"));
  status::FieldViolations violations;
  EXPECT_EQ(OpportunityIdOr("", "name", violations), "");
  EXPECT_EQ(OpportunityIdOr("x", "parent", violations), "");
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations.bad_request().field_violations(0).description(),
            "name: is required, e.g. opportunities/{uuid}");
}

}  // namespace
}  // namespace crm::opportunity
