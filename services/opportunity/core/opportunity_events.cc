#include "services/opportunity/core/opportunity_events.h"

#include <utility>

#include "google/protobuf/util/time_util.h"
#include "libs/names/resource_names.h"

namespace crm::opportunity {

events::FeedOptions OpportunityFeed(absl::Duration settle, absl::Duration retention) {
  events::FeedOptions options{.service = "opportunity", .schema = "opportunity"};
  const google::protobuf::EnumDescriptor* types = v1::OpportunityEvent::Type_descriptor();
  for (int i = 0; i < types->value_count(); ++i) {
    if (types->value(i)->number() != v1::OpportunityEvent::TYPE_UNSPECIFIED) {
      options.event_types.push_back(types->value(i)->name());
    }
  }
  options.settle = settle;
  options.retention = retention;
  return options;
}

events::NewEvent OpportunityEventOf(v1::OpportunityEvent::Type type, std::string resource,
                                    const std::string& customer_id, int64_t version) {
  // The payload: what the thin event does not say, the customer.
  v1::OpportunityEvent facts;
  facts.set_customer(names::CustomerName(customer_id));
  return {.type = v1::OpportunityEvent::Type_Name(type),
          .resource = std::move(resource),
          .version = version,
          .payload = facts.SerializeAsString()};
}

std::string RecordOpportunityEvent(const events::Outbox& outbox, pqxx::work& tx,
                                   v1::OpportunityEvent::Type type, std::string resource,
                                   const std::string& customer_id, int64_t version) {
  return outbox.Record(tx, OpportunityEventOf(type, std::move(resource), customer_id, version));
}

v1::OpportunityEvent ToProto(const events::Event& event) {
  v1::OpportunityEvent out;
  // Written by OpportunityEventOf; an unreadable payload leaves the customer
  // out rather than the event.
  (void)out.ParseFromString(event.payload);
  out.set_event_id(event.event_id);
  v1::OpportunityEvent::Type type = v1::OpportunityEvent::TYPE_UNSPECIFIED;
  (void)v1::OpportunityEvent::Type_Parse(event.type, &type);
  out.set_type(type);
  out.set_resource(event.resource);
  out.set_version(event.version);
  *out.mutable_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(event.time));
  return out;
}

}  // namespace crm::opportunity
