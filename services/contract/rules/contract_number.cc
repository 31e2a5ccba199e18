#include "services/contract/rules/contract_number.h"

#include "absl/strings/str_format.h"

namespace crm::contract {

std::string FormatContractNumber(int year, int64_t number) {
  return absl::StrFormat("HT-%04d-%06d", year, number);
}

}  // namespace crm::contract
