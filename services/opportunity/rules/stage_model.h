#ifndef CRM_SERVICES_OPPORTUNITY_RULES_STAGE_MODEL_H_
#define CRM_SERVICES_OPPORTUNITY_RULES_STAGE_MODEL_H_

// The stage model: each stage's default probability, the gates for moving
// past SOLUTION, and when an open opportunity goes stale. HQ replaces it with
// a new version; opportunities keep what they were given.

#include <array>
#include <cstdint>

#include "absl/status/statusor.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "libs/status/status.h"

namespace crm::opportunity {

inline constexpr int kMaxProbability = 100;
inline constexpr int kFullSurveyBp = 10000;  // 100% in basis points
inline constexpr int kMinStaleAfterDays = 1;
inline constexpr int kMaxStaleAfterDays = 365;

struct StageModel {
  int64_t version = 0;
  // The default probability of each stage, indexed by its Stage number
  // (index 0, STAGE_UNSPECIFIED, is unused).
  std::array<int, 8> probabilities{};
  // Moving past SOLUTION needs a needs survey this complete (0: no gate).
  int min_survey_completeness_bp = 0;
  // Moving past SOLUTION needs a DECISION_MAKER in the buying committee.
  bool require_decision_maker = false;
  // Days without activity before an open opportunity is stale.
  int stale_after_days = 14;

  // The stage's default probability; 0 for a number outside LEAD … LOST.
  int Probability(int stage) const;
};

// DOMAIN.md's defaults, version 1 (as seeded by migration 0001): LEAD 10,
// DISCOVERY 20, SOLUTION 40, QUOTE 60, NEGOTIATION 80, WON 100, LOST 0; past
// SOLUTION a complete needs survey (10000 bp) and a decision maker; stale
// after 14 days.
StageModel DefaultStageModel();

// The API form: name "stageModel", the stages LEAD … LOST in order. The etag
// and update time are the store's.
v1::StageModel StageModelToProto(const StageModel& model);

// The rules form of a model from the API (its version included), or
// INVALID_ARGUMENT with what ValidateStageModel finds.
absl::StatusOr<StageModel> StageModelFromProto(const v1::StageModel& proto);

// Adds every problem of a model sent to UpdateStageModel, under
// "stage_model.…": each stage LEAD … LOST exactly once; probabilities 0-100
// with WON 100 and LOST 0; the open stages' probabilities never decreasing
// from LEAD to NEGOTIATION; the survey gate 0-10000 basis points; stale after
// 1-365 days. E.g. "stage_model.stages[2].probability: 120 is above 100".
void ValidateStageModel(const v1::StageModel& model, status::FieldViolations& violations);

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_RULES_STAGE_MODEL_H_
