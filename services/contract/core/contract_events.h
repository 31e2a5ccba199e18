#ifndef CRM_SERVICES_CONTRACT_CORE_CONTRACT_EVENTS_H_
#define CRM_SERVICES_CONTRACT_CORE_CONTRACT_EVENTS_H_

#include <cstdint>
#include <string>

#include "absl/time/time.h"
#include "crm/common/v1/money.pb.h"
#include "crm/contract/v1/contract_service.pb.h"
#include "libs/events/event.h"
#include "libs/events/outbox.h"
#include "pqxx/pqxx"

namespace crm::contract {

// The contract feed (libs/events): service "contract", outbox
// contract.events, stream crm:contract:v1:events; its types are
// ContractEvent.Type's names.
events::FeedOptions ContractFeed(absl::Duration settle, absl::Duration retention);

// What an event tells beside its type, resource and version (the payload:
// ContractEvent's customer, amount, signing_org_unit and opportunity).
struct ContractEventFacts {
  std::string customer_id;  // UUID
  int64_t version = 0;      // the contract's version after the event
  // The contract's amount; for RECEIPT_RECORDED the receipt's, for
  // MILESTONE_OVERDUE the milestone's outstanding amount.
  common::v1::Money amount;
  std::string signing_org_unit;  // orgUnits/{unit}
  std::string opportunity_id;    // UUID or ""
};

// Records an event in `tx`, the transaction that made the change; returns its
// event id. `resource` is "contracts/{id}" (or, for RECEIPT_RECORDED,
// "contracts/{id}/receipts/{id}").
std::string RecordContractEvent(const events::Outbox& outbox, pqxx::work& tx,
                                v1::ContractEvent::Type type, std::string resource,
                                const ContractEventFacts& facts);

// The facts of a contract as the API shows it (version from its etag).
ContractEventFacts FactsOf(const v1::Contract& contract);

// An event of the feed as the API shows it.
v1::ContractEvent ToProto(const events::Event& event);

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_CORE_CONTRACT_EVENTS_H_
