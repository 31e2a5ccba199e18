#include "services/collaboration/rules/request_steps.h"

#include "gtest/gtest.h"
#include "libs/status/status.h"

namespace crm::collaboration {
namespace {

TEST(RequestStepsTest, MovesOnlyToTheNextStep) {
  EXPECT_EQ(*CheckAdvance(v1::TO_SURVEY, v1::DESIGNING), v1::DESIGNING);
  EXPECT_EQ(*CheckAdvance(v1::DESIGNING, v1::PENDING_APPROVAL), v1::PENDING_APPROVAL);
  EXPECT_EQ(*CheckAdvance(v1::PENDING_APPROVAL, v1::EXECUTING), v1::EXECUTING);
  EXPECT_EQ(*CheckAdvance(v1::EXECUTING, v1::DONE), v1::DONE);
  EXPECT_EQ(CheckAdvance(v1::TO_SURVEY, v1::PENDING_APPROVAL).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CheckAdvance(v1::EXECUTING, v1::DESIGNING).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CheckAdvance(v1::DESIGNING, v1::DESIGNING).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(RequestStepsTest, PendingApprovalMayGoBackToDesigning) {
  EXPECT_EQ(*CheckAdvance(v1::PENDING_APPROVAL, v1::DESIGNING), v1::DESIGNING);
}

TEST(RequestStepsTest, CancellingIsItsOwnCall) {
  const absl::Status s = CheckAdvance(v1::DESIGNING, v1::CANCELLED).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("CancelCollaborationRequest"), absl::string_view::npos);
}

TEST(RequestStepsTest, DoneAndCancelledAreClosed) {
  for (v1::CollaborationStep closed : {v1::DONE, v1::CANCELLED}) {
    EXPECT_FALSE(IsOpen(closed));
    const absl::Status s = CheckAdvance(closed, v1::EXECUTING).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(status::GetErrorInfo(s)->reason(), "REQUEST_CLOSED");
    EXPECT_FALSE(CheckOpen(closed).ok());
  }
  for (v1::CollaborationStep open :
       {v1::TO_SURVEY, v1::DESIGNING, v1::PENDING_APPROVAL, v1::EXECUTING}) {
    EXPECT_TRUE(IsOpen(open));
    EXPECT_TRUE(CheckOpen(open).ok());
  }
}

TEST(RequestStepsTest, NamesSteps) {
  EXPECT_EQ(StepName(2), "DESIGNING");
  EXPECT_EQ(StepName(42), "42");
}

}  // namespace
}  // namespace crm::collaboration
