#include "services/contract/core/contract_names.h"

#include "absl/strings/ascii.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/strings/str_cat.h"

namespace crm::contract {
namespace {

constexpr std::string_view kContracts = "contracts/";
constexpr std::string_view kReceipts = "/receipts/";

std::optional<std::string> LowerUuid(std::string_view id) {
  if (!names::IsUuid(id)) return std::nullopt;
  return absl::AsciiStrToLower(std::string(id));
}

}  // namespace

std::string ReceiptName(std::string_view contract_id, std::string_view receipt_id) {
  return crm::StrCat(kContracts, contract_id, kReceipts, receipt_id);
}

std::optional<ReceiptIds> ParseReceiptName(std::string_view name) {
  if (!name.starts_with(kContracts)) return std::nullopt;
  const std::string_view rest = name.substr(kContracts.size());
  const size_t slash = rest.find(kReceipts);
  if (slash == std::string_view::npos) return std::nullopt;
  std::optional<std::string> contract = LowerUuid(rest.substr(0, slash));
  std::optional<std::string> receipt = LowerUuid(rest.substr(slash + kReceipts.size()));
  if (!contract.has_value() || !receipt.has_value()) return std::nullopt;
  return ReceiptIds{.contract_id = *std::move(contract), .receipt_id = *std::move(receipt)};
}

std::string ContractIdOr(std::string_view name, std::string_view field,
                         status::FieldViolations& violations) {
  return names::IdOr(name, field, ParseContractName, "a contract", "contracts/{uuid}", violations);
}

}  // namespace crm::contract
