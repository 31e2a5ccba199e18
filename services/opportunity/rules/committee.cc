#include "services/opportunity/rules/committee.h"

#include <map>
#include <string>
#include <utility>

#include "libs/names/resource_names.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/enum_value.h"
#include "libs/validation/number_field.h"
#include "libs/validation/repeated_count.h"
#include "services/opportunity/rules/contact_field.h"

namespace crm::opportunity {

void ValidateCommittee(const CommitteeMembers& members, std::string_view field,
                       status::FieldViolations& violations) {
  validation::CheckCount(members.size(), 0, kMaxCommitteeMembers, field, violations);
  std::map<std::pair<std::string, std::string>, int> first_index;  // contact → member
  for (int i = 0; i < members.size() && i < kMaxCommitteeMembers; ++i) {
    const v1::CommitteeMember& member = members[i];
    const std::string path = crm::StrCat(field, "[", i, "]");
    const std::string contact_path = crm::StrCat(path, ".contact");
    if (std::optional<names::ContactIds> ids =
            ContactIdsOr(member.contact(), contact_path, violations)) {
      const auto [it, inserted] =
          first_index.try_emplace(std::make_pair(ids->customer_id, ids->contact_id), i);
      if (!inserted) {
        violations.Add(
            contact_path,
            crm::StrCat(contact_path, ": ", names::ContactName(ids->customer_id, ids->contact_id),
                        " is already in the committee at ", field, "[", it->second,
                        "]; give each contact once"));
      }
    }
    validation::CheckEnum<v1::CommitteeMember::DecisionRole>(
        member.role(), crm::StrCat(path, ".role"), validation::Presence::kRequired, violations);
    validation::CheckEnum<v1::CommitteeMember::Stance>(
        member.stance(), crm::StrCat(path, ".stance"), validation::Presence::kOptional, violations);
    validation::CheckRange(member.influence(), 0, kMaxInfluence, crm::StrCat(path, ".influence"),
                           violations);
  }
}

bool HasDecisionMaker(const CommitteeMembers& members) {
  for (const v1::CommitteeMember& member : members) {
    if (member.role() == v1::CommitteeMember::DECISION_MAKER) return true;
  }
  return false;
}

}  // namespace crm::opportunity
