#ifndef CRM_SERVICES_OPPORTUNITY_PIPELINE_OPPORTUNITY_FIELDS_H_
#define CRM_SERVICES_OPPORTUNITY_PIPELINE_OPPORTUNITY_FIELDS_H_

// The fields of an opportunity a seller sets (CreateOpportunity, the paths of
// UpdateOpportunity's mask): their checks, and the values derived from them
// (line amounts and their sum).

#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "libs/status/status.h"

namespace crm::opportunity {

// UpdateOpportunity's mask paths, in the API's order.
inline constexpr const char* kUpdatablePaths[] = {"title",
                                                  "owner_org_unit",
                                                  "owner_user",
                                                  "collaborating_org_units",
                                                  "probability",
                                                  "forecast_category",
                                                  "amount",
                                                  "product_lines",
                                                  "expected_close_date",
                                                  "next_follow_up_date",
                                                  "lead_source",
                                                  "competitors",
                                                  "buying_committee",
                                                  "needs_survey"};
bool IsUpdatablePath(std::string_view path);

// Adds a violation under "opportunity.<field>" for every bad value among the
// fields `checked` says to check (every field on create), the committee and
// survey by the rules (rules/committee.h, rules/needs_survey.h). Names are
// checked here; whether the caller may use them is the store's question.
void CheckOpportunityFields(const v1::Opportunity& opportunity,
                            absl::FunctionRef<bool(std::string_view path)> checked,
                            status::FieldViolations& violations);

// Sets each product line's amount and, when there are lines, the
// opportunity's amount to their sum (rules/product_lines.h) in the amount's
// currency (the first line's when unset). OUT_OF_RANGE (MONEY_OVERFLOW) when
// a line or the sum is beyond int64 fen.
absl::Status PriceOpportunity(v1::Opportunity& opportunity);

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_PIPELINE_OPPORTUNITY_FIELDS_H_
