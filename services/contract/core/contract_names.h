#ifndef CRM_SERVICES_CONTRACT_CORE_CONTRACT_NAMES_H_
#define CRM_SERVICES_CONTRACT_CORE_CONTRACT_NAMES_H_

#include <optional>
#include <string>
#include <string_view>

#include "libs/names/resource_names.h"
#include "libs/status/status.h"

namespace crm::contract {

// The ErrorInfo domain of every error of the contract service.
inline constexpr char kDomain[] = "contract.crm";

// contracts/{uuid} (libs/names, which other services read too) and
// contracts/{uuid}/receipts/{uuid}; ids are lower-case UUIDs.
using names::ContractName;
using names::ParseContractName;

std::string ReceiptName(std::string_view contract_id, std::string_view receipt_id);
struct ReceiptIds {
  std::string contract_id;
  std::string receipt_id;
};
std::optional<ReceiptIds> ParseReceiptName(std::string_view name);

// The id in a request's name field, or "" with a violation under `field`
// ("name: is required, e.g. contracts/{uuid}").
std::string ContractIdOr(std::string_view name, std::string_view field,
                         status::FieldViolations& violations);

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_CORE_CONTRACT_NAMES_H_
