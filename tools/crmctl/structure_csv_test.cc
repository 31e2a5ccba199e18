#include "tools/crmctl/structure_csv.h"

#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::hierarchy::v1;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

StructureCsv Parse(const std::string& text) {
  std::istringstream in(text);
  return ParseStructureCsv(in);
}

// "line N: field: reason" for each problem.
std::vector<std::string> Problems(const StructureCsv& csv) {
  std::vector<std::string> lines;
  for (const v1::ImportProblem& problem : csv.problems) {
    lines.push_back("line " + std::to_string(problem.line()) + ": " + problem.field() + ": " +
                    problem.reason());
  }
  return lines;
}

TEST(StructureCsvTest, ReadsRowsWithTheirLines) {
  const StructureCsv csv = Parse(
      "\xEF\xBB\xBFparent,child,edge_type,ownership_percent\r\n"
      "91330000MA27U0XX1Q,erp-sap:C-1,wholly_owned,100\r\n"
      "\r\n"
      "erp-sap:C-1,\"oa:Dept,7\",Controlled,051.25%\r\n"
      "91330000MA27U0XX1Q,erp-sap:C-9,BRANCH,\r\n"
      "erp-sap:C-1,erp-sap:C-10,affiliate,\" 20 \"\n");
  EXPECT_THAT(Problems(csv), ElementsAre("line 6: ownership_percent: \" 20 \" "
                                         "is not a percentage from 0 to 100, "
                                         "e.g. 51.25"));
  ASSERT_EQ(csv.rows.size(), 4u);
  EXPECT_EQ(csv.rows[0].line(), 2);
  EXPECT_EQ(csv.rows[0].parent(), "91330000MA27U0XX1Q");
  EXPECT_EQ(csv.rows[0].child(), "erp-sap:C-1");
  EXPECT_EQ(csv.rows[0].edge_type(), v1::WHOLLY_OWNED);
  EXPECT_EQ(csv.rows[0].ownership_percent(), "100");
  EXPECT_EQ(csv.rows[1].line(), 4);
  EXPECT_EQ(csv.rows[1].child(), "oa:Dept,7");
  EXPECT_EQ(csv.rows[1].edge_type(), v1::CONTROLLED);
  EXPECT_EQ(csv.rows[1].ownership_percent(), "51.25");
  EXPECT_EQ(csv.rows[2].line(), 5);
  EXPECT_EQ(csv.rows[2].edge_type(), v1::BRANCH);
  EXPECT_EQ(csv.rows[2].ownership_percent(), "");
}

TEST(StructureCsvTest, TheHeaderMayComeInAnyOrderWithoutOwnership) {
  const StructureCsv csv = Parse(
      "Edge_Type,CHILD,parent\n"
      "wholly-owned,b:2,a:1\n");
  EXPECT_THAT(csv.problems, IsEmpty());
  ASSERT_EQ(csv.rows.size(), 1u);
  EXPECT_EQ(csv.rows[0].parent(), "a:1");
  EXPECT_EQ(csv.rows[0].child(), "b:2");
  EXPECT_EQ(csv.rows[0].edge_type(), v1::WHOLLY_OWNED);
}

TEST(StructureCsvTest, EveryProblemIsListedByLineAndField) {
  const StructureCsv csv = Parse(
      "parent,child,edge_type,ownership_percent\n"
      ",a:1,wholly_owned,100\n"
      "a:1,a:1,controlled,51.255\n"
      "a:1,b:2,department,\n"
      "a:1,:2,branch,10\n"
      "a:1,b:2,affiliate\n"
      "a:1,b:2,controlled,120\n"
      "a:1,\"b:2\"x,controlled,60\n"
      "a:1,b:3,,\n");
  EXPECT_THAT(
      Problems(csv),
      ElementsAre("line 2: parent: is empty", "line 3: child: is the same as the parent",
                  "line 3: ownership_percent: \"51.255\" has more than two decimals",
                  "line 4: edge_type: unknown value \"department\"; use one of "
                  "wholly_owned, controlled, affiliate, branch",
                  "line 5: child: \":2\" is not a USCC or SOURCE_SYSTEM:SOURCE_ID",
                  "line 5: ownership_percent: only wholly_owned, controlled and "
                  "affiliate edges have one",
                  "line 6: row: has 3 fields; the header has 4",
                  "line 7: ownership_percent: \"120\" is more than 100",
                  "line 8: row: text after a closing quote", "line 9: edge_type: is empty"));
  EXPECT_EQ(csv.rows.size(), 8u);
}

TEST(StructureCsvTest, AFileWithoutItsHeaderIsRefusedAtLineOne) {
  StructureCsv csv = Parse("");
  EXPECT_THAT(Problems(csv), ElementsAre("line 1: header: the file is empty; it starts with "
                                         "the header parent,child,edge_type,"
                                         "ownership_percent"));
  csv = Parse("\n91330000MA27U0XX1Q,a:1,branch\n");
  ASSERT_FALSE(csv.problems.empty());
  EXPECT_EQ(csv.problems[0].line(), 2);
  EXPECT_EQ(csv.problems[0].field(), "header");
  EXPECT_THAT(csv.rows, IsEmpty());

  csv = Parse("parent,child,parent\n");
  EXPECT_THAT(Problems(csv), ElementsAre("line 1: header: column parent appears twice",
                                         "line 1: header: column edge_type is missing; the "
                                         "header is parent,child,edge_type,"
                                         "ownership_percent"));
}

// Found by tests/fuzz: a GBK file got its bytes into problem reasons (and
// its rows into a request the server cannot parse).
TEST(StructureCsvTest, TextThatIsNotUtf8IsAProblemThatDoesNotQuoteIt) {
  StructureCsv csv = Parse("parent,child,edge_t\xFFype\n");
  EXPECT_THAT(Problems(csv), ElementsAre("line 1: header: field 3 is not valid UTF-8 (byte 7 "
                                         "of the field); save the file as UTF-8"));
  csv = Parse("parent,child,edge_type\nerp:\xC9\xCF\xBA\xA3,erp:2,controlled\n");
  EXPECT_THAT(Problems(csv), ElementsAre("line 2: row: field 1 is not valid UTF-8 (byte 5 of "
                                         "the field); save the file as UTF-8"));
}

TEST(StructureCsvTest, ReportsProgressEveryTenThousandRows) {
  std::string text = "parent,child,edge_type\n";
  for (int i = 0; i < 25'000; ++i) {
    text += "a:" + std::to_string(i) + ",b:" + std::to_string(i) + ",branch\n";
  }
  std::istringstream in(text);
  std::vector<int> reported;
  const StructureCsv csv = ParseStructureCsv(in, [&](int rows) { reported.push_back(rows); });
  EXPECT_THAT(reported, ElementsAre(10'000, 20'000));
  EXPECT_EQ(csv.rows.size(), 25'000u);
  EXPECT_EQ(csv.rows.back().line(), 25'001);
  EXPECT_THAT(csv.problems, IsEmpty());
}

}  // namespace
}  // namespace crm::crmctl
