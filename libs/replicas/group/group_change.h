#ifndef CRM_LIBS_REPLICAS_GROUP_GROUP_CHANGE_H_
#define CRM_LIBS_REPLICAS_GROUP_GROUP_CHANGE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "crm/hierarchy/v1/hierarchy_service.pb.h"

namespace crm::replicas {

// One event of the hierarchy's feed as the group replica applies it, read
// from the event alone (the event carries the node's paths, so nothing is
// fetched). Paths are ltree text, the node ids root first: "1.5.9".
struct GroupChange {
  enum class Action {
    kIgnore,       // a type this replica does not know (a newer feed): nothing to do
    kUpsert,       // GROUP_CREATED, NODE_ATTACHED: the node is at `path`
    kMoveSubtree,  // NODE_MOVED, NODE_DETACHED: the node and its subtree move
                   // from `previous_path` to `path`
    kDelete,       // NODE_DELETED: the node is gone (it had no children)
  };
  Action action = Action::kIgnore;
  int64_t node_id = 0;
  int64_t root_id = 0;      // the first id of `path`
  std::string customer_id;  // lower-case UUID of a CUSTOMER node; "" otherwise
  std::string path;         // after the event; for kDelete where it was
  std::string parent_path;  // `path` without the node: "" when it heads its group
  std::string previous_path;
  int64_t version = 0;  // the node's version after the event (kDelete: its last)
};

// The change `event` makes. INVALID_ARGUMENT, naming the event and the
// field, when the event cannot be applied as it is: a node or path element
// that is not "nodes/{id}", a path that does not end with the node, a
// CUSTOMER node without a customer, a move without its previous path.
absl::StatusOr<GroupChange> GroupChangeOf(const hierarchy::v1::HierarchyEvent& event);

}  // namespace crm::replicas

#endif  // CRM_LIBS_REPLICAS_GROUP_GROUP_CHANGE_H_
