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

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_TABLE_PRINTER_H_
