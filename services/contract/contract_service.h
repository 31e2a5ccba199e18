#ifndef CRM_SERVICES_CONTRACT_CONTRACT_SERVICE_H_
#define CRM_SERVICES_CONTRACT_CONTRACT_SERVICE_H_

#include "crm/contract/v1/contract_service.grpc.pb.h"
#include "libs/auth/principal_verifier.h"
#include "libs/events/event_cursor.h"
#include "libs/events/outbox.h"
#include "libs/events/watches.h"

namespace crm::contract {

class ContractHandlers;
class ApprovalHandlers;
class ReceivableHandlers;
class ExpiryHandlers;

// Everything the facade calls; owned by the module.
struct ContractServiceDeps {
  const auth::PrincipalVerifier* verifier = nullptr;
  ContractHandlers* contracts = nullptr;
  ApprovalHandlers* approvals = nullptr;
  ReceivableHandlers* receivables = nullptr;
  ExpiryHandlers* expiry = nullptr;
  // The feed (ListContractEvents, WatchContractEvents).
  events::Outbox* outbox = nullptr;
  events::Watches* watches = nullptr;
  const events::EventCursorCodec* event_cursors = nullptr;
};

// crm.contract.v1.ContractService: each unary method is request::Serve (the
// principal verified, the request_id checked) around a call into its
// capability's handler class (contracts/, approvals/, receivables/,
// expiry/); the feed's two methods are event_handlers.cc.
class ContractService final : public v1::ContractService::CallbackService {
 public:
  using Context = grpc::CallbackServerContext;
  using Reactor = grpc::ServerUnaryReactor;

  explicit ContractService(ContractServiceDeps deps) : deps_(deps) {}

  Reactor* CreateContract(Context*, const v1::CreateContractRequest*, v1::Contract*) override;
  Reactor* GetContract(Context*, const v1::GetContractRequest*, v1::Contract*) override;
  Reactor* ListContracts(Context*, const v1::ListContractsRequest*,
                         v1::ListContractsResponse*) override;
  Reactor* UpdateContract(Context*, const v1::UpdateContractRequest*, v1::Contract*) override;
  Reactor* SubmitContract(Context*, const v1::SubmitContractRequest*, v1::Contract*) override;
  Reactor* ApproveContract(Context*, const v1::ApproveContractRequest*, v1::Contract*) override;
  Reactor* RejectContract(Context*, const v1::RejectContractRequest*, v1::Contract*) override;
  Reactor* SignContract(Context*, const v1::SignContractRequest*, v1::Contract*) override;
  Reactor* TerminateContract(Context*, const v1::TerminateContractRequest*, v1::Contract*) override;
  Reactor* RenewContract(Context*, const v1::RenewContractRequest*, v1::Contract*) override;
  Reactor* ListContractHistory(Context*, const v1::ListContractHistoryRequest*,
                               v1::ListContractHistoryResponse*) override;
  Reactor* ListApprovalInbox(Context*, const v1::ListApprovalInboxRequest*,
                             v1::ListApprovalInboxResponse*) override;
  Reactor* GetApprovalPolicy(Context*, const v1::GetApprovalPolicyRequest*,
                             v1::ApprovalPolicy*) override;
  Reactor* UpdateApprovalPolicy(Context*, const v1::UpdateApprovalPolicyRequest*,
                                v1::ApprovalPolicy*) override;
  Reactor* RecordReceipt(Context*, const v1::RecordReceiptRequest*, v1::Receipt*) override;
  Reactor* ListReceipts(Context*, const v1::ListReceiptsRequest*,
                        v1::ListReceiptsResponse*) override;
  Reactor* GetReceivables(Context*, const v1::GetReceivablesRequest*, v1::Receivables*) override;
  Reactor* GetAgingReport(Context*, const v1::GetAgingReportRequest*, v1::AgingReport*) override;
  Reactor* ListExpiringContracts(Context*, const v1::ListExpiringContractsRequest*,
                                 v1::ListExpiringContractsResponse*) override;
  Reactor* ListContractEvents(Context*, const v1::ListContractEventsRequest*,
                              v1::ListContractEventsResponse*) override;
  grpc::ServerWriteReactor<v1::WatchContractEventsResponse>* WatchContractEvents(
      Context*, const v1::WatchContractEventsRequest*) override;

 private:
  ContractServiceDeps deps_;
};

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_CONTRACT_SERVICE_H_
