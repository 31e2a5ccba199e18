#include "tools/crmctl/board_layout.h"

#include <algorithm>
#include <string_view>

#include "tools/crmctl/display_width.h"

namespace crm::crmctl {
namespace {

constexpr int kColumnGap = 2;
constexpr char kRule[] = "─";

// The cells of one line, each padded to its column's width but the last.
void PrintLine(const std::vector<std::string>& cells, const std::vector<int>& widths,
               std::ostream& out) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    line += cells[i];
    if (i + 1 < cells.size()) line.append(widths[i] - DisplayWidth(cells[i]) + kColumnGap, ' ');
  }
  line.erase(line.find_last_not_of(' ') + 1);
  out << line << '\n';
}

std::string Repeat(std::string_view piece, int times) {
  std::string text;
  for (int i = 0; i < times; ++i) text += piece;
  return text;
}

}  // namespace

void PrintBoardColumns(const std::vector<BoardLayoutColumn>& columns, std::ostream& out) {
  std::vector<int> widths;
  size_t rows = 0;
  for (const BoardLayoutColumn& column : columns) {
    int width = std::max(DisplayWidth(column.heading), DisplayWidth(column.footing));
    for (const std::string& line : column.lines) width = std::max(width, DisplayWidth(line));
    widths.push_back(width);
    rows = std::max(rows, column.lines.size());
  }
  const auto line_of = [&](auto cell) {
    std::vector<std::string> cells;
    for (size_t i = 0; i < columns.size(); ++i) cells.push_back(cell(i));
    PrintLine(cells, widths, out);
  };
  const auto rule = [&](size_t i) { return Repeat(kRule, widths[i]); };
  line_of([&](size_t i) { return columns[i].heading; });
  line_of(rule);
  for (size_t row = 0; row < rows; ++row) {
    line_of([&](size_t i) {
      return row < columns[i].lines.size() ? columns[i].lines[row] : std::string();
    });
  }
  line_of(rule);
  line_of([&](size_t i) { return columns[i].footing; });
}

}  // namespace crm::crmctl
