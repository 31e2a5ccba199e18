#ifndef CRM_TOOLS_CRMCTL_CONTRACT_VALUES_H_
#define CRM_TOOLS_CRMCTL_CONTRACT_VALUES_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "crm/contract/v1/contract_service.pb.h"

namespace crm::crmctl {

// Values of the contract commands as people type them. Errors are usage
// errors naming the flag, e.g. "--milestone: \"2027-02-30:100\" ...".

// --milestone DUE_DATE:AMOUNT[:DESCRIPTION], e.g.
// "2027-03-31:525000.00:签约款" (the description may hold colons).
absl::StatusOr<contract::v1::PaymentMilestone> ParseMilestone(std::string_view text,
                                                              std::string_view currency_code);

// --attachment NAME:URI:sha256:HEX, e.g.
// "合同扫描件.pdf:https://files.example.com/ht.pdf:sha256:9f86…" (the name is
// up to the first colon, the checksum the last two parts).
absl::StatusOr<contract::v1::Attachment> ParseAttachment(std::string_view text);

// --allocate SEQUENCE:AMOUNT, e.g. "2:200000.00": part of a receipt paid
// towards milestone 2.
absl::StatusOr<contract::v1::ReceiptAllocation> ParseAllocation(std::string_view text,
                                                                std::string_view currency_code);

// --rule ROLE[:ABOVE], e.g. "finance:1000000": a step for `role` when the
// amount is above ABOVE (no ABOVE, or 0: always).
absl::StatusOr<contract::v1::ApprovalRule> ParseApprovalRule(std::string_view text,
                                                             std::string_view currency_code);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_CONTRACT_VALUES_H_
