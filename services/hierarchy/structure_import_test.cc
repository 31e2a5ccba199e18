#include "services/hierarchy/structure_import.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::hierarchy {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

v1::ImportStructureRequest Rows(
    std::initializer_list<std::tuple<int, const char*, const char*, v1::EdgeType, const char*>>
        rows) {
  v1::ImportStructureRequest request;
  for (const auto& [line, parent, child, edge, ownership] : rows) {
    v1::ImportRow* row = request.add_rows();
    row->set_line(line);
    row->set_parent(parent);
    row->set_child(child);
    row->set_edge_type(edge);
    row->set_ownership_percent(ownership);
  }
  return request;
}

std::vector<std::string> Describe(const std::vector<v1::ImportProblem>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems)
    out.push_back(absl::StrCat(p.line(), " ", p.field(), ": ", p.reason()));
  return out;
}

TEST(CheckImportRowsTest, AGoodFileHasNoProblems) {
  EXPECT_THAT(CheckImportRows(Rows({{2, "A", "B", v1::WHOLLY_OWNED, "100"},
                                    {3, "B", "C", v1::CONTROLLED, "51.25"},
                                    {4, "A", "erp:7", v1::BRANCH, ""}})),
              IsEmpty());
}

TEST(CheckImportRowsTest, EveryBadRowIsReportedInLineOrder) {
  const auto problems = Describe(CheckImportRows(Rows({{5, "A", "", v1::CONTROLLED, ""},
                                                       {2, "A", "B", v1::DEPARTMENT, ""},
                                                       {3, "A", "C", v1::CONTROLLED, "150"},
                                                       {4, "D", "D", v1::AFFILIATE, ""}})));
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_THAT(problems[0], HasSubstr("2 edge_type: a customer hangs by"));
  EXPECT_THAT(problems[1], HasSubstr("3 ownership_percent: '150' is not a percentage"));
  EXPECT_THAT(problems[2], HasSubstr("4 child: is the same as the parent"));
  EXPECT_THAT(problems[3], HasSubstr("5 child: is required"));
}

TEST(CheckImportRowsTest, AChildGivenTwiceHasOneParent) {
  const auto problems = Describe(
      CheckImportRows(Rows({{2, "A", "C", v1::CONTROLLED, ""}, {3, "B", "C", v1::AFFILIATE, ""}})));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("3 child: C already has a parent on line 2"));
}

TEST(CheckImportRowsTest, RowsFormingACycleAreRefused) {
  const auto problems = Describe(CheckImportRows(Rows({{2, "A", "B", v1::CONTROLLED, ""},
                                                       {3, "B", "C", v1::CONTROLLED, ""},
                                                       {4, "C", "A", v1::CONTROLLED, ""}})));
  ASSERT_FALSE(problems.empty());
  EXPECT_THAT(problems[0], HasSubstr("parent: rows form a cycle"));
}

}  // namespace
}  // namespace crm::hierarchy
