#ifndef CRM_SERVICES_OPPORTUNITY_CORE_OPPORTUNITY_ROW_H_
#define CRM_SERVICES_OPPORTUNITY_CORE_OPPORTUNITY_ROW_H_

// One opportunity as every store of the service reads it: the SELECT list of
// a row of opportunity.opportunities aliased `o` and its mapping to
// v1::Opportunity, so the pipeline, the stale list and anyone else show the
// same fields the same way. The JSON columns (product_lines,
// buying_committee, needs_survey) hold the proto messages as proto JSON with
// the proto's field names and enums as numbers (ToStoredJson), which the
// row mapping reads back as they are.

#include <cstdint>
#include <string>
#include <string_view>

#include "crm/common/v1/date.pb.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "pqxx/pqxx"

namespace crm::opportunity {

// The columns of an opportunity aliased `o`, kOpportunityColumnCount of
// them; a statement may select more after them. The customer's display name
// comes from the customer replica (opportunity.replica_customers).
#define CRM_OPPORTUNITY_COLUMNS                                                                   \
  "o.id::text, o.customer_id::text,"                                                              \
  " coalesce((SELECT rc.display_name FROM opportunity.replica_customers rc"                       \
  "   WHERE rc.customer_id = o.customer_id), ''),"                                                \
  " o.title, o.owner_org_unit, o.owner_user, o.stage, o.probability, o.probability_overridden,"   \
  " o.forecast_category, o.currency_code, o.amount_minor,"                                        \
  " coalesce(o.expected_close_date::text, ''), coalesce(o.next_follow_up_date::text, ''),"        \
  " o.lead_source, o.loss_reason, o.loss_reason_text, coalesce(o.close_date::text, ''),"          \
  " jsonb_build_object('product_lines', o.product_lines, 'buying_committee', o.buying_committee," \
  "   'needs_survey', o.needs_survey, 'collaborating_org_units',"                                 \
  "   to_jsonb(o.collaborating_org_units), 'competitors', to_jsonb(o.competitors))::text,"        \
  " o.survey_completeness_bp, o.stage_model_version,"                                             \
  " (extract(epoch FROM o.stage_enter_time) * 1000000)::bigint,"                                  \
  " coalesce((extract(epoch FROM o.last_activity_time) * 1000000)::bigint, -1), o.version,"       \
  " (extract(epoch FROM o.create_time) * 1000000)::bigint,"                                       \
  " (extract(epoch FROM o.update_time) * 1000000)::bigint"
inline constexpr char kOpportunityColumns[] = CRM_OPPORTUNITY_COLUMNS;
inline constexpr int kOpportunityColumnCount = 26;

// The opportunity in columns [first, first + kOpportunityColumnCount) of
// `row`, selected with CRM_OPPORTUNITY_COLUMNS.
v1::Opportunity OpportunityFromRow(const pqxx::row& row, int first = 0);

// The version behind an opportunity's etag (0 when the etag is not one).
int64_t VersionOf(const v1::Opportunity& opportunity);

// The JSON stored in the jsonb columns: a message as proto JSON with the
// proto's field names and enums as numbers ("{}" for an empty message).
std::string ToStoredJson(const google::protobuf::Message& message);
// The stored JSON of a repeated field: `opportunity`'s product_lines or
// buying_committee as a JSON array ("[]" when empty).
std::string ProductLinesJson(const v1::Opportunity& opportunity);
std::string BuyingCommitteeJson(const v1::Opportunity& opportunity);

// Calendar dates as PostgreSQL writes them: "2026-12-31" <-> Date. An unset
// Date (all zero) is "" and the other way round; text that is no date gives
// an unset Date.
std::string IsoDate(const common::v1::Date& date);
common::v1::Date DateOfIso(std::string_view iso);
inline bool IsSet(const common::v1::Date& date) {
  return date.year() != 0 || date.month() != 0 || date.day() != 0;
}

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_CORE_OPPORTUNITY_ROW_H_
