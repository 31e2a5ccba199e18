#ifndef CRM_SERVICES_CONTRACT_RULES_CONTRACT_NUMBER_H_
#define CRM_SERVICES_CONTRACT_RULES_CONTRACT_NUMBER_H_

#include <cstdint>
#include <string>

namespace crm::contract {

// The human contract number: "HT-" the year of creation, "-" and the year's
// sequence number with at least six digits: FormatContractNumber(2026, 123)
// is "HT-2026-000123" (and 1234567 gives "HT-2026-1234567").
std::string FormatContractNumber(int year, int64_t number);

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_RULES_CONTRACT_NUMBER_H_
