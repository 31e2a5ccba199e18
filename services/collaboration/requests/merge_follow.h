#ifndef CRM_SERVICES_COLLABORATION_REQUESTS_MERGE_FOLLOW_H_
#define CRM_SERVICES_COLLABORATION_REQUESTS_MERGE_FOLLOW_H_

#include <vector>

#include "libs/events/outbox.h"
#include "libs/pg/prepared_statement.h"
#include "libs/replicas/customer/customer_replica_hooks.h"
#include "libs/replicas/group/group_replica.h"

namespace crm::collaboration {

// What the collaboration service does when the customer feed says customers
// were merged or unmerged, in the transaction the customer replica applies
// the change in:
//   merge    the merged customer's requests and attributions move to the
//            survivor, each pushing the merged id on its merged_from stack
//            (version bumped); each moved one is one CUSTOMER_MOVED event.
//   unmerge  the survivor's requests and attributions whose merged_from ends
//            with the restored customer go back to it (popping it), with
//            CUSTOMER_MOVED.
// With a group replica, a merge also makes the merged customer's group nodes
// the survivor's (GroupReplica::FollowCustomerMerge). Safe to repeat.
// `outbox` and `groups` (may be null) outlive the hooks.
replicas::CustomerReplicaHooks MergeFollowHooks(const events::Outbox& outbox,
                                                const replicas::GroupReplica* groups);

// Its statements, for the pool.
std::vector<pg::PreparedStatement> MergeFollowStatements();

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_REQUESTS_MERGE_FOLLOW_H_
