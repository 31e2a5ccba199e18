#include "libs/names/resource_names.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"

namespace crm::names {
namespace {

constexpr std::string_view kCustomers = "customers/";
constexpr std::string_view kContacts = "/contacts/";
constexpr std::string_view kOrgUnits = "orgUnits/";
constexpr std::string_view kUsers = "users/";
constexpr std::string_view kNodes = "nodes/";
constexpr std::string_view kOpportunities = "opportunities/";
constexpr std::string_view kContracts = "contracts/";
constexpr size_t kMaxNodeIdDigits = 18;  // always fits int64_t
constexpr size_t kUuidLength = 36;

bool IsLowerAlnum(char c) { return absl::ascii_islower(c) || absl::ascii_isdigit(c); }

std::optional<std::string> IdError(std::string_view id, size_t max, std::string_view extra,
                                   bool letter_first) {
  const std::string allowed = crm::StrCat("[a-z0-9", extra, "]");
  if (id.size() < 2 || id.size() > max) {
    return crm::StrCat(Quote(id), " must be 2-", max, " characters of ", allowed);
  }
  if (letter_first ? !absl::ascii_islower(id[0]) : !IsLowerAlnum(id[0])) {
    return crm::StrCat(Quote(id), " must start with ",
                       letter_first ? "a lower-case letter" : "a lower-case letter or digit");
  }
  for (const char c : id) {
    if (!IsLowerAlnum(c) && extra.find(c) == std::string_view::npos) {
      return crm::StrCat(Quote(id), " has ", Quote(std::string_view(&c, 1)), "; use only ",
                         allowed);
    }
  }
  return std::nullopt;
}

// `name` without `prefix`, or nullopt.
std::optional<std::string_view> After(std::string_view name, std::string_view prefix) {
  if (!name.starts_with(prefix)) return std::nullopt;
  return name.substr(prefix.size());
}

std::string LowerUuid(std::string_view id) { return absl::AsciiStrToLower(crm::ToAbsl(id)); }

}  // namespace

bool IsUuid(std::string_view text) {
  if (text.size() != kUuidLength) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !absl::ascii_isxdigit(text[i])) return false;
  }
  return true;
}

std::optional<std::string> OrgUnitIdError(std::string_view id) {
  return IdError(id, kMaxOrgUnitIdLength, "-", /*letter_first=*/true);
}

std::optional<std::string> UserIdError(std::string_view id) {
  return IdError(id, kMaxUserIdLength, "._-", /*letter_first=*/false);
}

std::optional<std::string> ParseCustomerName(std::string_view name) {
  std::optional<std::string_view> id = After(name, kCustomers);
  if (!id.has_value() || !IsUuid(*id)) return std::nullopt;
  return LowerUuid(*id);
}

std::optional<ContactIds> ParseContactName(std::string_view name) {
  std::optional<std::string_view> rest = After(name, kCustomers);
  if (!rest.has_value() || rest->size() != kUuidLength + kContacts.size() + kUuidLength) {
    return std::nullopt;
  }
  const std::string_view customer = rest->substr(0, kUuidLength);
  const std::string_view contact = rest->substr(kUuidLength + kContacts.size());
  if (rest->substr(kUuidLength, kContacts.size()) != kContacts || !IsUuid(customer) ||
      !IsUuid(contact)) {
    return std::nullopt;
  }
  return ContactIds{LowerUuid(customer), LowerUuid(contact)};
}

std::optional<std::string> ParseOrgUnitName(std::string_view name) {
  std::optional<std::string_view> id = After(name, kOrgUnits);
  if (!id.has_value() || OrgUnitIdError(*id).has_value()) return std::nullopt;
  return std::string(*id);
}

std::optional<std::string> ParseUserName(std::string_view name) {
  std::optional<std::string_view> id = After(name, kUsers);
  if (!id.has_value() || UserIdError(*id).has_value()) return std::nullopt;
  return std::string(*id);
}

std::optional<int64_t> ParseNodeName(std::string_view name) {
  if (!name.starts_with(kNodes)) return std::nullopt;
  const std::string_view digits = name.substr(kNodes.size());
  if (digits.empty() || digits.size() > kMaxNodeIdDigits || digits[0] == '0' ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return absl::ascii_isdigit(c); })) {
    return std::nullopt;
  }
  int64_t id = 0;
  if (!absl::SimpleAtoi(crm::ToAbsl(digits), &id)) return std::nullopt;
  return id;
}

std::optional<std::string> ParseOpportunityName(std::string_view name) {
  std::optional<std::string_view> id = After(name, kOpportunities);
  if (!id.has_value() || !IsUuid(*id)) return std::nullopt;
  return LowerUuid(*id);
}

std::optional<std::string> ParseContractName(std::string_view name) {
  std::optional<std::string_view> id = After(name, kContracts);
  if (!id.has_value() || !IsUuid(*id)) return std::nullopt;
  return LowerUuid(*id);
}

std::string OpportunityName(std::string_view id) { return crm::StrCat(kOpportunities, id); }

std::string ContractName(std::string_view id) { return crm::StrCat(kContracts, id); }

std::string NodeName(int64_t id) { return crm::StrCat(kNodes, id); }

std::string CustomerName(std::string_view id) { return crm::StrCat(kCustomers, id); }

std::string ContactName(std::string_view customer_id, std::string_view contact_id) {
  return crm::StrCat(kCustomers, customer_id, kContacts, contact_id);
}

std::string OrgUnitName(std::string_view id) { return crm::StrCat(kOrgUnits, id); }

std::string UserName(std::string_view id) { return crm::StrCat(kUsers, id); }

}  // namespace crm::names
