#ifndef CRM_SERVICES_CONTRACT_RULES_CONTRACT_VALIDATION_H_
#define CRM_SERVICES_CONTRACT_RULES_CONTRACT_VALIDATION_H_

#include <string>
#include <string_view>

#include "crm/contract/v1/contract_service.pb.h"
#include "libs/status/status.h"

namespace crm::contract {

inline constexpr size_t kMaxTitleChars = 200;
inline constexpr size_t kMaxPaymentTermsChars = 500;
inline constexpr size_t kMaxAttachments = 20;
inline constexpr size_t kMaxAttachmentNameChars = 200;
inline constexpr size_t kMaxUriChars = 2000;
inline constexpr size_t kMaxMilestones = 120;
inline constexpr size_t kMaxMilestoneDescriptionChars = 200;

// Adds a violation for every field of `contract` that is wrong, all at once,
// under "contract.<field>": what CreateContract takes, and what an update
// leaves after its masked fields are applied. Output-only fields are not
// looked at. Checks: the kind is given; title 1-200 characters; the customer
// is customers/{uuid}; signing_org_unit and owner_user, when given, are
// names; the amount is a valid Money above zero; start and end dates are
// real dates, start <= end; payment terms up to 500 characters; the
// opportunity, when given, is opportunities/{uuid}; a framework only for an
// EXECUTION contract, as contracts/{uuid}; up to 20 attachments each with a
// display name, an https:// or s3:// URI and a "sha256:" checksum of 64
// lower-case hex digits; frameworks have no milestones; up to 120
// milestones, each a real due date and an amount above zero in the
// contract's currency, with a description up to 200 characters.
void ValidateContract(const v1::Contract& contract, status::FieldViolations& violations);

// Adds a violation under `field` unless `amount` is a valid Money above zero
// (the check ValidateContract makes of contract.amount).
void CheckContractAmount(const common::v1::Money& amount, const std::string& field,
                         status::FieldViolations& violations);

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_RULES_CONTRACT_VALIDATION_H_
