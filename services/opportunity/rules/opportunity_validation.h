#ifndef CRM_SERVICES_OPPORTUNITY_RULES_OPPORTUNITY_VALIDATION_H_
#define CRM_SERVICES_OPPORTUNITY_RULES_OPPORTUNITY_VALIDATION_H_

// What a valid opportunity is at the API's door. Every violation is
// collected, under "opportunity.<field>", so one INVALID_ARGUMENT names them
// all and nothing is written.

#include <string>
#include <vector>

#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "google/protobuf/field_mask.pb.h"
#include "libs/status/status.h"

namespace crm::opportunity {

inline constexpr size_t kMaxTitleChars = 200;
inline constexpr size_t kMaxLeadSourceChars = 100;
inline constexpr int kMaxCompetitors = 20;
inline constexpr size_t kMaxCompetitorChars = 100;
inline constexpr int kMaxCollaboratingOrgUnits = 20;

// The paths UpdateOpportunity accepts, as its proto comment lists them:
// title, owner_org_unit, owner_user, collaborating_org_units, probability,
// forecast_category, amount, product_lines, expected_close_date,
// next_follow_up_date, lead_source, competitors, buying_committee,
// needs_survey.
const std::vector<std::string>& UpdatableOpportunityPaths();

// CreateOpportunityRequest.opportunity: a title of 1-200 characters; a
// well-formed customer (required); owner org unit, owner user and up to 20
// distinct collaborating org units well-formed when given; probability
// 0-100; stage unset or LEAD … NEGOTIATION; forecast category unset,
// PIPELINE, BEST_CASE, COMMIT or OMITTED (CLOSED is WinOpportunity's); amount
// valid Money of at least 0; product lines (ValidateProductLines, in the
// amount's currency); real calendar dates; lead source up to 100 characters;
// up to 20 competitors of 1-100; the buying committee and needs survey by
// their own rules. Output-only fields, name and etag are not read.
void ValidateOpportunityForCreate(const v1::Opportunity& opportunity,
                                  status::FieldViolations& violations);

// UpdateOpportunityRequest: every mask path allow-listed (otherwise
// "update_mask.paths[1]: 'stage' cannot be updated; allowed: …"), at least
// one, and the fields the mask names checked as on a create. Returns the
// allowed paths, each once, in the mask's order. Product lines are checked
// against the amount's currency when "amount" is in the mask too; the caller
// checks them against the stored amount otherwise. The name and etag are the
// caller's to parse.
std::vector<std::string> ValidateOpportunityUpdate(const v1::Opportunity& opportunity,
                                                   const google::protobuf::FieldMask& mask,
                                                   status::FieldViolations& violations);

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_RULES_OPPORTUNITY_VALIDATION_H_
