#ifndef CRM_SERVICES_OPPORTUNITY_PIPELINE_OPPORTUNITY_FIELDS_H_
#define CRM_SERVICES_OPPORTUNITY_PIPELINE_OPPORTUNITY_FIELDS_H_

// The values derived from what a seller sets (line amounts and their sum);
// the checks of what they set are rules/opportunity_validation.h.

#include "absl/status/status.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"

namespace crm::opportunity {

// Sets each product line's amount and, when there are lines, the
// opportunity's amount to their sum (rules/product_lines.h) in the amount's
// currency (the first line's when unset). OUT_OF_RANGE (MONEY_OVERFLOW) when
// a line or the sum is beyond int64 fen.
absl::Status PriceOpportunity(v1::Opportunity& opportunity);

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_PIPELINE_OPPORTUNITY_FIELDS_H_
