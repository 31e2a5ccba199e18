#ifndef CRM_SERVICES_CONTRACT_CONTRACTS_CONTRACT_HANDLERS_H_
#define CRM_SERVICES_CONTRACT_CONTRACTS_CONTRACT_HANDLERS_H_

#include <vector>

#include "absl/status/status.h"
#include "crm/contract/v1/contract_service.pb.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "libs/status/status.h"
#include "services/contract/contracts/contract_store.h"
#include "services/contract/contracts/opportunity_lookup.h"
#include "services/contract/core/contract_context.h"

namespace crm::contract {

// The contract records: create (with the next contract number), read, list,
// update (with an etag; a material change of an APPROVED contract sends it
// back to approval), renew and the audit trail. Each method checks its
// request (every violation at once), then calls the store, which applies the
// caller's scope in SQL.
class ContractHandlers final {
 public:
  // `opportunities` may be null (no opportunity service): then
  // CreateContract.opportunity is checked for its form only.
  ContractHandlers(const ContractContext& context, const OpportunityLookup* opportunities);
  explicit ContractHandlers(const ContractContext& context) : ContractHandlers(context, nullptr) {}

  static std::vector<pg::PreparedStatement> Statements();

  absl::Status CreateContract(const request::Actor& actor, const v1::CreateContractRequest& request,
                              v1::Contract& response, status::FieldViolations& violations);
  absl::Status GetContract(const request::Actor& actor, const v1::GetContractRequest& request,
                           v1::Contract& response, status::FieldViolations& violations);
  absl::Status ListContracts(const request::Actor& actor, const v1::ListContractsRequest& request,
                             v1::ListContractsResponse& response,
                             status::FieldViolations& violations);
  absl::Status UpdateContract(const request::Actor& actor, const v1::UpdateContractRequest& request,
                              v1::Contract& response, status::FieldViolations& violations);
  absl::Status RenewContract(const request::Actor& actor, const v1::RenewContractRequest& request,
                             v1::Contract& response, status::FieldViolations& violations);
  absl::Status ListContractHistory(const request::Actor& actor,
                                   const v1::ListContractHistoryRequest& request,
                                   v1::ListContractHistoryResponse& response,
                                   status::FieldViolations& violations);

 private:
  const ContractContext& context_;
  const OpportunityLookup* opportunities_;
  ContractStore store_;
};

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_CONTRACTS_CONTRACT_HANDLERS_H_
