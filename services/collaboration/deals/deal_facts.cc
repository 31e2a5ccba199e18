#include "services/collaboration/deals/deal_facts.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "google/protobuf/util/time_util.h"
#include "libs/clock/business_day.h"
#include "libs/names/resource_names.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "services/collaboration/core/collaboration_names.h"

namespace crm::collaboration {
namespace {

using google::protobuf::util::TimeUtil;

absl::Status Invalid(std::string_view resource, std::string_view what) {
  return status::Error(absl::StatusCode::kInvalidArgument, kDomain, "DEAL_FACTS_INVALID",
                       crm::StrCat(resource, " cannot open an attribution: ", what),
                       {{"resource", std::string(resource)}});
}

absl::Time TimeOf(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(timestamp));
}

// The day a deal was closed: `date` when it is a valid date, else the
// business day of `fallback`.
absl::CivilDay DealDay(bool has_date, const common::v1::Date& date, absl::Time fallback) {
  if (has_date && validation::IsValidDate(date)) return validation::ToCivilDay(date);
  return clock::BusinessDayOf(fallback);
}

bool IsOrgUnit(std::string_view name) { return names::ParseOrgUnitName(name).has_value(); }

// The opportunity's side of a deal: owner, collaborators, title, date,
// customer and amount.
absl::Status FillFromOpportunity(const opportunity::v1::Opportunity& opportunity, absl::Time won_at,
                                 DealFacts& deal) {
  const std::string& name = opportunity.name();
  std::optional<std::string> id = names::ParseOpportunityName(name);
  if (!id.has_value()) return Invalid(name, "not an opportunity name");
  std::optional<std::string> customer = names::ParseCustomerName(opportunity.customer());
  if (!customer.has_value()) return Invalid(name, "its customer is not a customer name");
  if (!IsOrgUnit(opportunity.owner_org_unit())) {
    return Invalid(name, "its owner is not an org unit name");
  }
  deal.opportunity_id = *id;
  deal.customer_id = *customer;
  deal.title = opportunity.title();
  deal.currency_code = opportunity.amount().currency_code();
  deal.amount_minor = opportunity.amount().minor_units();
  deal.deal_date = DealDay(opportunity.has_close_date(), opportunity.close_date(), won_at);
  deal.owner_org_unit = opportunity.owner_org_unit();
  deal.collaborating_org_units.clear();
  for (const std::string& unit : opportunity.collaborating_org_units()) {
    if (IsOrgUnit(unit) && unit != deal.owner_org_unit)
      deal.collaborating_org_units.push_back(unit);
  }
  return absl::OkStatus();
}

absl::Status CheckAmount(std::string_view resource, const DealFacts& deal) {
  if (deal.currency_code.empty()) return Invalid(resource, "its amount has no currency");
  if (deal.amount_minor < 0) return Invalid(resource, "its amount is negative");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<DealFacts> OpportunityDeal(const opportunity::v1::Opportunity& opportunity,
                                          absl::Time won_at) {
  DealFacts deal;
  deal.method = "follow:opportunity";
  if (absl::Status s = FillFromOpportunity(opportunity, won_at, deal); !s.ok()) return s;
  if (absl::Status s = CheckAmount(opportunity.name(), deal); !s.ok()) return s;
  return deal;
}

absl::StatusOr<DealFacts> ContractDeal(const contract::v1::ContractEvent& event,
                                       const contract::v1::Contract* contract,
                                       const opportunity::v1::Opportunity* won) {
  const std::string& resource = event.resource();
  std::optional<std::string> id = names::ParseContractName(resource);
  if (!id.has_value()) return Invalid(resource, "not a contract name");
  std::optional<std::string> customer = names::ParseCustomerName(event.customer());
  if (!customer.has_value()) return Invalid(resource, "its customer is not a customer name");
  if (!IsOrgUnit(event.signing_org_unit())) {
    return Invalid(resource, "its signing org unit is not an org unit name");
  }
  DealFacts deal;
  deal.method = "follow:contract";
  if (!event.opportunity().empty()) {
    std::optional<std::string> opportunity_id = names::ParseOpportunityName(event.opportunity());
    if (!opportunity_id.has_value()) {
      return Invalid(resource, "its opportunity is not an opportunity name");
    }
    deal.opportunity_id = *opportunity_id;
  }
  if (won != nullptr && !deal.opportunity_id.empty() &&
      names::ParseOpportunityName(won->name()) == deal.opportunity_id) {
    if (absl::Status s = FillFromOpportunity(*won, TimeOf(event.time()), deal); !s.ok()) return s;
    // The signing unit contributed to the deal too.
    const std::string& signer = event.signing_org_unit();
    if (signer != deal.owner_org_unit &&
        std::find(deal.collaborating_org_units.begin(), deal.collaborating_org_units.end(),
                  signer) == deal.collaborating_org_units.end()) {
      deal.collaborating_org_units.push_back(signer);
    }
  } else {
    deal.owner_org_unit = event.signing_org_unit();
    deal.title = contract != nullptr ? contract->title() : "";
    deal.deal_date = contract != nullptr ? DealDay(contract->has_signing_date(),
                                                   contract->signing_date(), TimeOf(event.time()))
                                         : clock::BusinessDayOf(TimeOf(event.time()));
  }
  // The contract is the deal's customer and amount whoever opened it.
  deal.contract_id = *id;
  deal.customer_id = *customer;
  deal.currency_code = event.amount().currency_code();
  deal.amount_minor = event.amount().minor_units();
  if (absl::Status s = CheckAmount(resource, deal); !s.ok()) return s;
  return deal;
}

}  // namespace crm::collaboration
