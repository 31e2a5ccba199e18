#ifndef CRM_LIBS_REPLICAS_CUSTOMER_CUSTOMER_REPLICA_HOOKS_H_
#define CRM_LIBS_REPLICAS_CUSTOMER_CUSTOMER_REPLICA_HOOKS_H_

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "pqxx/pqxx"

namespace crm::replicas {

// A MERGED change of the customer feed: `merged_customer_id` now lives on as
// `survivor_id`.
struct CustomerMerge {
  std::string merged_customer_id;
  std::string survivor_id;
};

// An UNMERGED change: `restored_id` is a customer of its own again, no
// longer part of `survivor_id`.
struct CustomerUnmerge {
  std::string restored_id;
  std::string survivor_id;
};

// What the consuming service does about merges in its own rows (e.g. point
// its opportunities of the merged customer at the survivor). Each runs in
// the transaction that stores the replica's row and advances its cursor, so
// the service's rows, the replica and the cursor change together or not at
// all; a hook's error rolls the page back (it is read again next round).
// Each runs once per change event, in feed order; like any follower step it
// may run again when its transaction is retried, so it keeps every effect
// inside `tx`. Unset: nothing.
struct CustomerReplicaHooks {
  std::function<absl::Status(pqxx::work& tx, const CustomerMerge& merge)> on_merge;
  std::function<absl::Status(pqxx::work& tx, const CustomerUnmerge& unmerge)> on_unmerge;
};

}  // namespace crm::replicas

#endif  // CRM_LIBS_REPLICAS_CUSTOMER_CUSTOMER_REPLICA_HOOKS_H_
