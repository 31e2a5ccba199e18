#ifndef CRM_TOOLS_CRMCTL_CONTRACT_REQUESTS_H_
#define CRM_TOOLS_CRMCTL_CONTRACT_REQUESTS_H_

#include "absl/status/statusor.h"
#include "crm/contract/v1/contract_service.pb.h"
#include "tools/crmctl/command_line.h"

namespace crm::crmctl {

// Turns a parsed `crmctl contract|receipt|receivables ...` command line into
// its request for the ContractService; see opportunity_requests.h.
// Contracts may be named by id or "contracts/ID", customers by id or
// "customers/ID", customer groups by "nodes/N". Every value is checked here
// (contract_values.h, money_text.h, enum_names.h), so a mistake is a usage
// error naming the flag before any call; the rules of a contract (dates in
// order, milestones adding up, ...) are the service's, which lists every
// violation at once. The global --request-id is sent as request_id on every
// change.
//
// The changes of an existing contract (update, submit, approve, reject,
// sign, terminate) take --etag; without it the request's etag is left empty
// and the command reads the current one first (contract_commands.h).

// --kind, --customer and --title required; --amount and --milestone in
// --currency (default CNY), --start, --end, --signing-org-unit,
// --owner-user, --payment-terms, --opportunity, --framework, --attachment.
absl::StatusOr<contract::v1::CreateContractRequest> BuildCreateContractRequest(
    const Invocation& invocation);
absl::StatusOr<contract::v1::GetContractRequest> BuildGetContractRequest(
    const Invocation& invocation);
// --customer, --signing-org-unit, --kind and --state (repeated),
// --framework, list flags.
absl::StatusOr<contract::v1::ListContractsRequest> BuildListContractsRequest(
    const Invocation& invocation);
// The update mask holds the paths of the flags given; none is a usage error.
absl::StatusOr<contract::v1::UpdateContractRequest> BuildUpdateContractRequest(
    const Invocation& invocation);
// --comment optional.
absl::StatusOr<contract::v1::SubmitContractRequest> BuildSubmitContractRequest(
    const Invocation& invocation);
// --comment required.
absl::StatusOr<contract::v1::ApproveContractRequest> BuildApproveContractRequest(
    const Invocation& invocation);
// --comment required: why.
absl::StatusOr<contract::v1::RejectContractRequest> BuildRejectContractRequest(
    const Invocation& invocation);
// --signing-date (default: today, the service's).
absl::StatusOr<contract::v1::SignContractRequest> BuildSignContractRequest(
    const Invocation& invocation);
// --reason required.
absl::StatusOr<contract::v1::TerminateContractRequest> BuildTerminateContractRequest(
    const Invocation& invocation);
// --end required; --amount (in --currency), --title.
absl::StatusOr<contract::v1::RenewContractRequest> BuildRenewContractRequest(
    const Invocation& invocation);
absl::StatusOr<contract::v1::ListContractHistoryRequest> BuildListContractHistoryRequest(
    const Invocation& invocation);
absl::StatusOr<contract::v1::ListApprovalInboxRequest> BuildListApprovalInboxRequest(
    const Invocation& invocation);
// --days 1-366 (default: the service's 60), --org-unit, --without-renewal.
absl::StatusOr<contract::v1::ListExpiringContractsRequest> BuildListExpiringContractsRequest(
    const Invocation& invocation);
absl::StatusOr<contract::v1::GetApprovalPolicyRequest> BuildGetApprovalPolicyRequest(
    const Invocation& invocation);
// --rule ROLE[:ABOVE] (repeated, in order, at least one) in --currency;
// --etag required (from `contract policy get`), since the whole policy is
// replaced.
absl::StatusOr<contract::v1::UpdateApprovalPolicyRequest> BuildUpdateApprovalPolicyRequest(
    const Invocation& invocation);

// `receipt record CONTRACT`: --date, --amount and --bank-reference
// required; --allocate SEQUENCE:AMOUNT (repeated) in --currency.
absl::StatusOr<contract::v1::RecordReceiptRequest> BuildRecordReceiptRequest(
    const Invocation& invocation);
absl::StatusOr<contract::v1::ListReceiptsRequest> BuildListReceiptsRequest(
    const Invocation& invocation);

// Exactly one of --contract, --customer, --group and --org-unit;
// --currency.
absl::StatusOr<contract::v1::GetReceivablesRequest> BuildGetReceivablesRequest(
    const Invocation& invocation);
// Exactly one of --org-unit, --group and --customer; --currency.
absl::StatusOr<contract::v1::GetAgingReportRequest> BuildGetAgingReportRequest(
    const Invocation& invocation);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_CONTRACT_REQUESTS_H_
