#include "services/contract/core/contract_events.h"

#include <utility>

#include "google/protobuf/util/time_util.h"
#include "libs/etag/etag.h"
#include "libs/names/resource_names.h"
#include "libs/strings/str_cat.h"
#include "services/contract/core/contract_database.h"
#include "services/contract/core/contract_names.h"

namespace crm::contract {

events::FeedOptions ContractFeed(absl::Duration settle, absl::Duration retention) {
  events::FeedOptions options{.service = "contract", .schema = kContractSchema};
  const google::protobuf::EnumDescriptor* types = v1::ContractEvent::Type_descriptor();
  for (int i = 0; i < types->value_count(); ++i) {
    if (types->value(i)->number() != v1::ContractEvent::TYPE_UNSPECIFIED) {
      options.event_types.push_back(types->value(i)->name());
    }
  }
  options.settle = settle;
  options.retention = retention;
  return options;
}

std::string RecordContractEvent(const events::Outbox& outbox, pqxx::work& tx,
                                v1::ContractEvent::Type type, std::string resource,
                                const ContractEventFacts& facts) {
  // The payload: what the thin event does not say.
  v1::ContractEvent payload;
  payload.set_customer(names::CustomerName(facts.customer_id));
  *payload.mutable_amount() = facts.amount;
  payload.set_signing_org_unit(facts.signing_org_unit);
  if (!facts.opportunity_id.empty()) {
    payload.set_opportunity(names::OpportunityName(facts.opportunity_id));
  }
  return outbox.Record(tx, {.type = v1::ContractEvent::Type_Name(type),
                            .resource = std::move(resource),
                            .version = facts.version,
                            .payload = payload.SerializeAsString()});
}

ContractEventFacts FactsOf(const v1::Contract& contract) {
  ContractEventFacts facts;
  facts.customer_id = names::ParseCustomerName(contract.customer()).value_or("");
  facts.version = ParseEtag(contract.etag()).value_or(0);
  facts.amount = contract.amount();
  facts.signing_org_unit = contract.signing_org_unit();
  facts.opportunity_id = names::ParseOpportunityName(contract.opportunity()).value_or("");
  return facts;
}

v1::ContractEvent ToProto(const events::Event& event) {
  v1::ContractEvent out;
  // Written by RecordContractEvent; an unreadable payload leaves the facts
  // out rather than the event.
  (void)out.ParseFromString(event.payload);
  out.set_event_id(event.event_id);
  v1::ContractEvent::Type type = v1::ContractEvent::TYPE_UNSPECIFIED;
  (void)v1::ContractEvent::Type_Parse(event.type, &type);
  out.set_type(type);
  out.set_resource(event.resource);
  out.set_version(event.version);
  *out.mutable_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(event.time));
  return out;
}

}  // namespace crm::contract
