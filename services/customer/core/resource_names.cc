#include "services/customer/core/resource_names.h"

namespace crm::customer {
namespace {

constexpr std::string_view kCustomers = "customers/";
constexpr std::string_view kContacts = "/contacts/";

bool IdOf(std::string_view text, std::string_view allowed_punctuation) {
  if (text.empty() || text.size() > 63) return false;
  for (const char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    allowed_punctuation.find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

}  // namespace

bool IsUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

std::optional<std::string> ParseCustomerName(std::string_view name) {
  if (name.substr(0, kCustomers.size()) != kCustomers) return std::nullopt;
  const std::string_view id = name.substr(kCustomers.size());
  if (!IsUuid(id)) return std::nullopt;
  return std::string(id);
}

std::optional<ContactId> ParseContactName(std::string_view name) {
  if (name.substr(0, kCustomers.size()) != kCustomers) return std::nullopt;
  const std::string_view rest = name.substr(kCustomers.size());
  if (rest.size() != 36 + kContacts.size() + 36) return std::nullopt;
  const std::string_view customer = rest.substr(0, 36);
  const std::string_view contact = rest.substr(36 + kContacts.size());
  if (rest.substr(36, kContacts.size()) != kContacts || !IsUuid(customer) || !IsUuid(contact)) {
    return std::nullopt;
  }
  return ContactId{std::string(customer), std::string(contact)};
}

bool IsOrgUnitName(std::string_view name) {
  constexpr std::string_view kPrefix = "orgUnits/";
  return name.substr(0, kPrefix.size()) == kPrefix && IdOf(name.substr(kPrefix.size()), "-");
}

bool IsUserName(std::string_view name) {
  constexpr std::string_view kPrefix = "users/";
  return name.substr(0, kPrefix.size()) == kPrefix && IdOf(name.substr(kPrefix.size()), "._-");
}

}  // namespace crm::customer
