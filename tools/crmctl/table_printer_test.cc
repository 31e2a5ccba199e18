#include "tools/crmctl/table_printer.h"

#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tools/crmctl/display_width.h"

namespace crm::crmctl {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

// The display column at which `cell` first starts in `line`.
int ColumnOf(const std::string& line, const std::string& cell) {
  const size_t at = line.find(cell);
  EXPECT_NE(at, std::string::npos) << cell << " not in " << line;
  return DisplayWidth(line.substr(0, at));
}

TEST(TablePrinterTest, AlignsColumnsByDisplayWidthWithCjk) {
  TablePrinter table({"ID", "DISPLAY_NAME", "OWNER"});
  table.AddRow({"1", "上海华信能源科技有限公司", "sub-east"});
  table.AddRow({"22", "华信", "hq"});
  table.AddRow({"333", "Acme（中国）", "sub-west"});
  std::ostringstream out;
  table.Print(out);

  const std::vector<std::string> lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 4u);
  // The widest name is 24 columns; the OWNER column starts after it and the
  // two-space gap on every row, whatever the byte lengths.
  const int owner_column = ColumnOf(lines[0], "OWNER");
  EXPECT_EQ(owner_column, 3 + 2 + 24 + 2);
  EXPECT_EQ(ColumnOf(lines[1], "sub-east"), owner_column);
  EXPECT_EQ(ColumnOf(lines[2], "hq"), owner_column);
  EXPECT_EQ(ColumnOf(lines[3], "sub-west"), owner_column);
  EXPECT_EQ(ColumnOf(lines[2], "华信"), 5);
  EXPECT_EQ(lines[2], "22   华信" + std::string(22, ' ') + "hq");
}

TEST(TablePrinterTest, NoTrailingBlanksAndMissingCellsAreEmpty) {
  TablePrinter table({"A", "B"});
  table.AddRow({"x"});
  table.AddRow({"y", "z", "dropped"});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(), "A  B\nx\ny  z\n");
  EXPECT_EQ(table.row_count(), 3u);
}

TEST(TablePrinterTest, ANewlineInACellDoesNotBreakTheRow) {
  TablePrinter table({"NOTE", "END"});
  table.AddRow({"两行\n备注", "|"});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(Lines(out.str()).size(), 2u);
  EXPECT_EQ(Lines(out.str())[1], "两行 备注  |");
}

TEST(TableStreamTest, PrintsTheHeaderOnceAndKeepsColumnsAligned) {
  TableStream table({"ID", "NAME", "STATE"});
  std::ostringstream out;
  table.Print({}, out);
  EXPECT_EQ(out.str(), "");
  EXPECT_FALSE(table.printed_any());
  table.Print({{"1", "华信", "active"}}, out);
  table.Print({{"22", "x", "deleted"}}, out);
  EXPECT_TRUE(table.printed_any());
  EXPECT_EQ(out.str(),
            "ID  NAME  STATE\n"
            "1   华信  active\n"
            "22  x     deleted\n");
  // A wider cell widens its column from then on.
  table.Print({{"333", "y", "active"}}, out);
  EXPECT_EQ(Lines(out.str()).back(), "333  y     active");
}

}  // namespace
}  // namespace crm::crmctl
