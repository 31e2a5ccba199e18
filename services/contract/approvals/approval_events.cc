#include "services/contract/approvals/approval_events.h"

#include "libs/events/outbox.h"
#include "libs/names/resource_names.h"
#include "libs/strings/str_cat.h"
#include "services/contract/core/contract_events.h"

namespace crm::contract {

void RecordApprovalEvent(pqxx::work& tx, v1::ContractEvent::Type type, const v1::Contract& contract,
                         int64_t version) {
  // Only the declared types and the schema matter for recording.
  static const events::FeedOptions* const feed =
      new events::FeedOptions(ContractFeed(absl::Seconds(5), absl::Hours(24 * 30)));
  const ContractEventFacts facts = FactsOf(contract);
  v1::ContractEvent payload;
  payload.set_customer(names::CustomerName(facts.customer_id));
  *payload.mutable_amount() = facts.amount;
  payload.set_signing_org_unit(facts.signing_org_unit);
  if (!facts.opportunity_id.empty()) {
    payload.set_opportunity(crm::StrCat("opportunities/", facts.opportunity_id));
  }
  const events::NewEvent event{.type = v1::ContractEvent::Type_Name(type),
                               .resource = contract.name(),
                               .version = version,
                               .payload = payload.SerializeAsString()};
  events::RecordEvents(tx, *feed, {&event, 1});
}

}  // namespace crm::contract
