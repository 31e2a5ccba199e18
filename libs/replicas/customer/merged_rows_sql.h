#ifndef CRM_LIBS_REPLICAS_CUSTOMER_MERGED_ROWS_SQL_H_
#define CRM_LIBS_REPLICAS_CUSTOMER_MERGED_ROWS_SQL_H_

// The UPDATEs that make a consuming service's rows follow customer merges
// (CustomerReplicaHooks), for a table with `customer_id uuid` and
// `merged_from uuid[]` (the customers a row was moved away from, oldest
// first). Bind $1 = the merged (or restored) customer, $2 = the survivor:
//
//   merge    rows of $1 move to $2, pushing $1 on merged_from;
//   unmerge  rows of $2 whose merged_from ends with $1 go back to $1,
//            popping it.
//
// Both are safe to repeat: a second merge finds no rows of the merged
// customer, a second unmerge none that end with it. `table`, `also_set`
// (pasted after the SET list, e.g. ", version = version + 1") and
// `returning` (e.g. " RETURNING id::text, version") are compile-time SQL,
// never input.

#include <string>
#include <string_view>

namespace crm::replicas {

std::string MergeRowsSql(std::string_view table, std::string_view also_set = "",
                         std::string_view returning = "");
std::string UnmergeRowsSql(std::string_view table, std::string_view also_set = "",
                           std::string_view returning = "");

}  // namespace crm::replicas

#endif  // CRM_LIBS_REPLICAS_CUSTOMER_MERGED_ROWS_SQL_H_
