#include "services/contract/contract_service.h"

#include "libs/request/serve.h"
#include "libs/status/status.h"
#include "services/contract/approvals/approval_handlers.h"
#include "services/contract/contracts/contract_handlers.h"
#include "services/contract/core/contract_names.h"
#include "services/contract/expiry/expiry_handlers.h"
#include "services/contract/receivables/receivable_handlers.h"

namespace crm::contract {
namespace {

using Violations = status::FieldViolations;

}  // namespace

ContractService::Reactor* ContractService::CreateContract(Context* context,
                                                          const v1::CreateContractRequest* request,
                                                          v1::Contract* response) {
  return request::Serve(context, *deps_.verifier, "CreateContract", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.contracts->CreateContract(actor, *request, *response,
                                                                 violations);
                        });
}

ContractService::Reactor* ContractService::GetContract(Context* context,
                                                       const v1::GetContractRequest* request,
                                                       v1::Contract* response) {
  return request::Serve(context, *deps_.verifier, "GetContract", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.contracts->GetContract(actor, *request, *response,
                                                              violations);
                        });
}

ContractService::Reactor* ContractService::ListContracts(Context* context,
                                                         const v1::ListContractsRequest* request,
                                                         v1::ListContractsResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListContracts", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.contracts->ListContracts(actor, *request, *response,
                                                                violations);
                        });
}

ContractService::Reactor* ContractService::UpdateContract(Context* context,
                                                          const v1::UpdateContractRequest* request,
                                                          v1::Contract* response) {
  return request::Serve(context, *deps_.verifier, "UpdateContract", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.contracts->UpdateContract(actor, *request, *response,
                                                                 violations);
                        });
}

ContractService::Reactor* ContractService::SubmitContract(Context* context,
                                                          const v1::SubmitContractRequest* request,
                                                          v1::Contract* response) {
  return request::Serve(context, *deps_.verifier, "SubmitContract", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.approvals->SubmitContract(actor, *request, *response,
                                                                 violations);
                        });
}

ContractService::Reactor* ContractService::ApproveContract(
    Context* context, const v1::ApproveContractRequest* request, v1::Contract* response) {
  return request::Serve(context, *deps_.verifier, "ApproveContract", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.approvals->ApproveContract(actor, *request, *response,
                                                                  violations);
                        });
}

ContractService::Reactor* ContractService::RejectContract(Context* context,
                                                          const v1::RejectContractRequest* request,
                                                          v1::Contract* response) {
  return request::Serve(context, *deps_.verifier, "RejectContract", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.approvals->RejectContract(actor, *request, *response,
                                                                 violations);
                        });
}

ContractService::Reactor* ContractService::SignContract(Context* context,
                                                        const v1::SignContractRequest* request,
                                                        v1::Contract* response) {
  return request::Serve(context, *deps_.verifier, "SignContract", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.approvals->SignContract(actor, *request, *response,
                                                               violations);
                        });
}

ContractService::Reactor* ContractService::TerminateContract(
    Context* context, const v1::TerminateContractRequest* request, v1::Contract* response) {
  return request::Serve(context, *deps_.verifier, "TerminateContract", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.approvals->TerminateContract(actor, *request, *response,
                                                                    violations);
                        });
}

ContractService::Reactor* ContractService::RenewContract(Context* context,
                                                         const v1::RenewContractRequest* request,
                                                         v1::Contract* response) {
  return request::Serve(context, *deps_.verifier, "RenewContract", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.contracts->RenewContract(actor, *request, *response,
                                                                violations);
                        });
}

ContractService::Reactor* ContractService::ListContractHistory(
    Context* context, const v1::ListContractHistoryRequest* request,
    v1::ListContractHistoryResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListContractHistory", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.contracts->ListContractHistory(actor, *request, *response,
                                                                      violations);
                        });
}

ContractService::Reactor* ContractService::ListApprovalInbox(
    Context* context, const v1::ListApprovalInboxRequest* request,
    v1::ListApprovalInboxResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListApprovalInbox", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.approvals->ListApprovalInbox(actor, *request, *response,
                                                                    violations);
                        });
}

ContractService::Reactor* ContractService::GetApprovalPolicy(
    Context* context, const v1::GetApprovalPolicyRequest* request, v1::ApprovalPolicy* response) {
  return request::Serve(context, *deps_.verifier, "GetApprovalPolicy", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.approvals->GetApprovalPolicy(actor, *request, *response,
                                                                    violations);
                        });
}

ContractService::Reactor* ContractService::UpdateApprovalPolicy(
    Context* context, const v1::UpdateApprovalPolicyRequest* request,
    v1::ApprovalPolicy* response) {
  return request::Serve(context, *deps_.verifier, "UpdateApprovalPolicy", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.approvals->UpdateApprovalPolicy(actor, *request, *response,
                                                                       violations);
                        });
}

ContractService::Reactor* ContractService::RecordReceipt(Context* context,
                                                         const v1::RecordReceiptRequest* request,
                                                         v1::Receipt* response) {
  return request::Serve(context, *deps_.verifier, "RecordReceipt", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.receivables->RecordReceipt(actor, *request, *response,
                                                                  violations);
                        });
}

ContractService::Reactor* ContractService::ListReceipts(Context* context,
                                                        const v1::ListReceiptsRequest* request,
                                                        v1::ListReceiptsResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListReceipts", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.receivables->ListReceipts(actor, *request, *response,
                                                                 violations);
                        });
}

ContractService::Reactor* ContractService::GetReceivables(Context* context,
                                                          const v1::GetReceivablesRequest* request,
                                                          v1::Receivables* response) {
  return request::Serve(context, *deps_.verifier, "GetReceivables", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.receivables->GetReceivables(actor, *request, *response,
                                                                   violations);
                        });
}

ContractService::Reactor* ContractService::GetAgingReport(Context* context,
                                                          const v1::GetAgingReportRequest* request,
                                                          v1::AgingReport* response) {
  return request::Serve(context, *deps_.verifier, "GetAgingReport", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.receivables->GetAgingReport(actor, *request, *response,
                                                                   violations);
                        });
}

ContractService::Reactor* ContractService::ListExpiringContracts(
    Context* context, const v1::ListExpiringContractsRequest* request,
    v1::ListExpiringContractsResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListExpiringContracts", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.expiry->ListExpiringContracts(actor, *request, *response,
                                                                     violations);
                        });
}
}  // namespace crm::contract
