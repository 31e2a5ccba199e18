#include "libs/grpc_server/code_name.h"

#include "gtest/gtest.h"

namespace crm::server {
namespace {

TEST(CodeNameTest, NamesEveryCanonicalCode) {
  EXPECT_EQ(CodeName(grpc::StatusCode::OK), "OK");
  EXPECT_EQ(CodeName(grpc::StatusCode::CANCELLED), "CANCELLED");
  EXPECT_EQ(CodeName(grpc::StatusCode::INVALID_ARGUMENT), "INVALID_ARGUMENT");
  EXPECT_EQ(CodeName(grpc::StatusCode::NOT_FOUND), "NOT_FOUND");
  EXPECT_EQ(CodeName(grpc::StatusCode::FAILED_PRECONDITION), "FAILED_PRECONDITION");
  EXPECT_EQ(CodeName(grpc::StatusCode::UNAVAILABLE), "UNAVAILABLE");
  EXPECT_EQ(CodeName(grpc::StatusCode::UNAUTHENTICATED), "UNAUTHENTICATED");
}

TEST(CodeNameTest, CodesOutsideTheEnumAreUnknown) {
  EXPECT_EQ(CodeName(static_cast<grpc::StatusCode>(17)), "UNKNOWN");
  EXPECT_EQ(CodeName(static_cast<grpc::StatusCode>(-1)), "UNKNOWN");
  EXPECT_EQ(CodeName(grpc::StatusCode::DO_NOT_USE), "UNKNOWN");
}

}  // namespace
}  // namespace crm::server
