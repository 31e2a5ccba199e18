#include "services/opportunity/pipeline/committee_contacts.h"

#include <optional>

#include "libs/names/resource_names.h"
#include "libs/strings/str_cat.h"
#include "services/opportunity/core/opportunity_names.h"

namespace crm::opportunity {
absl::Status CommitteeContacts::Resolve(const auth::v1::Principal& caller,
                                        std::string_view request_id, const std::string& customer_id,
                                        OpportunityStore& store, v1::Opportunity& opportunity,
                                        status::FieldViolations& violations) const {
  for (int i = 0; i < opportunity.buying_committee_size(); ++i) {
    v1::CommitteeMember& member = *opportunity.mutable_buying_committee(i);
    const std::string field = crm::StrCat("opportunity.buying_committee[", i, "].contact");
    const std::optional<names::ContactIds> ids = names::ParseContactName(member.contact());
    if (!ids.has_value()) continue;  // the opportunity's validation said so
    if (ids->customer_id != customer_id) {
      absl::StatusOr<bool> same_group = store.SameGroup(customer_id, ids->customer_id);
      if (!same_group.ok()) return same_group.status();
      if (!*same_group) {
        violations.Add(field, crm::StrCat(field, ": ", member.contact(),
                                          " is a contact of a customer outside the group of ",
                                          names::CustomerName(customer_id),
                                          "; the committee takes the contacts of the customer "
                                          "and of its group"));
        continue;
      }
    }
    absl::StatusOr<std::optional<customer::v1::Contact>> contact = contacts_.FindLive(
        caller, request_id, names::ContactName(ids->customer_id, ids->contact_id));
    if (!contact.ok()) return contact.status();
    if (!contact->has_value()) {
      violations.Add(field, crm::StrCat(field, ": ", member.contact(),
                                        " is not a live contact the customer service shows you"));
      continue;
    }
    member.set_display_name((*contact)->display_name());
  }
  return absl::OkStatus();
}

}  // namespace crm::opportunity
