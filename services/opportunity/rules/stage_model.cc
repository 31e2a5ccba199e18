#include "services/opportunity/rules/stage_model.h"

#include <optional>
#include <string>
#include <vector>

#include "libs/strings/str_cat.h"
#include "libs/validation/enum_value.h"
#include "libs/validation/number_field.h"
#include "services/opportunity/rules/errors.h"
#include "services/opportunity/rules/stages.h"

namespace crm::opportunity {
namespace {

constexpr char kStageModelName[] = "stageModel";

std::string StagePath(int index, std::string_view leaf) {
  return crm::StrCat("stage_model.stages[", index, "].", leaf);
}

// Where each stage is in `model.stages`, adding a violation for unknown and
// repeated stages; nullopt for a missing one.
std::array<std::optional<int>, 8> IndexStages(const v1::StageModel& model,
                                              status::FieldViolations& violations) {
  std::array<std::optional<int>, 8> index_of;
  for (int i = 0; i < model.stages_size(); ++i) {
    const int stage = model.stages(i).stage();
    const size_t before = violations.size();
    validation::CheckEnum<v1::Stage>(stage, StagePath(i, "stage"), validation::Presence::kRequired,
                                     violations);
    if (violations.size() != before) continue;
    if (index_of[stage].has_value()) {
      violations.Add(StagePath(i, "stage"),
                     crm::StrCat(StagePath(i, "stage"), ": ", StageName(stage),
                                 " is given again (first at stages[", *index_of[stage],
                                 "]); give each stage once"));
      continue;
    }
    index_of[stage] = i;
  }
  std::string missing;
  int missing_count = 0;
  for (v1::Stage stage : kAllStages) {
    if (index_of[stage].has_value()) continue;
    crm::StrAppend(&missing, missing.empty() ? "" : ", ", StageName(stage));
    ++missing_count;
  }
  if (missing_count > 0) {
    violations.Add("stage_model.stages",
                   crm::StrCat("stage_model.stages: ", missing, missing_count == 1 ? " is" : " are",
                               " missing; give each stage LEAD … LOST once"));
  }
  return index_of;
}

// The probability of each stage given once and within 0-100, adding the
// violations of the ones that are not.
void CheckProbabilities(const v1::StageModel& model,
                        const std::array<std::optional<int>, 8>& index_of,
                        status::FieldViolations& violations) {
  std::optional<int> previous_open;  // stage number
  for (v1::Stage stage : kAllStages) {
    if (!index_of[stage].has_value()) continue;
    const int i = *index_of[stage];
    const int probability = model.stages(i).probability();
    const std::string path = StagePath(i, "probability");
    const size_t before = violations.size();
    validation::CheckRange(probability, 0, kMaxProbability, path, violations);
    if (violations.size() != before) continue;
    if (stage == v1::WON && probability != kMaxProbability) {
      violations.Add(path, crm::StrCat(path, ": WON must be 100, got ", probability));
    } else if (stage == v1::LOST && probability != 0) {
      violations.Add(path, crm::StrCat(path, ": LOST must be 0, got ", probability));
    } else if (IsOpenStage(stage)) {
      if (previous_open.has_value()) {
        const int previous = model.stages(*index_of[*previous_open]).probability();
        if (probability < previous) {
          violations.Add(
              path, crm::StrCat(path, ": ", StageName(stage), " at ", probability, " is below ",
                                StageName(*previous_open), " at ", previous,
                                "; the open stages' probabilities must not decrease "
                                "from LEAD to NEGOTIATION"));
        }
      }
      previous_open = stage;
    }
  }
}

}  // namespace

int StageModel::Probability(int stage) const {
  if (stage < v1::LEAD || stage > v1::LOST) return 0;
  return probabilities[stage];
}

StageModel DefaultStageModel() {
  StageModel model;
  model.version = 1;
  model.probabilities[v1::LEAD] = 10;
  model.probabilities[v1::DISCOVERY] = 20;
  model.probabilities[v1::SOLUTION] = 40;
  model.probabilities[v1::QUOTE] = 60;
  model.probabilities[v1::NEGOTIATION] = 80;
  model.probabilities[v1::WON] = 100;
  model.probabilities[v1::LOST] = 0;
  model.min_survey_completeness_bp = kFullSurveyBp;
  model.require_decision_maker = true;
  model.stale_after_days = 14;
  return model;
}

v1::StageModel StageModelToProto(const StageModel& model) {
  v1::StageModel proto;
  proto.set_name(kStageModelName);
  proto.set_version(model.version);
  for (v1::Stage stage : kAllStages) {
    v1::StageSetting& setting = *proto.add_stages();
    setting.set_stage(stage);
    setting.set_probability(model.Probability(stage));
  }
  proto.set_min_survey_completeness_bp(model.min_survey_completeness_bp);
  proto.set_require_decision_maker(model.require_decision_maker);
  proto.set_stale_after_days(model.stale_after_days);
  return proto;
}

absl::StatusOr<StageModel> StageModelFromProto(const v1::StageModel& proto) {
  status::FieldViolations violations;
  ValidateStageModel(proto, violations);
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);
  StageModel model;
  model.version = proto.version();
  for (const v1::StageSetting& setting : proto.stages()) {
    model.probabilities[setting.stage()] = setting.probability();
  }
  model.min_survey_completeness_bp = proto.min_survey_completeness_bp();
  model.require_decision_maker = proto.require_decision_maker();
  model.stale_after_days = proto.stale_after_days();
  return model;
}

void ValidateStageModel(const v1::StageModel& model, status::FieldViolations& violations) {
  const std::array<std::optional<int>, 8> index_of = IndexStages(model, violations);
  CheckProbabilities(model, index_of, violations);
  validation::CheckRange(model.min_survey_completeness_bp(), 0, kFullSurveyBp,
                         "stage_model.min_survey_completeness_bp", violations);
  validation::CheckRange(model.stale_after_days(), kMinStaleAfterDays, kMaxStaleAfterDays,
                         "stage_model.stale_after_days", violations);
}

}  // namespace crm::opportunity
