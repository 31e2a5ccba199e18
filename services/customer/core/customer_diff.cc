#include "services/customer/core/customer_diff.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/strings/str_cat.h"

namespace crm::customer {
namespace {

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

}  // namespace

std::vector<FieldChange> DiffCustomers(const v1::Customer& before, const v1::Customer& after) {
  std::vector<FieldChange> changes;
  auto compare = [&](const char* field, std::string old_value, std::string new_value) {
    if (old_value != new_value) {
      changes.push_back({field, std::move(old_value), std::move(new_value)});
    }
  };
  compare("display_name", before.display_name(), after.display_name());
  compare("legal_name", before.legal_name(), after.legal_name());
  compare("short_name", before.short_name(), after.short_name());
  compare("uscc", before.uscc(), after.uscc());
  compare("industry", before.industry(), after.industry());
  compare("region", before.region(), after.region());
  compare("ownership_type", v1::OwnershipType_Name(before.ownership_type()),
          v1::OwnershipType_Name(after.ownership_type()));
  compare("size_band", v1::SizeBand_Name(before.size_band()), v1::SizeBand_Name(after.size_band()));
  compare("state", v1::Customer::State_Name(before.state()),
          v1::Customer::State_Name(after.state()));
  compare("merged_into", before.merged_into(), after.merged_into());
  compare("owner_org_unit", before.owner_org_unit(), after.owner_org_unit());
  compare("tags", absl::StrJoin(before.tags(), ", "), absl::StrJoin(after.tags(), ", "));
  compare("external_references", JoinReferences(before), JoinReferences(after));
  compare("account_team", JoinTeam(before), JoinTeam(after));
  return changes;
}

const std::vector<std::string>& UpdatableCustomerPaths() {
  static const std::vector<std::string> kPaths = {
      "display_name", "legal_name",     "short_name", "uscc", "industry",
      "region",       "ownership_type", "size_band",  "tags", "external_references"};
  return kPaths;
}

void ApplyCustomerPaths(const v1::Customer& values, const std::vector<std::string>& paths,
                        v1::Customer& customer) {
  for (const std::string& path : paths) {
    if (path == "display_name")
      customer.set_display_name(values.display_name());
    else if (path == "legal_name")
      customer.set_legal_name(values.legal_name());
    else if (path == "short_name")
      customer.set_short_name(values.short_name());
    else if (path == "uscc")
      customer.set_uscc(values.uscc());
    else if (path == "industry")
      customer.set_industry(values.industry());
    else if (path == "region")
      customer.set_region(values.region());
    else if (path == "ownership_type")
      customer.set_ownership_type(values.ownership_type());
    else if (path == "size_band")
      customer.set_size_band(values.size_band());
    else if (path == "tags")
      *customer.mutable_tags() = values.tags();
    else if (path == "external_references") {
      *customer.mutable_external_references() = values.external_references();
    }
  }
}

}  // namespace crm::customer
