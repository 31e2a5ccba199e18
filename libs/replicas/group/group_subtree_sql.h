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
// Index-backed at any size: the top's path is one primary-key read (an
// InitPlan), the subtree one GiST range scan. The planner cannot see the
// subtree's size, so it plans for a small one: a join by the consumer's
// index on its customer column when its table is large, a hash join
// otherwise. group_replica_pgtest.cc
// (ASubtreeOfAHundredThousandNodesIsReadThroughTheGistIndex) holds the
// plan; over 100,000 of 200,000 nodes, on the 2-core test machine:
//
//   the customers of the subtree                      15 ms
//     InitPlan 1: Index Scan using replica_group_nodes_pkey (node_id = $1)
//     Bitmap Heap Scan on replica_group_nodes group_member (rows=100000)
//       Bitmap Index Scan on replica_group_nodes_path (path <@ $0)
//   their opportunities by stage (200,000 rows)       150 ms
//     Parallel Hash Semi Join (o.customer_id = group_member.customer_id)
//       Parallel Seq Scan on opportunities o
//       Parallel Bitmap Heap Scan on replica_group_nodes group_member
//         Bitmap Index Scan on replica_group_nodes_path
//
// The join with the consumer's rows costs what those rows cost: about
// 0.6 s for 100,000 customers among 1.2 million opportunities (index
// nested loop or hash join alike), so a service whose group reports must
// stay within 200 ms at that size keeps a summary per customer to join.

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
