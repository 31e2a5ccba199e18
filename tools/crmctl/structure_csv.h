#ifndef CRM_TOOLS_CRMCTL_STRUCTURE_CSV_H_
#define CRM_TOOLS_CRMCTL_STRUCTURE_CSV_H_

#include <functional>
#include <istream>
#include <vector>

#include "crm/hierarchy/v1/hierarchy_service.pb.h"

namespace crm::crmctl {

// ImportStructure takes at most this many rows, all or nothing.
inline constexpr int kMaxImportRows = 100'000;

// How often ParseStructureCsv reports progress, in rows.
inline constexpr int kProgressEveryRows = 10'000;

// A group structure file for `hierarchy import`, as read.
struct StructureCsv {
  // Every data row that could be read, each with its line; problems or not,
  // so the count is the file's.
  std::vector<hierarchy::v1::ImportRow> rows;
  // What is wrong with the file, by line: fields "header", "row" (a record
  // that is not four fields, or malformed quoting), "parent", "child",
  // "edge_type", "ownership_percent". The file is sent only when there is
  // none.
  std::vector<hierarchy::v1::ImportProblem> problems;
};

// Reads a structure file: CSV (see csv_reader.h) with the header
//   parent,child,edge_type,ownership_percent
// (in any order, any case; ownership_percent may be left out), then one row
// per edge. parent and child are a USCC or a SOURCE_SYSTEM:SOURCE_ID
// external reference; edge_type is wholly_owned, controlled, affiliate or
// branch (any case, - or _); ownership_percent is empty or 0-100 with at
// most two decimals. Only the form is checked here; the server checks the
// rest. `progress`, when given, is called with the rows read so far after
// every kProgressEveryRows rows.
StructureCsv ParseStructureCsv(std::istream& in,
                               const std::function<void(int rows)>& progress = nullptr);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_STRUCTURE_CSV_H_
