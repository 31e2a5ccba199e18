#include "services/contract/approvals/approval_events.h"

#include "services/contract/core/contract_events.h"

namespace crm::contract {

void RecordApprovalEvent(const events::Outbox& outbox, pqxx::work& tx, v1::ContractEvent::Type type,
                         const v1::Contract& contract, int64_t version) {
  ContractEventFacts facts = FactsOf(contract);
  facts.version = version;
  RecordContractEvent(outbox, tx, type, contract.name(), facts);
}

}  // namespace crm::contract
