#ifndef CRM_TOOLS_CRMCTL_CONTRACT_PRINTER_H_
#define CRM_TOOLS_CRMCTL_CONTRACT_PRINTER_H_

#include <ostream>
#include <string>

#include "crm/contract/v1/contract_service.pb.h"

namespace crm::crmctl {

// Contracts and receivables for a terminal: one resource as a key-value
// block (amounts in full, "1,750,000.00 CNY (175.00万)"), lists as tables
// (ids without their prefix, amounts in 万元 for CNY). -o json prints the
// responses themselves.

void PrintContract(const contract::v1::Contract& contract, std::ostream& out);
void PrintContractList(const contract::v1::ListContractsResponse& response, std::ostream& out);
int ContractCount(const contract::v1::ListContractsResponse& response);

// Oldest first, as the service gives them: who moved it from which state to
// which, with the comment.
void PrintContractHistory(const contract::v1::ListContractHistoryResponse& response,
                          std::ostream& out);
int ContractHistoryCount(const contract::v1::ListContractHistoryResponse& response);

// `crmctl contract inbox`: each contract with the step waiting for the
// caller ("2/3 finance") and who submitted it.
void PrintInbox(const contract::v1::ListApprovalInboxResponse& response, std::ostream& out);
int InboxCount(const contract::v1::ListApprovalInboxResponse& response);

// `crmctl contract expiring`: days left and whether a renewal is under way.
void PrintExpiring(const contract::v1::ListExpiringContractsResponse& response, std::ostream& out);
int ExpiringCount(const contract::v1::ListExpiringContractsResponse& response);

void PrintApprovalPolicy(const contract::v1::ApprovalPolicy& policy, std::ostream& out);

void PrintReceipt(const contract::v1::Receipt& receipt, std::ostream& out);
void PrintReceiptList(const contract::v1::ListReceiptsResponse& response, std::ostream& out);
int ReceiptCount(const contract::v1::ListReceiptsResponse& response);

// Totals, and for one contract its milestones as a table.
void PrintReceivables(const contract::v1::Receivables& receivables, std::ostream& out);

// The four buckets as a table (amount in full and in 万元, milestone count)
// with the total overdue and what is not due yet under them.
void PrintAgingReport(const contract::v1::AgingReport& report, std::ostream& out);

// "2/3 finance": the first step not acted on, of how many; "" when none
// waits.
std::string CurrentStep(const contract::v1::Contract& contract);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_CONTRACT_PRINTER_H_
