#ifndef CRM_TOOLS_CRMCTL_TABLE_PRINTER_H_
#define CRM_TOOLS_CRMCTL_TABLE_PRINTER_H_

#include <ostream>
#include <string>
#include <vector>

namespace crm::crmctl {

// A table for a terminal: a header row and rows of cells, printed with the
// columns aligned by display width (a CJK character takes two columns), two
// spaces between columns and no trailing blanks.
class TablePrinter final {
 public:
  explicit TablePrinter(std::vector<std::string> headers);

  // Adds a row; missing cells are empty, extra cells are dropped. Control
  // characters in a cell become spaces.
  void AddRow(std::vector<std::string> cells);

  size_t row_count() const { return rows_.size(); }

  void Print(std::ostream& out) const;

 private:
  std::vector<std::vector<std::string>> rows_;  // rows_[0] is the header
};

// A table printed a batch of rows at a time, for output that keeps coming
// (a change feed): the header comes with the first rows. Columns are as wide
// as the header and the rows printed so far, so later rows stay aligned with
// earlier ones unless a cell is wider than any before it; such a column
// widens from then on.
class TableStream final {
 public:
  explicit TableStream(std::vector<std::string> headers);

  // Prints `rows` (nothing when empty), as TablePrinter::AddRow takes them.
  void Print(std::vector<std::vector<std::string>> rows, std::ostream& out);

  // True once any row has been printed.
  bool printed_any() const { return header_printed_; }

 private:
  std::vector<std::string> headers_;
  std::vector<int> widths_;
  bool header_printed_ = false;
};

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_TABLE_PRINTER_H_
