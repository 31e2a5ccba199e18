#include "libs/replicas/group/group_subtree_sql.h"

#include "libs/strings/str_cat.h"

namespace crm::replicas {

std::string GroupSubtreePredicate(std::string_view schema, std::string_view customer_column,
                                  int node_param) {
  return crm::StrCat("EXISTS (SELECT 1 FROM ", schema,
                     ".replica_group_nodes group_member"
                     " WHERE group_member.customer_id = ",
                     customer_column, " AND group_member.path <@ (SELECT group_top.path FROM ",
                     schema, ".replica_group_nodes group_top WHERE group_top.node_id = $",
                     node_param, "::bigint))");
}

}  // namespace crm::replicas
