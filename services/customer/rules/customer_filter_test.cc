#include "services/customer/rules/customer_filter.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::customer {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

CustomerFilter Parse(std::string_view filter) {
  absl::StatusOr<CustomerFilter> parsed = ParseCustomerFilter(filter);
  EXPECT_TRUE(parsed.ok()) << filter << ": " << parsed.status();
  return parsed.ok() ? *parsed : CustomerFilter{};
}

std::string Error(std::string_view filter) {
  absl::StatusOr<CustomerFilter> parsed = ParseCustomerFilter(filter);
  EXPECT_FALSE(parsed.ok()) << filter << " parsed";
  if (parsed.ok()) return "";
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << filter;
  return std::string(parsed.status().message());
}

TEST(CustomerFilterTest, EmptyFilterRestrictsNothing) {
  EXPECT_EQ(Parse(""), CustomerFilter{});
  EXPECT_EQ(Parse("  \t\u3000 "), CustomerFilter{});
}

TEST(CustomerFilterTest, EachField) {
  EXPECT_EQ(Parse("name:\"华信\"").name_contains, "华信");
  EXPECT_EQ(Parse("industry = \"C\"").industry, "C");
  EXPECT_EQ(Parse("region = \"310115\"").region_exact, "310115");
  const CustomerFilter prefix = Parse("region = \"31*\"");
  EXPECT_EQ(prefix.region_prefix, "31");
  EXPECT_EQ(prefix.region_exact, std::nullopt);
  EXPECT_EQ(Parse("owner_org_unit = \"orgUnits/sub-east\"").owner_org_unit, "orgUnits/sub-east");
  EXPECT_EQ(Parse("state = ACTIVE").state, CustomerStateFilter::kActive);
  EXPECT_EQ(Parse("state = DELETED").state, CustomerStateFilter::kDeleted);
  EXPECT_THAT(Parse("tags:\"战略客户\"").tags_all, ElementsAre("战略客户"));
}

TEST(CustomerFilterTest, ConjunctionOfEverything) {
  CustomerFilter expected;
  expected.name_contains = "华信";
  expected.industry = "C";
  expected.region_prefix = "4401";
  expected.owner_org_unit = "orgUnits/sub-east";
  expected.state = CustomerStateFilter::kActive;
  expected.tags_all = {"战略客户", "page-test"};
  EXPECT_EQ(Parse("name:\"华信\" AND industry = \"C\" AND region = \"4401*\" AND "
                  "owner_org_unit = \"orgUnits/sub-east\" AND state = ACTIVE AND "
                  "tags:\"战略客户\" AND tags:\"page-test\""),
            expected);
}

TEST(CustomerFilterTest, WhitespaceAnywhere) {
  const CustomerFilter a = Parse("industry=\"C\"AND region=\"31*\"");
  const CustomerFilter b = Parse("  industry  =  \"C\"\n\tAND\u3000region =\"31*\"  ");
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.industry, "C");
  EXPECT_EQ(a.region_prefix, "31");
}

TEST(CustomerFilterTest, BareWordsAndQuotedEnums) {
  const CustomerFilter filter =
      Parse("industry = C AND region = 31* AND owner_org_unit = orgUnits/sub-east");
  EXPECT_EQ(filter.industry, "C");
  EXPECT_EQ(filter.region_prefix, "31");
  EXPECT_EQ(filter.owner_org_unit, "orgUnits/sub-east");
  EXPECT_EQ(Parse("state = \"DELETED\"").state, CustomerStateFilter::kDeleted);
  EXPECT_EQ(Parse("name:华信").name_contains, "华信");
}

TEST(CustomerFilterTest, StringEscapes) {
  EXPECT_EQ(Parse(R"(name:"say \"hi\" \\ bye")").name_contains, R"(say "hi" \ bye)");
  // Operators and keywords inside strings are just text.
  EXPECT_EQ(Parse(R"x(name:"A AND B = C OR (D)")x").name_contains, "A AND B = C OR (D)");
  EXPECT_EQ(Parse("name:\"  华信 \"").name_contains, "华信");
}

TEST(CustomerFilterTest, TagsRepeatAndDeduplicate) {
  EXPECT_THAT(Parse("tags:\"a\" AND tags:\"b\" AND tags:\"a\"").tags_all, ElementsAre("a", "b"));
}

TEST(CustomerFilterTest, UnknownField) {
  EXPECT_EQ(Error("phone = \"1\""),
            "filter: unknown field 'phone' at position 0; allowed: name, industry, region, "
            "owner_org_unit, state, tags");
  EXPECT_EQ(Error("industry = \"C\" AND display_name:\"x\""),
            "filter: unknown field 'display_name' at position 19; allowed: name, industry, "
            "region, owner_org_unit, state, tags");
  EXPECT_THAT(Error("Industry = \"C\""), HasSubstr("unknown field 'Industry'"));
}

TEST(CustomerFilterTest, UnsupportedOperators) {
  EXPECT_EQ(Error("industry > \"C\""),
            "filter: operator '>' not supported for industry (position 9); use industry = "
            "\"C\"");
  EXPECT_EQ(Error("name = \"华信\""),
            "filter: operator '=' not supported for name (position 5); use name:\"华信\"");
  EXPECT_THAT(Error("region != \"310115\""), HasSubstr("operator '!=' not supported for region"));
  EXPECT_THAT(Error("region <= \"310115\""), HasSubstr("operator '<=' not supported"));
  EXPECT_THAT(Error("tags = \"a\""), HasSubstr("operator '=' not supported for tags"));
  EXPECT_THAT(Error("state : ACTIVE"), HasSubstr("operator ':' not supported for state"));
  EXPECT_THAT(Error("name ~ \"a\""), HasSubstr("operator '~' not supported for name"));
}

TEST(CustomerFilterTest, MissingPieces) {
  EXPECT_EQ(Error("industry"),
            "filter: expected an operator after 'industry' at position 8, got the end of the "
            "filter; e.g. industry = \"C\"");
  EXPECT_EQ(Error("industry \"C\""),
            "filter: expected an operator after 'industry' at position 9, got the string "
            "'C'; e.g. industry = \"C\"");
  EXPECT_EQ(Error("industry ="),
            "filter: expected a value after 'industry =' at position 10, got the end of the "
            "filter; e.g. industry = \"C\"");
  EXPECT_EQ(Error("industry = = \"C\""),
            "filter: expected a value after 'industry =' at position 11, got '='; e.g. "
            "industry = \"C\"");
  EXPECT_EQ(Error("= \"C\""),
            "filter: expected a field name at position 0, got '='; allowed: name, industry, "
            "region, owner_org_unit, state, tags");
  EXPECT_EQ(Error("\"C\""),
            "filter: expected a field name at position 0, got the string 'C'; allowed: name, "
            "industry, region, owner_org_unit, state, tags");
}

TEST(CustomerFilterTest, Conjunctions) {
  EXPECT_EQ(Error("industry = \"C\" OR industry = \"D\""),
            "filter: OR is not supported; combine terms with AND (position 15)");
  EXPECT_EQ(Error("industry = \"C\" or region = \"31*\""),
            "filter: OR is not supported; combine terms with AND (position 15)");
  EXPECT_EQ(Error("industry = \"C\" and region = \"31*\""),
            "filter: write AND in upper case (position 15)");
  EXPECT_EQ(Error("industry = \"C\" region = \"31*\""),
            "filter: expected AND at position 15, got 'region'; combine terms with AND");
  EXPECT_EQ(Error("industry = \"C\" AND"), "filter: expected a term after AND at position 15");
  EXPECT_EQ(Error("industry = \"C\" AND AND region = \"31*\""),
            "filter: unknown field 'AND' at position 19; allowed: name, industry, region, "
            "owner_org_unit, state, tags");
  EXPECT_EQ(Error("AND industry = \"C\""),
            "filter: unknown field 'AND' at position 0; allowed: name, industry, region, "
            "owner_org_unit, state, tags");
}

TEST(CustomerFilterTest, UnsupportedSyntax) {
  EXPECT_EQ(Error("(industry = \"C\")"),
            "filter: parentheses are not supported (position 0); combine terms with AND");
  EXPECT_EQ(Error("NOT industry = \"C\""),
            "filter: negation (NOT or '-') is not supported (position 0)");
  EXPECT_EQ(Error("-industry = \"C\""),
            "filter: negation (NOT or '-') is not supported (position 0)");
  EXPECT_EQ(Error("industry = 'C'"), "filter: use double quotes for strings (position 11)");
  EXPECT_EQ(Error("name：\"华信\""), "filter: full-width '：' at position 4; type the ASCII ':'");
  EXPECT_EQ(Error("industry ＝ \"C\""),
            "filter: full-width '＝' at position 9; type the ASCII '='");
}

TEST(CustomerFilterTest, Strings) {
  EXPECT_EQ(Error("name:\"华信"),
            "filter: unterminated string starting at position 5; close it with \"");
  EXPECT_EQ(Error("name:\"华信\\\""),
            "filter: unterminated string starting at position 5; close it with \"");
  EXPECT_EQ(Error("name:\"华信\\"),
            "filter: unterminated string starting at position 5; close it with \"");
  EXPECT_EQ(Error(R"(name:"a\nb")"),
            "filter: unsupported escape '\\n' at position 7; inside strings only \\\" and \\\\ "
            "are escapes");
}

TEST(CustomerFilterTest, RepeatedFields) {
  EXPECT_EQ(Error("industry = \"C\" AND industry = \"D\""),
            "filter: industry is given twice (at positions 0 and 19); only tags may repeat");
  EXPECT_EQ(Error("region = \"31*\" AND region = \"310115\""),
            "filter: region is given twice (at positions 0 and 19); only tags may repeat");
  EXPECT_THAT(Error("state = ACTIVE AND state = DELETED"), HasSubstr("state is given twice"));
  EXPECT_THAT(Error("name:\"a\" AND name:\"b\""), HasSubstr("name is given twice"));
}

TEST(CustomerFilterTest, ValuesAreValidated) {
  EXPECT_EQ(Error("industry = \"Z\""),
            "filter: industry 'Z' at position 11 is not a GB/T 4754-2017 section; use one "
            "letter A–T");
  EXPECT_THAT(Error("industry = \"c\""), HasSubstr("industry 'c'"));
  EXPECT_EQ(Error("region = \"31011\""),
            "filter: region: must be 6 digits (GB/T 2260, e.g. 310115), got 5: '31011' (value "
            "at position 9)");
  EXPECT_EQ(Error("region = \"99*\""),
            "filter: region: prefix '99' starts with 99, which is not a province-level code "
            "(11–65, 71, 81, 82) (value at position 9)");
  EXPECT_EQ(Error("region = \"*\""),
            "filter: region: prefix '' must be 1–6 digits, e.g. 31 or 3101 (value at position "
            "9)");
  EXPECT_EQ(Error("region = \"3*1\""),
            "filter: '*' may only end a region value (position 9), e.g. region = \"31*\"");
  EXPECT_EQ(Error("region = \"31**\""),
            "filter: '*' may only end a region value (position 9), e.g. region = \"31*\"");
  EXPECT_EQ(Error("owner_org_unit = \"sub-east\""),
            "filter: owner_org_unit 'sub-east' at position 17 is not an org unit name like "
            "orgUnits/sub-east");
  EXPECT_THAT(Error("owner_org_unit = \"orgUnits/Sub East\""),
              HasSubstr("is not an org unit name"));
  EXPECT_EQ(Error("state = active"),
            "filter: state 'active' at position 8 is unknown; use ACTIVE or DELETED");
  EXPECT_EQ(Error("name:\"  \""),
            "filter: name: required (1–100 characters) (value at position 5)");
  EXPECT_EQ(Error("tags:\"" + std::string(33, 'x') + "\""),
            "filter: tags: at most 32 characters, got 33 (value at position 5)");
  EXPECT_EQ(Error("name:\"a\tb\""),
            "filter: name: control character U+0009 at position 2 is not allowed (value at "
            "position 5)");
}

TEST(CustomerFilterTest, Limits) {
  std::string many_tags;
  for (int i = 0; i < 21; ++i) {
    many_tags += (i == 0 ? "" : " AND ") + std::string("tags:\"t") + std::to_string(i) + "\"";
  }
  EXPECT_EQ(Error(many_tags), "filter: at most 20 tags terms; a customer has at most 20 tags");
  EXPECT_EQ(Error(std::string(2001, ' ')), "filter: at most 2000 characters, got 2001");
  EXPECT_EQ(Error("name:\"\xFF\""), "filter: not valid UTF-8 (byte 7)");
}

TEST(CustomerFilterTest, PositionsCountCharacters) {
  // 华信 is two characters but six bytes: phone starts at character 14, byte 18.
  EXPECT_EQ(Error("name:\"华信\" AND phone = \"1\""),
            "filter: unknown field 'phone' at position 14; allowed: name, industry, region, "
            "owner_org_unit, state, tags");
}

TEST(CustomerOrderByTest, AllowedValues) {
  EXPECT_EQ(*ParseCustomerOrderBy(""), CustomerOrder{});
  EXPECT_EQ(*ParseCustomerOrderBy("  "), CustomerOrder{});
  EXPECT_EQ(*ParseCustomerOrderBy("display_name"),
            (CustomerOrder{CustomerOrderField::kDisplayName, false}));
  EXPECT_EQ(*ParseCustomerOrderBy("display_name asc"),
            (CustomerOrder{CustomerOrderField::kDisplayName, false}));
  EXPECT_EQ(*ParseCustomerOrderBy("display_name desc"),
            (CustomerOrder{CustomerOrderField::kDisplayName, true}));
  EXPECT_EQ(*ParseCustomerOrderBy("update_time"),
            (CustomerOrder{CustomerOrderField::kUpdateTime, false}));
  EXPECT_EQ(*ParseCustomerOrderBy(" update_time   desc "),
            (CustomerOrder{CustomerOrderField::kUpdateTime, true}));
}

TEST(CustomerOrderByTest, Errors) {
  auto error = [](std::string_view order_by) {
    absl::StatusOr<CustomerOrder> order = ParseCustomerOrderBy(order_by);
    EXPECT_EQ(order.status().code(), absl::StatusCode::kInvalidArgument) << order_by;
    return std::string(order.status().message());
  };
  EXPECT_EQ(error("create_time"),
            "order_by: unknown field 'create_time'; use display_name or update_time, "
            "optionally followed by asc or desc");
  EXPECT_EQ(error("update_time DESC"),
            "order_by: direction 'DESC' is not supported; use asc or desc");
  EXPECT_EQ(error("update_time desc, display_name"),
            "order_by: sort by one field only, got 'update_time desc, display_name'");
  EXPECT_EQ(error("update_time desc nulls"),
            "order_by: expected '<field> [asc|desc]', got 'update_time desc nulls'");
}

TEST(CustomerOrderByTest, LongValuesAreQuotedShort) {
  const std::string long_field(10000, 'x');
  const absl::StatusOr<CustomerOrder> order = ParseCustomerOrderBy(long_field);
  ASSERT_FALSE(order.ok());
  EXPECT_LT(order.status().message().size(), 200u) << order.status().message();
  EXPECT_THAT(std::string(order.status().message()), HasSubstr("(10000 characters)"));
}

TEST(CustomerFilterTest, LongValuesAreQuotedShortAndWhole) {
  const std::string industry = "industry = " + std::string(1500, 'Q');
  const std::string message = Error(industry);
  EXPECT_LT(message.size(), 200u) << message;
  EXPECT_THAT(message, HasSubstr("(1500 characters)"));
  // A value cut on a character boundary: 华 is three bytes.
  std::string owner = "owner_org_unit = ";
  for (int i = 0; i < 500; ++i) owner += "华";
  EXPECT_THAT(Error(owner), HasSubstr("华…' (500 characters)"));
}

}  // namespace
}  // namespace crm::customer
