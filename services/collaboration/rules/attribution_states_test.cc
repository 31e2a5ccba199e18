#include "services/collaboration/rules/attribution_states.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "libs/status/status.h"

namespace crm::collaboration {
namespace {

using v1::AttributionState;

std::string Reason(const absl::Status& status) {
  const auto info = status::GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

constexpr AttributionState kAll[] = {v1::DRAFT, v1::SUBMITTED, v1::APPROVED, v1::DISPUTED,
                                     v1::FINAL};

struct Case {
  AttributionAction action;
  std::vector<AttributionState> from;
  AttributionState to;
};

TEST(AttributionNextStateTest, EveryActionMovesOnlyFromItsStates) {
  const Case cases[] = {
      {AttributionAction::kUpdate, {v1::DRAFT}, v1::DRAFT},
      {AttributionAction::kSubmit, {v1::DRAFT}, v1::SUBMITTED},
      {AttributionAction::kApprove, {v1::SUBMITTED}, v1::APPROVED},
      {AttributionAction::kReject, {v1::SUBMITTED}, v1::DRAFT},
      {AttributionAction::kDispute, {v1::APPROVED}, v1::DISPUTED},
      {AttributionAction::kDismiss, {v1::DISPUTED}, v1::FINAL},
      {AttributionAction::kAdjust, {v1::APPROVED, v1::DISPUTED, v1::FINAL}, v1::FINAL},
      {AttributionAction::kFinalize, {v1::APPROVED}, v1::FINAL},
  };
  for (const Case& c : cases) {
    for (const AttributionState from : kAll) {
      SCOPED_TRACE(ActionName(c.action));
      SCOPED_TRACE(AttributionStateName(from));
      const absl::StatusOr<AttributionState> next = NextState(from, c.action);
      const bool allowed = std::find(c.from.begin(), c.from.end(), from) != c.from.end();
      if (allowed) {
        ASSERT_TRUE(next.ok()) << next.status();
        EXPECT_EQ(*next, c.to);
      } else {
        ASSERT_FALSE(next.ok());
        EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_EQ(Reason(next.status()), "ATTRIBUTION_STATE_CONFLICT");
      }
    }
  }
}

TEST(AttributionNextStateTest, TheRefusalNamesTheStatesNeeded) {
  const absl::StatusOr<AttributionState> submit =
      NextState(v1::SUBMITTED, AttributionAction::kSubmit);
  ASSERT_FALSE(submit.ok());
  EXPECT_EQ(submit.status().message(), "cannot submit a SUBMITTED attribution; it must be DRAFT");
  const absl::StatusOr<AttributionState> adjust = NextState(v1::DRAFT, AttributionAction::kAdjust);
  ASSERT_FALSE(adjust.ok());
  EXPECT_EQ(adjust.status().message(),
            "cannot adjust a DRAFT attribution; it must be APPROVED, DISPUTED or FINAL");
  const auto info = status::GetErrorInfo(adjust.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->domain(), "collaboration.crm");
  EXPECT_EQ(info->metadata().at("state"), "DRAFT");
  EXPECT_EQ(info->metadata().at("action"), "adjust");
  EXPECT_EQ(info->metadata().at("allowedStates"), "APPROVED, DISPUTED or FINAL");
}

TEST(AttributionNextStateTest, AFinalOneChangesOnlyByAdjustment) {
  for (const AttributionAction action :
       {AttributionAction::kUpdate, AttributionAction::kSubmit, AttributionAction::kApprove,
        AttributionAction::kReject, AttributionAction::kDispute, AttributionAction::kDismiss,
        AttributionAction::kFinalize}) {
    EXPECT_FALSE(NextState(v1::FINAL, action).ok()) << ActionName(action);
  }
  EXPECT_EQ(NextState(v1::FINAL, AttributionAction::kAdjust).value(), v1::FINAL);
}

TEST(AttributionNextStateTest, UnknownStatesAreNamedByNumber) {
  EXPECT_EQ(AttributionStateName(0), "ATTRIBUTION_STATE_UNSPECIFIED");
  EXPECT_EQ(AttributionStateName(42), "42");
  EXPECT_FALSE(NextState(static_cast<AttributionState>(42), AttributionAction::kSubmit).ok());
}

TEST(IsInForceTest, TheSplitCountsFromApprovalOn) {
  EXPECT_FALSE(IsInForce(v1::DRAFT));
  EXPECT_FALSE(IsInForce(v1::SUBMITTED));
  EXPECT_TRUE(IsInForce(v1::APPROVED));
  EXPECT_TRUE(IsInForce(v1::DISPUTED));
  EXPECT_TRUE(IsInForce(v1::FINAL));
}

}  // namespace
}  // namespace crm::collaboration
