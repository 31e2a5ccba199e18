#ifndef CRM_SERVICES_HIERARCHY_HIERARCHY_STORE_H_
#define CRM_SERVICES_HIERARCHY_HIERARCHY_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "crm/auth/v1/principal.pb.h"
#include "crm/hierarchy/v1/hierarchy_service.pb.h"
#include "libs/events/outbox.h"
#include "libs/idempotency/request_log.h"
#include "libs/pg/pool.h"
#include "libs/request/actor.h"
#include "pqxx/pqxx"
#include "services/hierarchy/customer_facts.h"

namespace crm::hierarchy {

// Who changes a tree: their scope decides which nodes they may place.
using Actor = request::Actor;

// Where a node hangs under its parent.
struct Edge {
  v1::EdgeType type = v1::EDGE_TYPE_UNSPECIFIED;
  std::optional<int32_t> ownership_bp;
  std::string effective_from;  // "" or YYYY-MM-DD
};

// A node to attach: a customer (with what the customer service says of it)
// or a department/business line (display_name).
struct NewNode {
  v1::Node::Kind kind = v1::Node::KIND_UNSPECIFIED;
  std::optional<CustomerFacts> customer;
  std::string display_name;
  Edge edge;
};

struct StoredNode {
  v1::Node node;
  int64_t id = 0;
  int64_t root_id = 0;
  std::string path;  // "1.5.9"
};

// Where a subtree page starts: after (depth, id) of the last node returned.
struct SubtreeCursor {
  int32_t depth = -1;
  int64_t id = 0;
};

// One import row with its customers resolved.
struct ResolvedImportRow {
  CustomerFacts parent;
  CustomerFacts child;
  Edge edge;
  int32_t line = 0;
};

// Customer group trees in PostgreSQL (schema hierarchy). Each change locks
// the row of every tree it touches (hierarchy.trees, in root order, so
// concurrent moves cannot deadlock), checks the rules on the locked rows,
// rewrites paths in one statement and bumps the trees' versions. Each
// change records its events (hierarchy_events.h) in the same transaction.
class HierarchyStore final {
 public:
  HierarchyStore(pg::ConnectionPool& pool, const idempotency::RequestLog& request_log,
                 const events::Outbox& outbox)
      : pool_(pool), request_log_(request_log), outbox_(outbox) {}

  static std::vector<pg::PreparedStatement> Statements();
  // The subtree reads, planned per call rather than prepared (see
  // hierarchy_store.cc): $1 root, $2 top's path, $3 deepest depth, ($4, $5)
  // the cursor, $6 the limit; the counts take $1..$3, or $1 and the depth
  // for a whole tree.
  static const char* SubtreeSql();
  static const char* CountSubtreeSql();
  static const char* CountTreeSql();

  absl::StatusOr<v1::Node> CreateGroup(const Actor& actor, const CustomerFacts& customer);
  absl::StatusOr<v1::Node> Attach(const Actor& actor, int64_t parent_id, const NewNode& node);
  absl::StatusOr<v1::Node> Move(const Actor& actor, int64_t id, int64_t new_parent_id,
                                const Edge& edge, std::optional<int64_t> expected_version);
  absl::StatusOr<v1::Node> Detach(const Actor& actor, int64_t id,
                                  std::optional<int64_t> expected_version);
  absl::Status Delete(const Actor& actor, int64_t id, std::optional<int64_t> expected_version);

  // With ancestors (root first) when `with_ancestors`.
  absl::StatusOr<StoredNode> Get(int64_t id, bool with_ancestors);
  absl::StatusOr<StoredNode> FindByCustomer(const std::string& customer_id);
  absl::StatusOr<std::vector<v1::Node>> ListChildren(int64_t parent_id, int64_t after_id,
                                                     int limit);
  // Breadth-first after `cursor`; `max_depth` levels below the top (0: all).
  absl::StatusOr<std::vector<StoredNode>> ListSubtree(const StoredNode& top, int32_t max_depth,
                                                      const SubtreeCursor& cursor, int limit);
  absl::StatusOr<int64_t> CountSubtree(const StoredNode& top, int32_t max_depth);
  // The version of the tree that holds node `id` (NOT_FOUND without it).
  absl::StatusOr<int64_t> TreeVersionOf(int64_t id);
  absl::StatusOr<std::vector<std::string>> SubtreeCustomers(int64_t id);
  absl::StatusOr<v1::Rollup> Rollup(int64_t id);

  // Of `customer_ids`, those that have a node.
  absl::StatusOr<std::vector<std::string>> PlacedCustomers(
      const std::vector<std::string>& customer_ids);

  // For the customer follower (customer_sync.h), inside the transaction that
  // advances its cursor:
  //
  // Copies the customer service's current facts onto the customer's nodes
  // (and the region and owner onto their departments) and bumps the versions
  // of the trees that changed. Returns the nodes changed.
  int64_t RefreshCustomer(pqxx::work& tx, const CustomerFacts& facts);
  // Follows a customer merge: the merged customer's node (and departments)
  // becomes the survivor's when the survivor has none; when both sit in one
  // tree, the merged node's children move under the survivor's node
  // (NODE_MOVED each) and the merged node goes (NODE_DELETED). Other cases
  // were refused by the customer service before the merge; should one arrive
  // anyway it is logged and left. Safe to repeat. Returns whether a tree
  // changed.
  absl::StatusOr<bool> FollowMerge(pqxx::work& tx, const std::string& merged_id,
                                   const std::string& survivor_id);

  // All rows or none, checked under the locks in this order: PERMISSION_DENIED
  // when any customer the import would place (a child, or a parent that would
  // head a new group) is outside the caller's reach; then the problems of
  // the rows (`earlier_problems`, a deleted customer, a child already placed)
  // come back in the response with nothing written; then, with
  // `validate_only`, an empty report and nothing written; else the rows are
  // written. validate_only and the real import run the same checks. Parents
  // in no group become roots of new groups.
  absl::StatusOr<v1::ImportStructureResponse> Import(
      const Actor& actor, const std::vector<ResolvedImportRow>& rows,
      const std::vector<v1::ImportProblem>& earlier_problems, bool validate_only);

 private:
  pg::ConnectionPool& pool_;
  const idempotency::RequestLog& request_log_;
  const events::Outbox& outbox_;
};

}  // namespace crm::hierarchy

#endif  // CRM_SERVICES_HIERARCHY_HIERARCHY_STORE_H_
