#include "tools/crmctl/table_printer.h"

#include <algorithm>
#include <utility>

#include "tools/crmctl/display_width.h"

namespace crm::crmctl {
namespace {

constexpr int kColumnGap = 2;

// Widens `widths` to fit `rows`.
void FitWidths(const std::vector<std::vector<std::string>>& rows, std::vector<int>& widths) {
  for (const auto& row : rows) {
    for (size_t i = 0; i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  }
}

void PrintRows(const std::vector<std::vector<std::string>>& rows, const std::vector<int>& widths,
               std::ostream& out) {
  const size_t columns = widths.size();
  for (const auto& row : rows) {
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

// As TablePrinter::AddRow keeps a row.
std::vector<std::string> CleanRow(std::vector<std::string> cells, size_t columns) {
  cells.resize(columns);
  for (std::string& cell : cells) cell = SingleLine(cell);
  return cells;
}

}  // namespace

TablePrinter::TablePrinter(std::vector<std::string> headers) {
  rows_.push_back(std::move(headers));
}

void TablePrinter::AddRow(std::vector<std::string> cells) {
  rows_.push_back(CleanRow(std::move(cells), rows_.front().size()));
}

void TablePrinter::Print(std::ostream& out) const {
  std::vector<int> widths(rows_.front().size(), 0);
  FitWidths(rows_, widths);
  PrintRows(rows_, widths, out);
}

TableStream::TableStream(std::vector<std::string> headers)
    : headers_(std::move(headers)), widths_(headers_.size(), 0) {
  FitWidths({headers_}, widths_);
}

void TableStream::Print(std::vector<std::vector<std::string>> rows, std::ostream& out) {
  if (rows.empty()) return;
  for (auto& row : rows) row = CleanRow(std::move(row), headers_.size());
  FitWidths(rows, widths_);
  if (!header_printed_) {
    PrintRows({headers_}, widths_, out);
    header_printed_ = true;
  }
  PrintRows(rows, widths_, out);
}

}  // namespace crm::crmctl
