#include "tools/crmctl/resource_names.h"

#include "absl/strings/str_cat.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

constexpr std::string_view kCustomers = "customers/";
constexpr std::string_view kContacts = "/contacts/";
constexpr std::string_view kOrgUnits = "orgUnits/";
constexpr std::string_view kUsers = "users/";
constexpr std::string_view kNodes = "nodes/";
constexpr std::string_view kOpportunities = "opportunities/";
constexpr std::string_view kContracts = "contracts/";
constexpr std::string_view kCollaborationRequests = "collaborationRequests/";
constexpr std::string_view kAttributions = "attributions/";
constexpr std::string_view kChurnWarnings = "churnWarnings/";
constexpr std::string_view kFactsRebuilds = "factsRebuilds/";

std::string WithPrefix(std::string_view prefix, std::string_view id_or_name) {
  if (id_or_name.starts_with(prefix)) return std::string(id_or_name);
  return crm::StrCat(std::string(prefix), std::string(id_or_name));
}

bool IsId(std::string_view id) { return !id.empty() && id.find('/') == std::string_view::npos; }

// `prefix` + id; a usage error naming `what` ("an attribution") otherwise.
absl::StatusOr<std::string> CheckedName(std::string_view prefix, std::string_view id_or_name,
                                        std::string_view what) {
  std::string name = WithPrefix(prefix, id_or_name);
  if (!IsId(std::string_view(name).substr(prefix.size()))) {
    return UsageError(crm::StrCat("\"", std::string(id_or_name), "\" is not ", std::string(what),
                                  " id or a name ", std::string(prefix), "{id}"));
  }
  return name;
}

}  // namespace

absl::StatusOr<std::string> CustomerName(std::string_view id_or_name) {
  std::string_view id = id_or_name;
  if (id.starts_with(kCustomers)) id.remove_prefix(kCustomers.size());
  if (!IsId(id)) {
    return UsageError(crm::StrCat("\"", std::string(id_or_name),
                                  "\" is not a customer id or a name "
                                  "customers/{customer}"));
  }
  return crm::StrCat(std::string(kCustomers), std::string(id));
}

absl::StatusOr<std::string> ContactName(const std::vector<std::string>& args) {
  if (args.size() == 2) {
    absl::StatusOr<std::string> customer = CustomerName(args[0]);
    if (!customer.ok()) return customer.status();
    if (!IsId(args[1])) {
      return UsageError(crm::StrCat("\"", args[1], "\" is not a contact id"));
    }
    return crm::StrCat(*customer, std::string(kContacts), args[1]);
  }
  if (args.size() == 1) {
    const std::string& name = args[0];
    const size_t contacts = name.find(kContacts);
    if (name.starts_with(kCustomers) && contacts != std::string::npos &&
        IsId(std::string_view(name).substr(kCustomers.size(), contacts - kCustomers.size())) &&
        IsId(std::string_view(name).substr(contacts + kContacts.size()))) {
      return name;
    }
    return UsageError(
        crm::StrCat("\"", name,
                    "\" is not a contact name customers/{customer}/contacts/{contact}; "
                    "or give CUSTOMER_ID CONTACT_ID"));
  }
  return UsageError("give CUSTOMER_ID CONTACT_ID, or one contact name");
}

std::string OrgUnitName(std::string_view id_or_name) { return WithPrefix(kOrgUnits, id_or_name); }

std::string UserName(std::string_view id_or_name) { return WithPrefix(kUsers, id_or_name); }

absl::StatusOr<std::string> CheckedOrgUnitName(std::string_view id_or_name) {
  std::string name = OrgUnitName(id_or_name);
  if (!IsId(std::string_view(name).substr(kOrgUnits.size()))) {
    return UsageError(crm::StrCat("\"", std::string(id_or_name),
                                  "\" is not an org unit id or a name "
                                  "orgUnits/{org_unit}"));
  }
  return name;
}

absl::StatusOr<std::string> CheckedUserName(std::string_view id_or_name) {
  std::string name = UserName(id_or_name);
  if (!IsId(std::string_view(name).substr(kUsers.size()))) {
    return UsageError(crm::StrCat("\"", std::string(id_or_name),
                                  "\" is not a user id or a name "
                                  "users/{user}"));
  }
  return name;
}

absl::StatusOr<std::string> CheckedNodeName(std::string_view id_or_name) {
  std::string name = WithPrefix(kNodes, id_or_name);
  if (!IsId(std::string_view(name).substr(kNodes.size()))) {
    return UsageError(crm::StrCat("\"", std::string(id_or_name),
                                  "\" is not a node id or a name "
                                  "nodes/{node}"));
  }
  return name;
}

absl::StatusOr<std::string> CheckedOpportunityName(std::string_view id_or_name) {
  std::string name = WithPrefix(kOpportunities, id_or_name);
  if (!IsId(std::string_view(name).substr(kOpportunities.size()))) {
    return UsageError(crm::StrCat("\"", std::string(id_or_name),
                                  "\" is not an opportunity id or a name "
                                  "opportunities/{opportunity}"));
  }
  return name;
}

absl::StatusOr<std::string> CheckedContractName(std::string_view id_or_name) {
  std::string name = WithPrefix(kContracts, id_or_name);
  if (!IsId(std::string_view(name).substr(kContracts.size()))) {
    return UsageError(crm::StrCat("\"", std::string(id_or_name),
                                  "\" is not a contract id or a name "
                                  "contracts/{contract}"));
  }
  return name;
}

absl::StatusOr<std::string> CheckedCollaborationRequestName(std::string_view id_or_name) {
  return CheckedName(kCollaborationRequests, id_or_name, "a collaboration request");
}

absl::StatusOr<std::string> CheckedAttributionName(std::string_view id_or_name) {
  return CheckedName(kAttributions, id_or_name, "an attribution");
}

absl::StatusOr<std::string> CheckedChurnWarningName(std::string_view id_or_name) {
  return CheckedName(kChurnWarnings, id_or_name, "a churn warning");
}

absl::StatusOr<std::string> CheckedFactsRebuildName(std::string_view id_or_name) {
  return CheckedName(kFactsRebuilds, id_or_name, "a facts rebuild");
}

absl::StatusOr<customer::v1::ExternalReference> ParseExternalReference(std::string_view text) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) {
    return UsageError(
        crm::StrCat("--ref: \"", std::string(text), "\" is not SYSTEM:ID, e.g. erp-sap:C-100234"));
  }
  customer::v1::ExternalReference reference;
  reference.set_source_system(std::string(text.substr(0, colon)));
  reference.set_source_id(std::string(text.substr(colon + 1)));
  return reference;
}

std::string LastSegment(std::string_view name) {
  const size_t slash = name.rfind('/');
  return std::string(slash == std::string_view::npos ? name : name.substr(slash + 1));
}

}  // namespace crm::crmctl
