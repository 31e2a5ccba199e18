#include "services/collaboration/rules/request_validation.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::collaboration {
namespace {

using ::testing::UnorderedElementsAre;

constexpr char kCustomer[] = "customers/0a1b2c3d-0000-4000-8000-00000000000f";

v1::CollaborationRequest Valid() {
  v1::CollaborationRequest r;
  r.set_customer(kCustomer);
  r.set_title("华信能源 design + construction + materials");
  r.set_requesting_org_unit("orgUnits/sub-east");
  r.set_urgency(v1::URGENT);
  v1::Participant& p = *r.add_participants();
  p.set_org_unit("orgUnits/sub-west");
  p.set_task("施工方案");
  return r;
}

std::vector<std::string> Fields(const status::FieldViolations& violations) {
  std::vector<std::string> out;
  for (const auto& v : violations.bad_request().field_violations()) out.push_back(v.field());
  return out;
}

TEST(RequestValidationTest, AcceptsAValidRequest) {
  status::FieldViolations violations;
  ValidateNewRequest(Valid(), "collaboration_request", violations);
  EXPECT_TRUE(violations.empty()) << violations.bad_request().DebugString();
}

TEST(RequestValidationTest, NamesEveryViolationAtOnce) {
  v1::CollaborationRequest r;
  r.set_opportunity("opportunities/1");
  r.set_contract("contracts/0a1b2c3d-0000-4000-8000-00000000000f");
  r.set_description(std::string(4001, 'x'));
  r.set_step_owner("alice");
  status::FieldViolations violations;
  ValidateNewRequest(r, "collaboration_request", violations);
  EXPECT_THAT(Fields(violations),
              UnorderedElementsAre(
                  "collaboration_request.customer", "collaboration_request.contract",
                  "collaboration_request.opportunity", "collaboration_request.title",
                  "collaboration_request.description", "collaboration_request.urgency",
                  "collaboration_request.participants", "collaboration_request.step_owner"));
}

TEST(RequestValidationTest, ParticipantsAreDistinctOtherUnitsWithTasks) {
  v1::CollaborationRequest r = Valid();
  r.add_participants()->set_org_unit("orgUnits/sub-west");  // repeated, no task
  r.add_participants()->set_org_unit("orgUnits/sub-east");  // the requesting unit
  r.mutable_participants(2)->set_task("设计");
  r.add_participants()->set_org_unit("sub-north");  // not a name
  r.mutable_participants(3)->set_task("材料");
  r.mutable_participants(3)->set_owner("bob");
  status::FieldViolations violations;
  ValidateNewRequest(r, "collaboration_request", violations);
  EXPECT_THAT(Fields(violations),
              UnorderedElementsAre("collaboration_request.participants[1].org_unit",
                                   "collaboration_request.participants[1].task",
                                   "collaboration_request.participants[2].org_unit",
                                   "collaboration_request.participants[3].org_unit",
                                   "collaboration_request.participants[3].owner"));
}

TEST(RequestValidationTest, AtMostTwentyParticipants) {
  v1::CollaborationRequest r = Valid();
  r.clear_participants();
  for (int i = 0; i < 21; ++i) {
    v1::Participant& p = *r.add_participants();
    p.set_org_unit("orgUnits/unit-" + std::to_string(i));
    p.set_task("task");
  }
  status::FieldViolations violations;
  ValidateNewRequest(r, "collaboration_request", violations);
  EXPECT_THAT(Fields(violations), UnorderedElementsAre("collaboration_request.participants"));
}

TEST(RequestValidationTest, TitleCountsCharactersNotBytes) {
  v1::CollaborationRequest r = Valid();
  std::string title;
  for (int i = 0; i < 200; ++i) title += "协";
  r.set_title(title);
  status::FieldViolations ok;
  ValidateNewRequest(r, "collaboration_request", ok);
  EXPECT_TRUE(ok.empty());
  r.set_title(title + "同");
  status::FieldViolations too_long;
  ValidateNewRequest(r, "collaboration_request", too_long);
  EXPECT_THAT(Fields(too_long), UnorderedElementsAre("collaboration_request.title"));
}

TEST(RequestValidationTest, AnUpdateChecksOnlyTheMaskedFields) {
  v1::CollaborationRequest r;
  r.set_title("new title");
  const std::vector<std::string> paths = {"title"};
  status::FieldViolations violations;
  ValidateRequestUpdate(r, paths, "orgUnits/sub-east", "collaboration_request", violations);
  EXPECT_TRUE(violations.empty());

  const std::vector<std::string> bad = {"customer", "participants"};
  status::FieldViolations refused;
  ValidateRequestUpdate(r, bad, "orgUnits/sub-east", "collaboration_request", refused);
  EXPECT_THAT(Fields(refused),
              UnorderedElementsAre("update_mask", "collaboration_request.participants"));

  status::FieldViolations empty;
  ValidateRequestUpdate(r, {}, "orgUnits/sub-east", "collaboration_request", empty);
  EXPECT_THAT(Fields(empty), UnorderedElementsAre("update_mask"));
}

TEST(RequestValidationTest, AnUpdateRefusesTheStoredRequestingUnitAsParticipant) {
  v1::CollaborationRequest r;
  v1::Participant& p = *r.add_participants();
  p.set_org_unit("orgUnits/sub-east");
  p.set_task("x");
  const std::vector<std::string> paths = {"participants"};
  status::FieldViolations violations;
  ValidateRequestUpdate(r, paths, "orgUnits/sub-east", "collaboration_request", violations);
  EXPECT_THAT(Fields(violations),
              UnorderedElementsAre("collaboration_request.participants[0].org_unit"));
}

TEST(RequestValidationTest, StepDueTimeMustBeAValidTimestamp) {
  v1::CollaborationRequest r = Valid();
  r.mutable_step_due_time()->set_seconds(-99999999999999);
  status::FieldViolations violations;
  ValidateNewRequest(r, "collaboration_request", violations);
  EXPECT_THAT(Fields(violations), UnorderedElementsAre("collaboration_request.step_due_time"));
}

}  // namespace
}  // namespace crm::collaboration
