#ifndef CRM_SERVICES_CONTRACT_CONTRACTS_CONTRACT_FIELDS_H_
#define CRM_SERVICES_CONTRACT_CONTRACTS_CONTRACT_FIELDS_H_

#include <string>
#include <vector>

#include "crm/contract/v1/contract_service.pb.h"
#include "google/protobuf/field_mask.pb.h"
#include "libs/status/status.h"

namespace crm::contract {

// The fields UpdateContract may change, as update_mask paths.
inline constexpr const char* kUpdatableFields[] = {
    "title",     "customer",    "signing_org_unit",  "owner_user",
    "amount",    "start_date",  "end_date",          "payment_terms",
    "framework", "attachments", "payment_milestones"};

// The mask's field names, deduplicated in mask order; a violation under
// update_mask for an empty mask, and under update_mask.paths[i] for a path
// that names no updatable field or only a part of one ("amount.minor_units":
// fields are replaced whole).
std::vector<std::string> MaskedFields(const google::protobuf::FieldMask& mask,
                                      status::FieldViolations& violations);

// Copies the fields named in `fields` from `from` onto `to` (an empty
// owner_user becomes `caller_user`). customer, signing_org_unit and
// framework are copied as names: the caller resolves their ids.
void ApplyFields(const v1::Contract& from, const std::vector<std::string>& fields,
                 const std::string& caller_user, v1::Contract& to);

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_CONTRACTS_CONTRACT_FIELDS_H_
