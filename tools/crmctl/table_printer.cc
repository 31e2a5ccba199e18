#include "tools/crmctl/table_printer.h"

#include <algorithm>
#include <utility>

#include "tools/crmctl/display_width.h"

namespace crm::crmctl {
namespace {

constexpr int kColumnGap = 2;

}  // namespace

TablePrinter::TablePrinter(std::vector<std::string> headers) {
  rows_.push_back(std::move(headers));
}

void TablePrinter::AddRow(std::vector<std::string> cells) {
  cells.resize(rows_.front().size());
  for (std::string& cell : cells) cell = SingleLine(cell);
  rows_.push_back(std::move(cells));
}

void TablePrinter::Print(std::ostream& out) const {
  const size_t columns = rows_.front().size();
  std::vector<int> widths(columns, 0);
  for (const auto& row : rows_) {
    for (size_t i = 0; i < columns; ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  }
  for (const auto& row : rows_) {
    std::string line;
    for (size_t i = 0; i < columns; ++i) {
      line += row[i];
      if (i + 1 < columns) {
        line.append(widths[i] - DisplayWidth(row[i]) + kColumnGap, ' ');
      }
    }
    // An empty last column would otherwise leave the padding behind.
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << '\n';
  }
}

}  // namespace crm::crmctl
