#include "services/contract/rules/contract_states.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "libs/status/status.h"

namespace crm::contract {
namespace {

using v1::ContractState;

std::string Reason(const absl::Status& status) {
  const auto info = status::GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

constexpr ContractState kAll[] = {v1::DRAFT,  v1::PENDING_APPROVAL, v1::APPROVED, v1::REJECTED,
                                  v1::SIGNED, v1::ACTIVE,           v1::EXPIRED,  v1::TERMINATED};

struct Case {
  ContractAction action;
  std::vector<ContractState> from;
  ContractState to;
};

TEST(NextStateTest, EveryActionMovesOnlyFromItsStates) {
  const Case cases[] = {
      {ContractAction::kSubmit, {v1::DRAFT}, v1::PENDING_APPROVAL},
      {ContractAction::kResubmit, {v1::APPROVED}, v1::PENDING_APPROVAL},
      {ContractAction::kApproveStep, {v1::PENDING_APPROVAL}, v1::PENDING_APPROVAL},
      {ContractAction::kApproveLast, {v1::PENDING_APPROVAL}, v1::APPROVED},
      {ContractAction::kReject, {v1::PENDING_APPROVAL}, v1::REJECTED},
      {ContractAction::kRevise, {v1::REJECTED}, v1::DRAFT},
      {ContractAction::kSign, {v1::APPROVED}, v1::SIGNED},
      {ContractAction::kActivate, {v1::SIGNED}, v1::ACTIVE},
      {ContractAction::kExpire, {v1::SIGNED, v1::ACTIVE}, v1::EXPIRED},
      {ContractAction::kTerminate, {v1::SIGNED, v1::ACTIVE}, v1::TERMINATED},
  };
  for (const Case& c : cases) {
    for (const ContractState from : kAll) {
      const absl::StatusOr<ContractState> next = NextState(from, c.action);
      const bool allowed = std::find(c.from.begin(), c.from.end(), from) != c.from.end();
      SCOPED_TRACE(ActionName(c.action));
      SCOPED_TRACE(ContractStateName(from));
      if (allowed) {
        ASSERT_TRUE(next.ok()) << next.status();
        EXPECT_EQ(*next, c.to);
      } else {
        ASSERT_FALSE(next.ok());
        EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_EQ(Reason(next.status()), "CONTRACT_STATE_CONFLICT");
      }
    }
  }
}

TEST(NextStateTest, TheRefusalNamesTheStatesNeeded) {
  const absl::StatusOr<ContractState> sign = NextState(v1::PENDING_APPROVAL, ContractAction::kSign);
  ASSERT_FALSE(sign.ok());
  EXPECT_EQ(sign.status().message(),
            "cannot sign a PENDING_APPROVAL contract; it must be APPROVED");
  const absl::StatusOr<ContractState> terminate = NextState(v1::DRAFT, ContractAction::kTerminate);
  ASSERT_FALSE(terminate.ok());
  EXPECT_EQ(terminate.status().message(),
            "cannot terminate a DRAFT contract; it must be SIGNED or ACTIVE");
  const auto info = status::GetErrorInfo(terminate.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->domain(), "contract.crm");
  EXPECT_EQ(info->metadata().at("state"), "DRAFT");
  EXPECT_EQ(info->metadata().at("allowedStates"), "SIGNED or ACTIVE");
}

TEST(NextStateTest, NothingLeavesTheEndStates) {
  for (const ContractAction action :
       {ContractAction::kSubmit, ContractAction::kResubmit, ContractAction::kApproveStep,
        ContractAction::kApproveLast, ContractAction::kReject, ContractAction::kRevise,
        ContractAction::kSign, ContractAction::kActivate, ContractAction::kExpire,
        ContractAction::kTerminate}) {
    EXPECT_FALSE(NextState(v1::EXPIRED, action).ok());
    EXPECT_FALSE(NextState(v1::TERMINATED, action).ok());
    EXPECT_FALSE(NextState(v1::CONTRACT_STATE_UNSPECIFIED, action).ok());
  }
}

TEST(ContractStatesTest, FrozenFromSigningOn) {
  std::vector<ContractState> frozen;
  for (const ContractState state : kAll) {
    if (IsFrozen(state)) frozen.push_back(state);
  }
  EXPECT_EQ(frozen,
            (std::vector<ContractState>{v1::SIGNED, v1::ACTIVE, v1::EXPIRED, v1::TERMINATED}));
}

TEST(ContractStatesTest, LiveExecutionsArePendingToActive) {
  std::vector<ContractState> live;
  for (const ContractState state : kAll) {
    if (IsLiveExecution(state)) live.push_back(state);
  }
  EXPECT_EQ(live, (std::vector<ContractState>{v1::PENDING_APPROVAL, v1::APPROVED, v1::SIGNED,
                                              v1::ACTIVE}));
}

TEST(ContractStatesTest, MaterialChangesAreWhatWasApproved) {
  for (const char* path : {"amount", "customer", "start_date", "end_date", "payment_milestones",
                           "framework", "amount.minor_units"}) {
    EXPECT_TRUE(IsMaterialChange(std::vector<std::string>{"title", path})) << path;
  }
  EXPECT_FALSE(IsMaterialChange(std::vector<std::string>{"title", "payment_terms", "attachments",
                                                         "owner_user", "signing_org_unit"}));
  EXPECT_FALSE(IsMaterialChange(std::vector<std::string>{"amounts", "frameworks"}));
  google::protobuf::FieldMask mask;
  mask.add_paths("end_date");
  EXPECT_TRUE(IsMaterialChange(mask));
}

TEST(ContractStatesTest, StateNames) {
  EXPECT_EQ(ContractStateName(v1::PENDING_APPROVAL), "PENDING_APPROVAL");
  EXPECT_EQ(ContractStateName(42), "42");
}

}  // namespace
}  // namespace crm::contract
