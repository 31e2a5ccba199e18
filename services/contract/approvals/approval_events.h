#ifndef CRM_SERVICES_CONTRACT_APPROVALS_APPROVAL_EVENTS_H_
#define CRM_SERVICES_CONTRACT_APPROVALS_APPROVAL_EVENTS_H_

#include <cstdint>

#include "crm/contract/v1/contract_service.pb.h"
#include "pqxx/pqxx"

namespace crm::contract {

// Records `type` for `contract` at `version` in `tx`, in the contract feed's
// outbox (contract.events), with the payload RecordContractEvent gives
// (core/contract_events.h). For write paths that hold no events::Outbox,
// such as SubmitInTransaction, which UpdateContract calls too.
void RecordApprovalEvent(pqxx::work& tx, v1::ContractEvent::Type type, const v1::Contract& contract,
                         int64_t version);

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_APPROVALS_APPROVAL_EVENTS_H_
