#ifndef CRM_LIBS_REPLICAS_GROUP_GROUP_SUBTREE_SQL_H_
#define CRM_LIBS_REPLICAS_GROUP_GROUP_SUBTREE_SQL_H_

// The one way a consuming service restricts its rows to the customers of a
// customer group's subtree, inside its own SQL, from its group replica
// (group_replica.h). Usage, in the opportunity service's store:
//
//   // The funnel of the customers under node $1 (bound as the node's id).
//   const std::string sql = crm::StrCat(
//       "SELECT o.stage, count(*), sum(o.amount_fen) FROM opportunity.opportunities o"
//       " WHERE ", replicas::GroupSubtreePredicate("opportunity", "o.customer_id", 1),
//       " GROUP BY o.stage");
//
// The predicate is true for a row whose customer is a CUSTOMER node in the
// subtree of node $N, the node itself included (departments and business
// lines stand for no customer of their own); false for every row when node
// $N is not in the replica: tell "no such node" from "an empty group" with
// GroupReplica::NodeKnown.
//
// Index-backed at any size: the subtree is one GiST range scan
// (replica_group_nodes_path) whatever the node, and the rows join by
// replica_group_nodes_customer; see group_replica_pgtest.cc
// (ASubtreeOfAHundredThousandNodesIsReadThroughTheGistIndex) for the plan
// and timing over 100,000 nodes.

#include <string>
#include <string_view>

namespace crm::replicas {

// "EXISTS (SELECT 1 FROM <schema>.replica_group_nodes group_member
//   WHERE group_member.customer_id = <customer_column>
//   AND group_member.path <@ (SELECT group_top.path FROM
//   <schema>.replica_group_nodes group_top WHERE group_top.node_id =
//   $<node_param>::bigint))"
//
// `schema` (the replica's, i.e. the service's own) and `customer_column` (a
// uuid column as written in the statement, alias included, e.g.
// "o.customer_id") are pasted into SQL: pass compile-time constants only,
// never input. The node is always a bound parameter.
std::string GroupSubtreePredicate(std::string_view schema, std::string_view customer_column,
                                  int node_param);

}  // namespace crm::replicas

#endif  // CRM_LIBS_REPLICAS_GROUP_GROUP_SUBTREE_SQL_H_
