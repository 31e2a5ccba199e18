#ifndef CRM_SERVICES_HIERARCHY_STRUCTURE_IMPORT_H_
#define CRM_SERVICES_HIERARCHY_STRUCTURE_IMPORT_H_

// The checks of a group-structure import that need nothing but the rows.

#include <string>
#include <vector>

#include "crm/hierarchy/v1/hierarchy_service.pb.h"

namespace crm::hierarchy {

inline constexpr int kMaxImportRows = 100000;

// Every problem of the rows on their own (a missing key, an edge type that
// cannot be imported, a bad ownership share) and of the file as a whole (a
// child given twice, a row naming itself, rows that form a cycle), in line
// order.
std::vector<v1::ImportProblem> CheckImportRows(const v1::ImportStructureRequest& request);

v1::ImportProblem Problem(int32_t line, std::string field, std::string reason);

}  // namespace crm::hierarchy

#endif  // CRM_SERVICES_HIERARCHY_STRUCTURE_IMPORT_H_
