#include "services/opportunity/pipeline/stage_moves.h"

#include <algorithm>
#include <variant>

#include "google/protobuf/util/time_util.h"
#include "libs/auth/data_scope.h"
#include "libs/validation/calendar_date.h"
#include "services/opportunity/core/opportunity_row.h"
#include "services/opportunity/rules/committee.h"
#include "services/opportunity/rules/needs_survey.h"

namespace crm::opportunity {
namespace {

using ::google::protobuf::util::TimeUtil;

v1::OpportunityEvent::Type EventOf(const StageTransition& transition) {
  if (std::holds_alternative<Win>(transition)) return v1::OpportunityEvent::OPPORTUNITY_WON;
  if (std::holds_alternative<Lose>(transition)) return v1::OpportunityEvent::OPPORTUNITY_LOST;
  if (std::holds_alternative<Reopen>(transition)) {
    return v1::OpportunityEvent::OPPORTUNITY_REOPENED;
  }
  return v1::OpportunityEvent::STAGE_CHANGED;
}

}  // namespace

common::v1::Date TodayInChina(absl::Time now) {
  return validation::FromCivilDay(absl::ToCivilDay(now, absl::FixedTimeZone(8 * 60 * 60)));
}

absl::StatusOr<ChangeNote> ApplyStageTransition(StoredOpportunity& o,
                                                const StageTransition& transition,
                                                const auth::v1::Principal& caller,
                                                const common::v1::Date& close_date,
                                                const StageModel& model, absl::Time now) {
  v1::Opportunity& view = o.view;
  const OpportunityFacts facts{
      .stage = view.stage(),
      .furthest_stage = static_cast<v1::Stage>(o.furthest_stage),
      .probability = view.probability(),
      .probability_overridden = view.probability_overridden(),
      .forecast_category = view.forecast_category(),
      .amount_minor_units = view.amount().minor_units(),
      // WinOpportunity closes on the request's date or today: there is one.
      .has_close_date = true,
      .survey_completeness_bp = SurveyCompletenessBp(view.needs_survey()),
      .has_decision_maker = HasDecisionMaker(view.buying_committee())};
  const CallerRelation relation{
      .is_hq = auth::ScopeOf(caller).all,
      .is_owner_org_unit = std::find(o.owner_org_unit_path.begin(), o.owner_org_unit_path.end(),
                                     caller.org_unit()) != o.owner_org_unit_path.end()};
  absl::StatusOr<TransitionResult> result = ApplyTransition(facts, transition, relation, model);
  if (!result.ok()) return result.status();

  const absl::Time entered =
      absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(view.stage_enter_time()));
  ChangeNote note{.event = EventOf(transition),
                  .days_in_previous_stage = DaysInStage(entered, now),
                  .skipped_stages = result->skipped_stages};
  if (const Reopen* reopen = std::get_if<Reopen>(&transition)) note.reason = reopen->reason;
  o.stage_days[view.stage()] += *note.days_in_previous_stage;
  o.furthest_stage = result->furthest_stage;
  view.set_stage(result->stage);
  view.set_probability(result->probability);
  view.set_probability_overridden(result->probability_overridden);
  view.set_forecast_category(result->forecast_category);
  view.set_stage_model_version(result->stage_model_version);
  *view.mutable_stage_enter_time() = TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now));
  view.set_loss_reason(result->loss_reason);
  view.set_loss_reason_text(result->loss_reason_text);
  if (result->reopened) view.clear_close_date();
  if (result->stage == v1::WON || result->stage == v1::LOST) {
    *view.mutable_close_date() = IsSet(close_date) ? close_date : TodayInChina(now);
  }
  return note;
}

}  // namespace crm::opportunity
