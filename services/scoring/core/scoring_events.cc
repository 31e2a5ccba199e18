#include "services/scoring/core/scoring_events.h"

#include <exception>

#include "google/protobuf/util/time_util.h"
#include "libs/names/resource_names.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/scoring/core/scoring_database.h"

namespace crm::scoring {

events::FeedOptions ScoringFeed(absl::Duration settle, absl::Duration retention) {
  events::FeedOptions options{.service = "scoring", .schema = kScoringSchema};
  const google::protobuf::EnumDescriptor* types = v1::ScoringEvent::Type_descriptor();
  for (int i = 0; i < types->value_count(); ++i) {
    if (types->value(i)->number() != v1::ScoringEvent::TYPE_UNSPECIFIED) {
      options.event_types.push_back(types->value(i)->name());
    }
  }
  options.settle = settle;
  options.retention = retention;
  return options;
}

events::NewEvent NewScoringEvent(v1::ScoringEvent::Type type, const std::string& resource,
                                 const ScoringEventFacts& facts) {
  // The payload: what the thin event does not say.
  v1::ScoringEvent payload;
  if (!facts.customer_id.empty()) payload.set_customer(names::CustomerName(facts.customer_id));
  payload.set_from_tier(facts.from_tier);
  payload.set_to_tier(facts.to_tier);
  payload.set_risk(facts.risk);
  payload.set_org_unit(facts.org_unit);
  return {.type = v1::ScoringEvent::Type_Name(type),
          .resource = resource,
          .version = 0,
          .payload = payload.SerializeAsString()};
}

absl::Status RecordScoringEvent(const events::Outbox& outbox, pqxx::work& tx,
                                v1::ScoringEvent::Type type, const std::string& resource,
                                const ScoringEventFacts& facts) {
  try {
    outbox.Record(tx, NewScoringEvent(type, resource, facts));
  } catch (const pqxx::failure&) {
    throw;  // a SQL error fails the transaction as any other would
  } catch (const std::exception& e) {
    return status::Error(absl::StatusCode::kInternal, kErrorDomain, kReasonEventNotRecorded,
                         crm::StrCat("the event of ", resource, " could not be recorded"),
                         {{"resource", resource}});
  }
  return absl::OkStatus();
}

v1::ScoringEvent ToProto(const events::Event& event) {
  v1::ScoringEvent out;
  // Written by NewScoringEvent; an unreadable payload leaves the facts out
  // rather than the event.
  (void)out.ParseFromString(event.payload);
  out.set_event_id(event.event_id);
  v1::ScoringEvent::Type type = v1::ScoringEvent::TYPE_UNSPECIFIED;
  (void)v1::ScoringEvent::Type_Parse(event.type, &type);
  out.set_type(type);
  out.set_resource(event.resource);
  *out.mutable_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(event.time));
  return out;
}

}  // namespace crm::scoring
