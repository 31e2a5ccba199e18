#ifndef CRM_SERVICES_CONTRACT_RECEIVABLES_RECEIVABLE_HANDLERS_H_
#define CRM_SERVICES_CONTRACT_RECEIVABLES_RECEIVABLE_HANDLERS_H_

// Receipts and receivables (RecordReceipt, ListReceipts, GetReceivables,
// GetAgingReport), called by the service facade inside request::Serve.

#include <vector>

#include "absl/status/status.h"
#include "crm/contract/v1/contract_service.pb.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "libs/status/status.h"
#include "services/contract/core/contract_context.h"
#include "services/contract/receivables/receipt_store.h"
#include "services/contract/receivables/receivables_store.h"

namespace crm::contract {

class ReceivableHandlers final {
 public:
  explicit ReceivableHandlers(const ContractContext& context);

  // The statements of the stores behind these handlers.
  static std::vector<pg::PreparedStatement> Statements();

  // Records a receipt against a SIGNED, ACTIVE or EXPIRED contract in the
  // caller's scope (ReceiptStore::Record).
  absl::Status RecordReceipt(const request::Actor& actor, const v1::RecordReceiptRequest& request,
                             v1::Receipt& response, status::FieldViolations& violations);

  // A contract's receipts, oldest first, in pages.
  absl::Status ListReceipts(const request::Actor& actor, const v1::ListReceiptsRequest& request,
                            v1::ListReceiptsResponse& response,
                            status::FieldViolations& violations);

  // Receivable and overdue amounts of exactly one of a contract (with its
  // milestones), customer, customer group or org unit subtree, within the
  // caller's scope, as of today (Asia/Shanghai). A contract out of scope is
  // PERMISSION_DENIED (CONTRACT_NOT_IN_SCOPE), an org unit outside the
  // caller's scope PERMISSION_DENIED (ORG_UNIT_OUT_OF_SCOPE); a customer or
  // group shows only what the caller may see of it.
  absl::Status GetReceivables(const request::Actor& actor, const v1::GetReceivablesRequest& request,
                              v1::Receivables& response, status::FieldViolations& violations);

  // The aging of exactly one of an org unit subtree, a customer group or a
  // customer: not due, and the buckets 0-30, 31-60, 61-90, 90+ days past due.
  absl::Status GetAgingReport(const request::Actor& actor, const v1::GetAgingReportRequest& request,
                              v1::AgingReport& response, status::FieldViolations& violations);

 private:
  const ContractContext& context_;
  ReceiptStore receipts_;
  ReceivablesStore receivables_;
};

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_RECEIVABLES_RECEIVABLE_HANDLERS_H_
