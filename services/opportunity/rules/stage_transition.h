#ifndef CRM_SERVICES_OPPORTUNITY_RULES_STAGE_TRANSITION_H_
#define CRM_SERVICES_OPPORTUNITY_RULES_STAGE_TRANSITION_H_

// The stage state machine as one pure function: from what an opportunity is
// now, what is asked, who asks and the stage model in force, either the
// opportunity's next stage facts or the error that refuses the change.
//
//   open stage ──ChangeStage──▶ another open stage (forward, skipping, or back)
//   open stage ──Win──▶ WON      (an amount above 0 and a close date)
//   open stage ──Lose──▶ LOST    (a loss reason; OTHER with words)
//   WON | LOST ──Reopen──▶ open stage   (HQ or the owner org unit, with a reason)
//
// Moving past SOLUTION (to QUOTE, NEGOTIATION or WON from SOLUTION or
// before, or reopening at QUOTE or NEGOTIATION) passes the stage model's
// gates: a needs survey at least min_survey_completeness_bp complete and,
// when required, a DECISION_MAKER in the buying committee.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "libs/status/status.h"
#include "services/opportunity/rules/stage_model.h"

namespace crm::opportunity {

// What the state machine reads of an opportunity.
struct OpportunityFacts {
  v1::Stage stage = v1::LEAD;
  // The furthest stage reached (WON once won; LOST never counts).
  v1::Stage furthest_stage = v1::LEAD;
  int probability = 0;
  bool probability_overridden = false;
  v1::ForecastCategory forecast_category = v1::PIPELINE;
  int64_t amount_minor_units = 0;
  // The close date the change would store (WinOpportunity: the request's or
  // today's).
  bool has_close_date = false;
  int survey_completeness_bp = 0;
  bool has_decision_maker = false;
};

// The requests, one per RPC. Their fields are named as in the RPC's request
// message, so violations read "stage: …", "loss_reason: …", "reason: …".
struct ChangeStageTo {
  v1::Stage stage = v1::STAGE_UNSPECIFIED;
};
struct Win {};
struct Lose {
  v1::LossReason reason = v1::LOSS_REASON_UNSPECIFIED;
  std::string text;  // up to 2000 characters; required with OTHER
};
struct Reopen {
  v1::Stage stage = v1::STAGE_UNSPECIFIED;
  std::string reason;  // 1-2000 characters
};
using StageTransition = std::variant<ChangeStageTo, Win, Lose, Reopen>;

// How the caller stands to the opportunity.
struct CallerRelation {
  bool is_hq = false;
  // The caller's org unit is the opportunity's owner org unit.
  bool is_owner_org_unit = false;
};

// The opportunity after the change.
struct TransitionResult {
  v1::Stage stage = v1::STAGE_UNSPECIFIED;
  // The new stage's default unless overridden; WON 100 and LOST 0 always; a
  // reopening starts again from the default (and drops the override).
  int probability = 0;
  bool probability_overridden = false;
  // WON → CLOSED, LOST → OMITTED, reopened → PIPELINE; between open stages
  // unchanged, except that CLOSED, OMITTED (and unset) become PIPELINE.
  v1::ForecastCategory forecast_category = v1::PIPELINE;
  // Open stages passed over going forward (LEAD → QUOTE: DISCOVERY,
  // SOLUTION; DISCOVERY → WON: SOLUTION, QUOTE, NEGOTIATION).
  std::vector<v1::Stage> skipped_stages;
  v1::Stage furthest_stage = v1::LEAD;
  // A reopening also clears the close date and loss reason.
  bool reopened = false;
  // Set for LOST only.
  v1::LossReason loss_reason = v1::LOSS_REASON_UNSPECIFIED;
  std::string loss_reason_text;
  // The stage model version the change was judged by.
  int64_t stage_model_version = 0;
};

// Adds the problems of a request's own fields (INVALID_ARGUMENT material):
// ChangeStage and Reopen need an open stage (WON and LOST are reached with
// WinOpportunity and LoseOpportunity), Lose a loss reason (with OTHER, words
// of up to 2000 characters), Reopen a reason of 1-2000 characters.
void ValidateTransition(const StageTransition& transition, status::FieldViolations& violations);

// The change, or the error refusing it (domain "opportunity.crm"):
//   INVALID_ARGUMENT     what ValidateTransition finds
//   PERMISSION_DENIED    REOPEN_NOT_PERMITTED: neither HQ nor the owner org unit
//   FAILED_PRECONDITION  OPPORTUNITY_CLOSED, OPPORTUNITY_NOT_CLOSED,
//                        ALREADY_IN_STAGE, WIN_REQUIREMENTS_NOT_MET,
//                        STAGE_GATE_NOT_MET (naming every missing part, e.g.
//                        "needs survey is 5714 bp complete; 10000 needed to
//                        pass SOLUTION")
absl::StatusOr<TransitionResult> ApplyTransition(const OpportunityFacts& facts,
                                                 const StageTransition& transition,
                                                 const CallerRelation& caller,
                                                 const StageModel& model);

// Whole days from `entered` to `now`, rounded down; 0 when `now` is not
// after `entered` (clocks of two replicas may disagree a little).
int DaysInStage(absl::Time entered, absl::Time now);

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_RULES_STAGE_TRANSITION_H_
