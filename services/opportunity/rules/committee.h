#ifndef CRM_SERVICES_OPPORTUNITY_RULES_COMMITTEE_H_
#define CRM_SERVICES_OPPORTUNITY_RULES_COMMITTEE_H_

// The buying committee (决策链): the customer's contacts in this deal, with
// their role, stance and influence.

#include <string_view>

#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "libs/status/status.h"

namespace crm::opportunity {

inline constexpr int kMaxCommitteeMembers = 50;
inline constexpr int kMaxInfluence = 5;

using CommitteeMembers = google::protobuf::RepeatedPtrField<v1::CommitteeMember>;

// Adds every problem of a committee under `field` (e.g.
// "opportunity.buying_committee"): up to 50 members; each a well-formed
// contact name (customers/{uuid}/contacts/{uuid}) not given twice, a role,
// a known stance (or none) and an influence from 0 (not assessed) to 5.
// Whether the contacts exist, and belong to the customer or its group, is the
// customer service's to say. display_name is output only and not read.
void ValidateCommittee(const CommitteeMembers& members, std::string_view field,
                       status::FieldViolations& violations);

// Whether a member has the role DECISION_MAKER (the stage gate's question).
bool HasDecisionMaker(const CommitteeMembers& members);

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_RULES_COMMITTEE_H_
