#ifndef CRM_SERVICES_COLLABORATION_CORE_COLLABORATION_EVENTS_H_
#define CRM_SERVICES_COLLABORATION_CORE_COLLABORATION_EVENTS_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "crm/collaboration/v1/collaboration_service.pb.h"
#include "libs/events/event.h"
#include "libs/events/outbox.h"
#include "pqxx/pqxx"

namespace crm::collaboration {

// The collaboration feed (libs/events): service "collaboration", outbox
// collaboration.events, stream crm:collaboration:v1:events; its types are
// CollaborationEvent.Type's names.
events::FeedOptions CollaborationFeed(absl::Duration settle, absl::Duration retention);

// What an event tells beside its type, resource and version (the payload:
// CollaborationEvent's customer, step, urgency, breach and attribution
// state).
struct CollaborationEventFacts {
  std::string customer_id;  // UUID
  int64_t version = 0;      // the resource's version after the event
  // Requests: the step and urgency after the event; for
  // REQUEST_SLA_BREACHED, breach is "response" or "step".
  v1::CollaborationStep step = v1::COLLABORATION_STEP_UNSPECIFIED;
  v1::Urgency urgency = v1::URGENCY_UNSPECIFIED;
  std::string breach;
  // Attributions: the state after the event.
  v1::AttributionState attribution_state = v1::ATTRIBUTION_STATE_UNSPECIFIED;
};

// Records an event in `tx`, the transaction that made the change.
// `resource` is "collaborationRequests/{id}" or "attributions/{id}".
// INTERNAL should the outbox refuse it (an undeclared type).
absl::Status RecordCollaborationEvent(const events::Outbox& outbox, pqxx::work& tx,
                                      v1::CollaborationEvent::Type type,
                                      const std::string& resource,
                                      const CollaborationEventFacts& facts);

// The facts of a request as the API shows it (version from its etag).
CollaborationEventFacts FactsOf(const v1::CollaborationRequest& request);

// An event of the feed as the API shows it.
v1::CollaborationEvent ToProto(const events::Event& event);

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_CORE_COLLABORATION_EVENTS_H_
