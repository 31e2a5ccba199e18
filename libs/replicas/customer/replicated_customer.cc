#include "libs/replicas/customer/replicated_customer.h"

#include <algorithm>

#include "libs/etag/etag.h"
#include "libs/names/resource_names.h"

namespace crm::replicas {
namespace {

CustomerState StateOf(customer::v1::Customer::State state) {
  switch (state) {
    case customer::v1::Customer::DELETED:
      return CustomerState::kDeleted;
    case customer::v1::Customer::MERGED:
      return CustomerState::kMerged;
    default:  // ACTIVE; the service never returns UNSPECIFIED
      return CustomerState::kActive;
  }
}

}  // namespace

ReplicatedCustomer ReplicatedCustomerOf(const customer::v1::Customer& customer) {
  ReplicatedCustomer replicated{
      .id = names::ParseCustomerName(customer.name()).value_or(""),
      .display_name = customer.display_name(),
      .owner_org_unit = customer.owner_org_unit(),
      .state = StateOf(customer.state()),
      .merged_into = names::ParseCustomerName(customer.merged_into()).value_or(""),
      .version = ParseEtag(customer.etag()).value_or(0)};
  for (const customer::v1::AccountTeamMember& member : customer.account_team()) {
    replicated.account_team.push_back(member.org_unit());
  }
  std::vector<std::string>& team = replicated.account_team;
  std::sort(team.begin(), team.end());
  team.erase(std::unique(team.begin(), team.end()), team.end());
  return replicated;
}

}  // namespace crm::replicas
