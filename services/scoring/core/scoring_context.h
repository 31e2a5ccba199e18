#ifndef CRM_SERVICES_SCORING_CORE_SCORING_CONTEXT_H_
#define CRM_SERVICES_SCORING_CORE_SCORING_CONTEXT_H_

#include "libs/clock/clock.h"
#include "libs/events/outbox.h"
#include "libs/idempotency/request_log.h"
#include "libs/pagination/page_token_codec.h"
#include "libs/pg/pool.h"
#include "libs/replicas/customer/customer_replica.h"
#include "libs/replicas/group/group_replica.h"
#include "services/scoring/core/peer_clients.h"

namespace crm::scoring {

// What every capability's handlers of the scoring service share; owned by
// the module, which outlives them.
struct ScoringContext {
  pg::ConnectionPool* pool = nullptr;
  const idempotency::RequestLog* request_log = nullptr;
  const events::Outbox* outbox = nullptr;
  const clock::Clock* clock = nullptr;
  const pagination::PageTokenCodec* page_tokens = nullptr;
  // The fetch-through customer replica (scoring.replica_customers).
  replicas::CustomerReplica* customers = nullptr;
  // May be null (no hierarchy address): group roll-ups then read
  // scoring.replica_group_nodes only (empty: no groups).
  replicas::GroupReplica* groups = nullptr;
  // The other services, called as "services/scoring"; may be null (no peer
  // addresses), and each of its stubs may be null (that address not given).
  const PeerClients* peers = nullptr;
};

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_CORE_SCORING_CONTEXT_H_
