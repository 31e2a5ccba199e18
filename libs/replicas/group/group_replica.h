#ifndef CRM_LIBS_REPLICAS_GROUP_GROUP_REPLICA_H_
#define CRM_LIBS_REPLICAS_GROUP_GROUP_REPLICA_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/hierarchy/v1/hierarchy_service.grpc.pb.h"
#include "grpcpp/channel.h"
#include "libs/auth/principal_signer.h"
#include "libs/events/follower.h"
#include "libs/pg/pool.h"
#include "libs/pg/prepared_statement.h"
#include "libs/replicas/group/group_change.h"
#include "pqxx/pqxx"
#include "prometheus/counter.h"
#include "prometheus/registry.h"

namespace crm::replicas {

struct GroupReplicaOptions {
  // The consuming service's own schema: the replica's table
  // (GroupReplicaMigrations()) and its cursor (events::FollowerMigrations(),
  // feed "hierarchy") live there. [a-z_][a-z0-9_]*, as every schema.
  std::string schema;
  // The service's own principal, "services/<name>" (e.g.
  // "services/opportunity"): the hierarchy's feed serves it (role service,
  // global scope), signed with the key the hierarchy verifies.
  std::string principal;
  // Between rounds of Start()'s thread.
  absl::Duration follow_interval = absl::Seconds(2);
};

// A consuming service's copy of customer-group membership: every node of
// every group with its path (ltree of node ids, root first), its root and,
// for a CUSTOMER node, its customer, in <schema>.replica_group_nodes. Kept
// by following the hierarchy's feed (ListHierarchyEvents) with a libs/events
// follower, so a service reports over a group's subtree in its own SQL
// (GroupSubtreePredicate, group_subtree_sql.h) and never reads the
// hierarchy's schema. Each page is applied in the transaction that advances
// the cursor, from the events alone:
//
//   GROUP_CREATED, NODE_ATTACHED  the node is upserted at its path
//   NODE_MOVED, NODE_DETACHED     the node and its subtree move from
//                                 previous_path to path in one statement
//                                 (root_id too); the node takes the event's
//                                 version and the rest of the subtree one
//                                 more, as in the hierarchy
//   NODE_DELETED                  the node goes
//
// An event whose version is not newer than the stored node's is skipped, so
// a page applied again after its ids were forgotten changes nothing. A delete
// leaves no trace: replaying the feed from before it brings the node back
// until the replay reaches the delete again.
//
// A new replica starts at the oldest event the hierarchy keeps (30 days by
// default): a node attached before then is missing (a later move or detach
// brings back the moved node, not the rest of its subtree). The hierarchy
// has no export to start from yet; until it has, a service must start its
// replica within the feed's retention of the hierarchy's first write.
// A malformed event is logged, counted (crm_group_replica_skipped_events_total
// {schema}) and skipped rather than stopping the replica. Thread-safe.
class GroupReplica final {
 public:
  GroupReplica(pg::ConnectionPool& pool, std::shared_ptr<grpc::Channel> hierarchy,
               auth::PrincipalSigner signer, GroupReplicaOptions options);

  // The statements of the replica and its follower in `schema`, for the pool.
  static std::vector<pg::PreparedStatement> Statements(std::string_view schema);

  // Follows the feed every follow_interval on a thread of its own until
  // destroyed.
  void Start() { follower_.Start(); }

  // One round: the pages after the stored cursor up to the feed's end (at
  // most 100); returns the events applied (redeliveries not counted).
  absl::StatusOr<int64_t> SyncOnce() { return follower_.FollowOnce(); }

  // Whether node `node_id` is in the replica: tells a node that does not
  // exist (or is not replicated yet) from a group without customers.
  absl::StatusOr<bool> NodeKnown(int64_t node_id);

  // The customers (lower-case UUIDs, sorted) of the CUSTOMER nodes in the
  // subtree of `node_id`, itself included; empty for an unknown node.
  absl::StatusOr<std::vector<std::string>> SubtreeCustomers(int64_t node_id);

  // For the consuming service's own follower of the customer feed, in the
  // transaction that applies a MERGED change: nodes of `merged_id` become
  // `survivor_id`'s, as the hierarchy does without an event of its own
  // when the survivor had no node (when it had one, the hierarchy's
  // NODE_DELETED of the merged node follows). Safe to repeat.
  void FollowCustomerMerge(pqxx::work& tx, const std::string& merged_id,
                           const std::string& survivor_id) const;

  // Lag and last error: the follower's health detail.
  events::FollowerHealth Health() const { return follower_.Health(); }

  // Registers the follower's lag gauge and the skipped-events counter in
  // `registry`, e.g. the server's metrics().
  void ExportMetrics(prometheus::Registry& registry);

 private:
  absl::StatusOr<events::FollowedPage> ReadPage(const std::string& token);
  std::unique_ptr<grpc::ClientContext> AsService() const;
  absl::Status Apply(pqxx::work& tx, const GroupChange& change) const;
  void Skip(const hierarchy::v1::HierarchyEvent& event, const absl::Status& why) const;

  pg::ConnectionPool& pool_;
  std::unique_ptr<hierarchy::v1::HierarchyService::Stub> hierarchy_;
  const auth::PrincipalSigner signer_;
  const GroupReplicaOptions options_;
  std::atomic<prometheus::Counter*> skipped_ = nullptr;
  events::Follower follower_;  // last: its thread uses everything above
};

}  // namespace crm::replicas

#endif  // CRM_LIBS_REPLICAS_GROUP_GROUP_REPLICA_H_
