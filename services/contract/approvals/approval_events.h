#ifndef CRM_SERVICES_CONTRACT_APPROVALS_APPROVAL_EVENTS_H_
#define CRM_SERVICES_CONTRACT_APPROVALS_APPROVAL_EVENTS_H_

#include <cstdint>

#include "crm/contract/v1/contract_service.pb.h"
#include "libs/events/outbox.h"
#include "pqxx/pqxx"

namespace crm::contract {

// Records `type` for `contract` at `version` in `tx` (RecordContractEvent
// with the contract's facts, core/contract_events.h).
void RecordApprovalEvent(const events::Outbox& outbox, pqxx::work& tx, v1::ContractEvent::Type type,
                         const v1::Contract& contract, int64_t version);

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_APPROVALS_APPROVAL_EVENTS_H_
