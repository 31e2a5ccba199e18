#ifndef CRM_SERVICES_COLLABORATION_CORE_COLLABORATION_CONTEXT_H_
#define CRM_SERVICES_COLLABORATION_CORE_COLLABORATION_CONTEXT_H_

#include "libs/clock/clock.h"
#include "libs/events/outbox.h"
#include "libs/idempotency/request_log.h"
#include "libs/pagination/page_token_codec.h"
#include "libs/pg/pool.h"
#include "libs/replicas/customer/customer_replica.h"
#include "libs/replicas/group/group_replica.h"

namespace crm::collaboration {

// What every capability's handlers of the collaboration service share; owned
// by the module, which outlives them.
struct CollaborationContext {
  pg::ConnectionPool* pool = nullptr;
  const idempotency::RequestLog* request_log = nullptr;
  const events::Outbox* outbox = nullptr;
  const clock::Clock* clock = nullptr;
  const pagination::PageTokenCodec* page_tokens = nullptr;
  // The fetch-through customer replica (collaboration.replica_customers).
  replicas::CustomerReplica* customers = nullptr;
  // May be null (no hierarchy address): group filters then read
  // collaboration.replica_group_nodes only (empty: no groups).
  replicas::GroupReplica* groups = nullptr;
};

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_CORE_COLLABORATION_CONTEXT_H_
