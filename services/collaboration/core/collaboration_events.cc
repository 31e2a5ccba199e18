#include "services/collaboration/core/collaboration_events.h"

#include <exception>
#include <utility>

#include "google/protobuf/util/time_util.h"
#include "libs/etag/etag.h"
#include "libs/names/resource_names.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/collaboration/core/collaboration_database.h"
#include "services/collaboration/core/collaboration_names.h"

namespace crm::collaboration {

events::FeedOptions CollaborationFeed(absl::Duration settle, absl::Duration retention) {
  events::FeedOptions options{.service = "collaboration", .schema = kCollaborationSchema};
  const google::protobuf::EnumDescriptor* types = v1::CollaborationEvent::Type_descriptor();
  for (int i = 0; i < types->value_count(); ++i) {
    if (types->value(i)->number() != v1::CollaborationEvent::TYPE_UNSPECIFIED) {
      options.event_types.push_back(types->value(i)->name());
    }
  }
  options.settle = settle;
  options.retention = retention;
  return options;
}

absl::Status RecordCollaborationEvent(const events::Outbox& outbox, pqxx::work& tx,
                                      v1::CollaborationEvent::Type type,
                                      const std::string& resource,
                                      const CollaborationEventFacts& facts) {
  // The payload: what the thin event does not say.
  v1::CollaborationEvent payload;
  if (!facts.customer_id.empty()) payload.set_customer(names::CustomerName(facts.customer_id));
  payload.set_step(facts.step);
  payload.set_urgency(facts.urgency);
  payload.set_breach(facts.breach);
  payload.set_attribution_state(facts.attribution_state);
  try {
    outbox.Record(tx, {.type = v1::CollaborationEvent::Type_Name(type),
                       .resource = resource,
                       .version = facts.version,
                       .payload = payload.SerializeAsString()});
  } catch (const pqxx::failure&) {
    throw;  // a SQL error fails the transaction as any other would
  } catch (const std::exception& e) {
    return status::Error(absl::StatusCode::kInternal, kDomain, "EVENT_NOT_RECORDED",
                         crm::StrCat("the event of ", resource, " could not be recorded"),
                         {{"resource", resource}});
  }
  return absl::OkStatus();
}

CollaborationEventFacts FactsOf(const v1::CollaborationRequest& request) {
  CollaborationEventFacts facts;
  facts.customer_id = names::ParseCustomerName(request.customer()).value_or("");
  facts.version = ParseEtag(request.etag()).value_or(0);
  facts.step = request.step();
  facts.urgency = request.urgency();
  return facts;
}

v1::CollaborationEvent ToProto(const events::Event& event) {
  v1::CollaborationEvent out;
  // Written by RecordCollaborationEvent; an unreadable payload leaves the
  // facts out rather than the event.
  (void)out.ParseFromString(event.payload);
  out.set_event_id(event.event_id);
  v1::CollaborationEvent::Type type = v1::CollaborationEvent::TYPE_UNSPECIFIED;
  (void)v1::CollaborationEvent::Type_Parse(event.type, &type);
  out.set_type(type);
  out.set_resource(event.resource);
  out.set_version(event.version);
  *out.mutable_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(event.time));
  return out;
}

}  // namespace crm::collaboration
