#ifndef CRM_SERVICES_OPPORTUNITY_PIPELINE_MERGE_FOLLOW_H_
#define CRM_SERVICES_OPPORTUNITY_PIPELINE_MERGE_FOLLOW_H_

#include <vector>

#include "libs/events/outbox.h"
#include "libs/pg/prepared_statement.h"
#include "libs/replicas/customer/customer_replica_hooks.h"
#include "libs/replicas/group/group_replica.h"

namespace crm::opportunity {

// What the opportunity service does when the customer feed says customers
// were merged or unmerged, in the transaction the customer replica applies
// the change in:
//   merge    the merged customer's opportunities and activities move to the
//            survivor, each pushing the merged id on its merged_from stack;
//            the survivor's last activity is the later of the two; each moved
//            opportunity is one OPPORTUNITY_MOVED event (version bumped).
//   unmerge  the survivor's rows whose merged_from ends with the restored
//            customer go back to it (popping it), with OPPORTUNITY_MOVED;
//            the survivor's last activity is recomputed from what it keeps.
// With a group replica, a merge also makes the merged customer's group nodes
// the survivor's (GroupReplica::FollowCustomerMerge). Safe to repeat: a
// second merge finds no rows of the merged customer, a second unmerge none
// that end with it. `outbox` and `groups` (may be null) outlive the hooks.
replicas::CustomerReplicaHooks MergeFollowHooks(const events::Outbox& outbox,
                                                const replicas::GroupReplica* groups);

// Its statements, for the pool.
std::vector<pg::PreparedStatement> MergeFollowStatements();

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_PIPELINE_MERGE_FOLLOW_H_
