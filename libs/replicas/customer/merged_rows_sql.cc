#include "libs/replicas/customer/merged_rows_sql.h"

#include "libs/strings/str_cat.h"

namespace crm::replicas {

std::string MergeRowsSql(std::string_view table, std::string_view also_set,
                         std::string_view returning) {
  return crm::StrCat("UPDATE ", table,
                     " SET customer_id = $2::uuid, merged_from = merged_from || $1::uuid", also_set,
                     " WHERE customer_id = $1::uuid", returning);
}

std::string UnmergeRowsSql(std::string_view table, std::string_view also_set,
                           std::string_view returning) {
  return crm::StrCat("UPDATE ", table,
                     " SET customer_id = $1::uuid,"
                     " merged_from = merged_from[1:cardinality(merged_from) - 1]",
                     also_set,
                     " WHERE customer_id = $2::uuid AND merged_from[cardinality(merged_from)] ="
                     " $1::uuid",
                     returning);
}

}  // namespace crm::replicas
