#include "services/contract/contracts/contract_fields.h"

#include <algorithm>
#include <iterator>

#include "absl/strings/str_join.h"
#include "libs/strings/str_cat.h"

namespace crm::contract {
namespace {

bool Updatable(std::string_view field) {
  return std::any_of(std::begin(kUpdatableFields), std::end(kUpdatableFields),
                     [&](const char* known) { return field == known; });
}

}  // namespace

std::vector<std::string> MaskedFields(const google::protobuf::FieldMask& mask,
                                      status::FieldViolations& violations) {
  std::vector<std::string> fields;
  if (mask.paths().empty()) {
    violations.Add("update_mask",
                   crm::StrCat("update_mask: is required; name the fields to change among ",
                               absl::StrJoin(kUpdatableFields, ", ")));
    return fields;
  }
  for (int i = 0; i < mask.paths_size(); ++i) {
    const std::string& path = mask.paths(i);
    const std::string field = path.substr(0, path.find('.'));
    if (Updatable(field) && field != path) {
      // A part of a field (title.x, amount.minor_units) is refused rather
      // than taken as the whole field: a client asking for less than it gets
      // would be surprised by the write.
      const std::string at = crm::StrCat("update_mask.paths[", i, "]");
      violations.Add(at, crm::StrCat(at, ": '", path.substr(0, 100), "' names a part of ", field,
                                     "; UpdateContract replaces whole fields: name '", field, "'"));
      continue;
    }
    if (!Updatable(field)) {
      const std::string at = crm::StrCat("update_mask.paths[", i, "]");
      violations.Add(at, crm::StrCat(at, ": '", path.substr(0, 100),
                                     "' is not a field UpdateContract changes; it changes ",
                                     absl::StrJoin(kUpdatableFields, ", ")));
      continue;
    }
    if (std::find(fields.begin(), fields.end(), field) == fields.end()) fields.push_back(field);
  }
  return fields;
}

void ApplyFields(const v1::Contract& from, const std::vector<std::string>& fields,
                 const std::string& caller_user, v1::Contract& to) {
  for (const std::string& field : fields) {
    if (field == "title") {
      to.set_title(from.title());
    } else if (field == "customer") {
      to.set_customer(from.customer());
    } else if (field == "signing_org_unit") {
      to.set_signing_org_unit(from.signing_org_unit());
    } else if (field == "owner_user") {
      to.set_owner_user(from.owner_user().empty() ? caller_user : from.owner_user());
    } else if (field == "amount") {
      if (from.has_amount()) {
        *to.mutable_amount() = from.amount();
      } else {
        to.clear_amount();
      }
    } else if (field == "start_date") {
      if (from.has_start_date()) {
        *to.mutable_start_date() = from.start_date();
      } else {
        to.clear_start_date();
      }
    } else if (field == "end_date") {
      if (from.has_end_date()) {
        *to.mutable_end_date() = from.end_date();
      } else {
        to.clear_end_date();
      }
    } else if (field == "payment_terms") {
      to.set_payment_terms(from.payment_terms());
    } else if (field == "framework") {
      to.set_framework(from.framework());
    } else if (field == "attachments") {
      *to.mutable_attachments() = from.attachments();
    } else if (field == "payment_milestones") {
      to.clear_payment_milestones();
      for (const v1::PaymentMilestone& m : from.payment_milestones()) {
        v1::PaymentMilestone& copy = *to.add_payment_milestones();
        if (m.has_due_date()) *copy.mutable_due_date() = m.due_date();
        if (m.has_amount()) *copy.mutable_amount() = m.amount();
        copy.set_description(m.description());
      }
    }
  }
}

}  // namespace crm::contract
