#include "services/opportunity/rules/stage_model.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "libs/status/violations_for_test.h"

namespace crm::opportunity {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> Problems(const v1::StageModel& model) {
  status::FieldViolations violations;
  ValidateStageModel(model, violations);
  return status::testing::Descriptions(violations);
}

v1::StageModel DefaultProto() { return StageModelToProto(DefaultStageModel()); }

TEST(DefaultStageModelTest, IsDomainMdsDefaults) {
  const StageModel model = DefaultStageModel();
  EXPECT_EQ(model.version, 1);
  EXPECT_EQ(model.Probability(v1::LEAD), 10);
  EXPECT_EQ(model.Probability(v1::DISCOVERY), 20);
  EXPECT_EQ(model.Probability(v1::SOLUTION), 40);
  EXPECT_EQ(model.Probability(v1::QUOTE), 60);
  EXPECT_EQ(model.Probability(v1::NEGOTIATION), 80);
  EXPECT_EQ(model.Probability(v1::WON), 100);
  EXPECT_EQ(model.Probability(v1::LOST), 0);
  EXPECT_EQ(model.min_survey_completeness_bp, 10000);
  EXPECT_TRUE(model.require_decision_maker);
  EXPECT_EQ(model.stale_after_days, 14);
  EXPECT_EQ(model.Probability(v1::STAGE_UNSPECIFIED), 0);
  EXPECT_EQ(model.Probability(8), 0);
  EXPECT_EQ(model.Probability(-1), 0);
}

TEST(StageModelProtoTest, ListsTheStagesInOrder) {
  const v1::StageModel proto = DefaultProto();
  EXPECT_EQ(proto.name(), "stageModel");
  EXPECT_EQ(proto.version(), 1);
  ASSERT_EQ(proto.stages_size(), 7);
  const int expected[] = {10, 20, 40, 60, 80, 100, 0};
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(proto.stages(i).stage(), i + 1);
    EXPECT_EQ(proto.stages(i).probability(), expected[i]);
  }
  EXPECT_EQ(proto.min_survey_completeness_bp(), 10000);
  EXPECT_TRUE(proto.require_decision_maker());
  EXPECT_EQ(proto.stale_after_days(), 14);
  EXPECT_THAT(Problems(proto), IsEmpty());
}

TEST(StageModelProtoTest, RoundTripsInAnyOrder) {
  v1::StageModel proto = DefaultProto();
  proto.set_version(7);
  proto.mutable_stages()->SwapElements(0, 6);  // LOST first, LEAD last
  proto.mutable_stages(3)->set_probability(65);
  proto.set_min_survey_completeness_bp(5000);
  proto.set_require_decision_maker(false);
  proto.set_stale_after_days(30);
  absl::StatusOr<StageModel> model = StageModelFromProto(proto);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->version, 7);
  EXPECT_EQ(model->Probability(v1::LEAD), 10);
  EXPECT_EQ(model->Probability(v1::LOST), 0);
  EXPECT_EQ(model->Probability(v1::QUOTE), 65);
  EXPECT_EQ(model->min_survey_completeness_bp, 5000);
  EXPECT_FALSE(model->require_decision_maker);
  EXPECT_EQ(model->stale_after_days, 30);
  const v1::StageModel back = StageModelToProto(*model);
  EXPECT_EQ(back.stages(0).stage(), v1::LEAD);
  EXPECT_EQ(back.stages(3).probability(), 65);
}

TEST(StageModelProtoTest, FromProtoRefusesAnInvalidModel) {
  v1::StageModel proto = DefaultProto();
  proto.mutable_stages(2)->set_probability(120);
  absl::StatusOr<StageModel> model = StageModelFromProto(proto);
  ASSERT_EQ(model.status().code(), absl::StatusCode::kInvalidArgument);
  const auto violations = status::GetFieldViolations(model.status());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field(), "stage_model.stages[2].probability");
  EXPECT_EQ(status::GetErrorInfo(model.status())->domain(), "opportunity.crm");
}

TEST(ValidateStageModelTest, ProbabilitiesWithinZeroToHundred) {
  v1::StageModel proto = DefaultProto();
  proto.mutable_stages(2)->set_probability(120);
  proto.mutable_stages(0)->set_probability(-1);
  EXPECT_THAT(Problems(proto), ElementsAre("stage_model.stages[0].probability: -1 is below 0",
                                           "stage_model.stages[2].probability: 120 is above 100"));
}

TEST(ValidateStageModelTest, WonIsHundredAndLostZero) {
  v1::StageModel proto = DefaultProto();
  proto.mutable_stages(5)->set_probability(90);
  proto.mutable_stages(6)->set_probability(5);
  EXPECT_THAT(Problems(proto), ElementsAre("stage_model.stages[5].probability: WON must be 100, "
                                           "got 90",
                                           "stage_model.stages[6].probability: LOST must be 0, "
                                           "got 5"));
}

TEST(ValidateStageModelTest, OpenStagesMustNotDecrease) {
  v1::StageModel proto = DefaultProto();
  proto.mutable_stages(3)->set_probability(30);  // QUOTE below SOLUTION's 40
  EXPECT_THAT(Problems(proto),
              ElementsAre("stage_model.stages[3].probability: QUOTE at 30 is below SOLUTION at "
                          "40; the open stages' probabilities must not decrease from LEAD to "
                          "NEGOTIATION"));
  // Equal neighbours are fine, and so is NEGOTIATION at 100.
  proto.mutable_stages(3)->set_probability(40);
  proto.mutable_stages(4)->set_probability(100);
  EXPECT_THAT(Problems(proto), IsEmpty());
}

TEST(ValidateStageModelTest, OrderIsByStageNotByPosition) {
  v1::StageModel proto = DefaultProto();
  proto.mutable_stages()->SwapElements(1, 4);  // NEGOTIATION at [1], DISCOVERY at [4]
  EXPECT_THAT(Problems(proto), IsEmpty());
  proto.mutable_stages(4)->set_probability(50);  // DISCOVERY 50 > SOLUTION 40
  EXPECT_THAT(Problems(proto),
              ElementsAre("stage_model.stages[2].probability: SOLUTION at 40 is below DISCOVERY "
                          "at 50; the open stages' probabilities must not decrease from LEAD to "
                          "NEGOTIATION"));
}

TEST(ValidateStageModelTest, EveryStageExactlyOnce) {
  v1::StageModel proto = DefaultProto();
  proto.mutable_stages(3)->set_stage(v1::DISCOVERY);  // QUOTE replaced by a second DISCOVERY
  proto.mutable_stages()->RemoveLast();               // LOST gone
  EXPECT_THAT(Problems(proto),
              ElementsAre("stage_model.stages[3].stage: DISCOVERY is given again (first at "
                          "stages[1]); give each stage once",
                          "stage_model.stages: QUOTE, LOST are missing; give each stage LEAD … "
                          "LOST once"));
}

TEST(ValidateStageModelTest, UnknownAndUnspecifiedStages) {
  v1::StageModel proto = DefaultProto();
  proto.mutable_stages(0)->set_stage(v1::STAGE_UNSPECIFIED);
  proto.mutable_stages(1)->set_stage(static_cast<v1::Stage>(42));
  status::FieldViolations violations;
  ValidateStageModel(proto, violations);
  EXPECT_THAT(status::testing::Fields(violations),
              ElementsAre("stage_model.stages[0].stage", "stage_model.stages[1].stage",
                          "stage_model.stages"));
  EXPECT_EQ(status::testing::Descriptions(violations)[2],
            "stage_model.stages: LEAD, DISCOVERY are missing; give each stage LEAD … LOST once");
}

TEST(ValidateStageModelTest, EmptyModelNamesEveryMissingStage) {
  v1::StageModel proto;
  proto.set_stale_after_days(14);
  EXPECT_THAT(Problems(proto),
              ElementsAre("stage_model.stages: LEAD, DISCOVERY, SOLUTION, QUOTE, NEGOTIATION, WON, "
                          "LOST are missing; give each stage LEAD … LOST once"));
}

TEST(ValidateStageModelTest, GateAndStaleDaysBounds) {
  v1::StageModel proto = DefaultProto();
  proto.set_min_survey_completeness_bp(0);
  proto.set_stale_after_days(1);
  EXPECT_THAT(Problems(proto), IsEmpty());
  proto.set_stale_after_days(365);
  EXPECT_THAT(Problems(proto), IsEmpty());
  proto.set_min_survey_completeness_bp(10001);
  proto.set_stale_after_days(0);
  EXPECT_THAT(Problems(proto),
              ElementsAre("stage_model.min_survey_completeness_bp: 10001 is above 10000",
                          "stage_model.stale_after_days: 0 is below 1"));
  proto.set_min_survey_completeness_bp(-1);
  proto.set_stale_after_days(366);
  EXPECT_THAT(Problems(proto), ElementsAre("stage_model.min_survey_completeness_bp: -1 is below 0",
                                           "stage_model.stale_after_days: 366 is above 365"));
}

}  // namespace
}  // namespace crm::opportunity
