#include "services/customer/core/customer_fields.h"

#include <algorithm>

#include "absl/strings/str_join.h"
#include "libs/strings/str_cat.h"

namespace crm::customer {
namespace {

using F = CustomerField;

std::string JoinReferences(const v1::Customer& customer) {
  std::vector<std::string> parts;
  for (const auto& reference : customer.external_references()) {
    parts.push_back(crm::StrCat(reference.source_system(), ":", reference.source_id()));
  }
  std::sort(parts.begin(), parts.end());
  return absl::StrJoin(parts, ", ");
}

std::string JoinTeam(const v1::Customer& customer) {
  std::vector<std::string> parts;
  for (const auto& member : customer.account_team()) {
    parts.push_back(crm::StrCat(member.org_unit(), "/", member.user(), " (", member.role(), ")"));
  }
  std::sort(parts.begin(), parts.end());
  return absl::StrJoin(parts, ", ");
}

// A singular string field.
#define CRM_TEXT_FIELD(field, uses)                                                 \
  F {                                                                               \
#field, uses, [](const v1::Customer& c) { return std::string(c.field()); },       \
        [](const v1::Customer& c) { return !c.field().empty(); },                     \
        [](const v1::Customer& from, v1::Customer& to) { to.set_##field(from.field()); } \
  }

}  // namespace

const std::vector<CustomerField>& CustomerFields() {
  static const std::vector<CustomerField> kFields = {
      CRM_TEXT_FIELD(display_name, F::kUpdatable | F::kMergeable | F::kImported),
      CRM_TEXT_FIELD(legal_name, F::kUpdatable | F::kMergeable | F::kImported),
      CRM_TEXT_FIELD(short_name, F::kUpdatable | F::kMergeable | F::kImported),
      CRM_TEXT_FIELD(uscc, F::kUpdatable | F::kMergeable | F::kImported),
      CRM_TEXT_FIELD(industry, F::kUpdatable | F::kMergeable | F::kImported),
      CRM_TEXT_FIELD(region, F::kUpdatable | F::kMergeable | F::kImported),
      F{"ownership_type", F::kUpdatable | F::kMergeable | F::kImported,
        [](const v1::Customer& c) { return v1::OwnershipType_Name(c.ownership_type()); },
        [](const v1::Customer& c) { return c.ownership_type() != v1::OWNERSHIP_TYPE_UNSPECIFIED; },
        [](const v1::Customer& from, v1::Customer& to) {
          to.set_ownership_type(from.ownership_type());
        }},
      F{"size_band", F::kUpdatable | F::kMergeable | F::kImported,
        [](const v1::Customer& c) { return v1::SizeBand_Name(c.size_band()); },
        [](const v1::Customer& c) { return c.size_band() != v1::SIZE_BAND_UNSPECIFIED; },
        [](const v1::Customer& from, v1::Customer& to) { to.set_size_band(from.size_band()); }},
      F{"state", 0, [](const v1::Customer& c) { return v1::Customer::State_Name(c.state()); },
        [](const v1::Customer& c) { return c.state() != v1::Customer::STATE_UNSPECIFIED; },
        [](const v1::Customer& from, v1::Customer& to) { to.set_state(from.state()); }},
      CRM_TEXT_FIELD(merged_into, 0),
      CRM_TEXT_FIELD(owner_org_unit, 0),
      F{"tags", F::kUpdatable | F::kImported,
        [](const v1::Customer& c) { return absl::StrJoin(c.tags(), ", "); },
        [](const v1::Customer& c) { return !c.tags().empty(); },
        [](const v1::Customer& from, v1::Customer& to) { *to.mutable_tags() = from.tags(); }},
      F{"external_references", F::kUpdatable, JoinReferences,
        [](const v1::Customer& c) { return !c.external_references().empty(); },
        [](const v1::Customer& from, v1::Customer& to) {
          *to.mutable_external_references() = from.external_references();
        }},
      F{"account_team", 0, JoinTeam,
        [](const v1::Customer& c) { return !c.account_team().empty(); },
        [](const v1::Customer& from, v1::Customer& to) {
          *to.mutable_account_team() = from.account_team();
        }},
  };
  return kFields;
}

#undef CRM_TEXT_FIELD

const CustomerField* FindCustomerField(std::string_view name) {
  for (const CustomerField& field : CustomerFields()) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

std::vector<std::string> CustomerFieldNames(CustomerField::Use use) {
  std::vector<std::string> names;
  for (const CustomerField& field : CustomerFields()) {
    if (field.Has(use)) names.emplace_back(field.name);
  }
  return names;
}

}  // namespace crm::customer
