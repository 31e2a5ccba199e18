#include "libs/grpc_server/call_principal.h"

#include "grpcpp/server_context.h"
#include "gtest/gtest.h"

namespace crm::server {
namespace {

TEST(CallPrincipalTest, IsTakenOnceForItsOwnCall) {
  grpc::ServerContext first;
  grpc::ServerContext second;
  SetCallPrincipal(first, "users/li.si");
  SetCallPrincipal(second, "users/zhao");
  EXPECT_EQ(TakeCallPrincipal(first), "users/li.si");
  EXPECT_EQ(TakeCallPrincipal(first), "") << "taken, not copied";
  EXPECT_EQ(TakeCallPrincipal(second), "users/zhao");
}

TEST(CallPrincipalTest, ForgottenValuesAreGone) {
  grpc::ServerContext context;
  SetCallPrincipal(context, "users/li.si");
  ForgetCallPrincipal(context);
  EXPECT_EQ(TakeCallPrincipal(context), "");
}

}  // namespace
}  // namespace crm::server
