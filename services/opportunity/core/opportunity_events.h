#ifndef CRM_SERVICES_OPPORTUNITY_CORE_OPPORTUNITY_EVENTS_H_
#define CRM_SERVICES_OPPORTUNITY_CORE_OPPORTUNITY_EVENTS_H_

#include <cstdint>
#include <string>

#include "absl/time/time.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "libs/events/event.h"
#include "libs/events/outbox.h"
#include "pqxx/pqxx"

namespace crm::opportunity {

// The opportunity feed (libs/events): service "opportunity", outbox
// opportunity.events, stream crm:opportunity:v1:events; its types are
// OpportunityEvent.Type's names.
events::FeedOptions OpportunityFeed(absl::Duration settle, absl::Duration retention);

// An event of the feed: `resource` is "opportunities/{id}" (or, for
// ACTIVITY_RECORDED, "activities/{id}"), `customer_id` the customer's UUID
// (carried in the payload), `version` the resource's version after it.
events::NewEvent OpportunityEventOf(v1::OpportunityEvent::Type type, std::string resource,
                                    const std::string& customer_id, int64_t version);

// Records that event in `tx`, the transaction that made the change; returns
// its event id.
std::string RecordOpportunityEvent(const events::Outbox& outbox, pqxx::work& tx,
                                   v1::OpportunityEvent::Type type, std::string resource,
                                   const std::string& customer_id, int64_t version);

// An event of the feed as the API shows it.
v1::OpportunityEvent ToProto(const events::Event& event);

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_CORE_OPPORTUNITY_EVENTS_H_
