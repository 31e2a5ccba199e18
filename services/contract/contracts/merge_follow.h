#ifndef CRM_SERVICES_CONTRACT_CONTRACTS_MERGE_FOLLOW_H_
#define CRM_SERVICES_CONTRACT_CONTRACTS_MERGE_FOLLOW_H_

#include <vector>

#include "libs/events/outbox.h"
#include "libs/pg/prepared_statement.h"
#include "libs/replicas/customer/customer_replica_hooks.h"
#include "libs/replicas/group/group_replica.h"

namespace crm::contract {

// What the contract service does when the customer feed says customers were
// merged or unmerged, in the transaction the customer replica applies the
// change in:
//   merge    the merged customer's contracts move to the survivor, each
//            pushing the merged id on its merged_from stack (version bumped),
//            their payment milestones' customer copies with them; each moved
//            contract is one CONTRACT_MOVED event.
//   unmerge  the survivor's contracts whose merged_from ends with the
//            restored customer go back to it (popping it), milestones too,
//            with CONTRACT_MOVED.
// With a group replica, a merge also makes the merged customer's group nodes
// the survivor's (GroupReplica::FollowCustomerMerge). Safe to repeat.
// `outbox` and `groups` (may be null) outlive the hooks.
replicas::CustomerReplicaHooks MergeFollowHooks(const events::Outbox& outbox,
                                                const replicas::GroupReplica* groups);

// Its statements, for the pool.
std::vector<pg::PreparedStatement> MergeFollowStatements();

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_CONTRACTS_MERGE_FOLLOW_H_
