#ifndef CRM_TOOLS_CRMCTL_BOARD_LAYOUT_H_
#define CRM_TOOLS_CRMCTL_BOARD_LAYOUT_H_

#include <ostream>
#include <string>
#include <vector>

namespace crm::crmctl {

// One column of a board (the pipeline's, the collaboration board): a heading,
// its lines and a footing.
struct BoardLayoutColumn {
  std::string heading;
  std::vector<std::string> lines;
  std::string footing;
};

// The columns side by side: the headings, a rule, the lines, a rule, the
// footings. Each column is as wide as its widest text by display width (a
// CJK character takes two), two spaces apart; lines carry no trailing
// blanks.
void PrintBoardColumns(const std::vector<BoardLayoutColumn>& columns, std::ostream& out);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_BOARD_LAYOUT_H_
