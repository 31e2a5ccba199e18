#include "libs/status/status.h"

#include "gmock/gmock.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace crm::status {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(StatusTest, ErrorCarriesErrorInfo) {
  absl::Status status = Error(absl::StatusCode::kAlreadyExists, "customer.crm", "USCC_TAKEN",
                              "already registered", {{"existingCustomer", "customers/42"}});
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  auto info = GetErrorInfo(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "USCC_TAKEN");
  EXPECT_EQ(info->domain(), "customer.crm");
  EXPECT_EQ(info->metadata().at("existingCustomer"), "customers/42");
}

TEST(StatusTest, FieldViolationsListEveryField) {
  FieldViolations violations;
  EXPECT_TRUE(violations.ToStatus("customer.crm").ok());
  violations.Add("customer.uscc", "uscc: check character is 'X', expected '7'");
  violations.AddIf("customer.region", std::nullopt);
  violations.AddIf("customer.industry", std::string("industry: 'Z' is not a section"));
  absl::Status status = violations.ToStatus("customer.crm");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("customer.uscc"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("customer.industry"));
  auto fields = GetFieldViolations(status);
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].field(), "customer.uscc");
  EXPECT_EQ(fields[1].field(), "customer.industry");
  EXPECT_EQ(GetErrorInfo(status)->reason(), "INVALID_ARGUMENT");
}

TEST(StatusTest, RoundTripsThroughGrpc) {
  FieldViolations violations;
  violations.Add("page_size", "must not be negative");
  grpc::Status wire = ToGrpc(violations.ToStatus("customer.crm", "bad page"));
  EXPECT_EQ(wire.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(wire.error_message(), "bad page");

  google::rpc::Status rpc_status;
  ASSERT_TRUE(rpc_status.ParseFromString(wire.error_details()));
  EXPECT_EQ(rpc_status.code(), 3);
  int error_infos = 0;
  for (const auto& detail : rpc_status.details()) {
    if (detail.Is<google::rpc::ErrorInfo>()) ++error_infos;
  }
  EXPECT_EQ(error_infos, 1);

  absl::Status back = FromGrpc(wire);
  EXPECT_EQ(back.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(GetFieldViolations(back).size(), 1u);
  EXPECT_EQ(GetFieldViolations(back)[0].field(), "page_size");
}

TEST(StatusTest, AddsErrorInfoWhenMissing) {
  grpc::Status wire = ToGrpc(absl::NotFoundError("customers/1 not found"));
  absl::Status back = FromGrpc(wire);
  ASSERT_TRUE(GetErrorInfo(back).has_value());
  EXPECT_EQ(GetErrorInfo(back)->reason(), "NOT_FOUND");
  EXPECT_EQ(back.message(), "customers/1 not found");
}

TEST(StatusTest, InternalDetailsNeverLeave) {
  absl::Status internal = absl::InternalError(
      "ERROR: syntax error at or near \"SELEC\" in SELEC * FROM customer.customers");
  FieldViolations v;
  v.Add("secret", "should not leak either");
  internal.SetPayload("type.googleapis.com/google.rpc.BadRequest",
                      absl::Cord(v.bad_request().SerializeAsString()));
  grpc::Status wire = ToGrpc(internal);
  EXPECT_EQ(wire.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(wire.error_message(), Not(HasSubstr("SELEC")));
  EXPECT_THAT(wire.error_details(), Not(HasSubstr("SELEC")));
  EXPECT_TRUE(GetFieldViolations(FromGrpc(wire)).empty());
  EXPECT_EQ(GetErrorInfo(FromGrpc(wire))->reason(), "INTERNAL");
}

TEST(StatusTest, RetryDelayRoundTrips) {
  absl::Status status = WithRetryDelay(
      Error(absl::StatusCode::kResourceExhausted, "gateway.crm", "RATE_LIMITED", "slow down"),
      absl::Milliseconds(1500));
  absl::Status back = FromGrpc(ToGrpc(status));
  ASSERT_TRUE(GetRetryDelay(back).has_value());
  EXPECT_EQ(*GetRetryDelay(back), absl::Milliseconds(1500));
}

TEST(StatusTest, OkStaysOk) {
  EXPECT_TRUE(ToGrpc(absl::OkStatus()).ok());
  EXPECT_TRUE(FromGrpc(grpc::Status::OK).ok());
}

TEST(StatusTest, CodeNames) {
  EXPECT_EQ(CodeName(absl::StatusCode::kAborted), "ABORTED");
  EXPECT_EQ(CodeName(absl::StatusCode::kUnauthenticated), "UNAUTHENTICATED");
}

}  // namespace
}  // namespace crm::status
