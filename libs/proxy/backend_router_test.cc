#include "libs/proxy/backend_router.h"

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"

namespace crm::proxy {
namespace {

TEST(BackendRouterTest, ServiceOfTakesTheServicePartOfAFullMethodName) {
  EXPECT_EQ(BackendRouter::ServiceOf("/crm.customer.v1.CustomerService/GetCustomer"),
            "crm.customer.v1.CustomerService");
  for (const char* bad : {"", "/", "//Get", "/Service/", "Service/Get", "/NoMethod"}) {
    EXPECT_EQ(BackendRouter::ServiceOf(bad), "") << bad;
  }
}

TEST(BackendRouterTest, FindsTheBackendOfTheMethodsService) {
  auto channel = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
  BackendRouter router;
  router.Add("crm.customer.v1.CustomerService", channel);
  EXPECT_NE(router.Find("/crm.customer.v1.CustomerService/GetCustomer"), nullptr);
  EXPECT_NE(router.Find("/crm.customer.v1.CustomerService/AnyNewMethod"), nullptr);
  EXPECT_EQ(router.Find("/crm.customer.v1.CustomerServiceX/GetCustomer"), nullptr);
  EXPECT_EQ(router.Find("/crm.hierarchy.v1.HierarchyService/GetNode"), nullptr);
  EXPECT_EQ(router.Find("garbage"), nullptr);
}

TEST(BackendRouterTest, FindsTheBackendByItsServiceName) {
  auto channel = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
  BackendRouter router;
  router.Add("crm.customer.v1.CustomerService", channel);
  router.Add("crm.hierarchy.v1.HierarchyService", channel);
  Backend* customer = router.Find("/crm.customer.v1.CustomerService/GetCustomer");
  ASSERT_NE(customer, nullptr);
  EXPECT_EQ(customer->service(), "crm.customer.v1.CustomerService");
  EXPECT_EQ(router.Find("/crm.customer.v1.CustomerService/ListCustomers"), customer);
  EXPECT_NE(router.Find("/crm.hierarchy.v1.HierarchyService/GetNode"), customer);
}

TEST(BackendRouterTest, WithoutACapEveryCallGetsASlot) {
  Backend backend("crm.customer.v1.CustomerService",
                  grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials()));
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(backend.TryStartCall("one"));
  EXPECT_EQ(backend.in_flight(), 1000);
  for (int i = 0; i < 1000; ++i) backend.EndCall("one");
  EXPECT_EQ(backend.in_flight(), 0);
}

TEST(BackendRouterTest, ACappedBackendRefusesCallsBeyondItsSlots) {
  auto channel = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
  BackendRouter router;
  router.Add("crm.customer.v1.CustomerService", channel);
  router.SetMaxCallsPerBackend(2);
  router.Add("crm.hierarchy.v1.HierarchyService", channel);  // capped too
  for (const char* method :
       {"/crm.customer.v1.CustomerService/Get", "/crm.hierarchy.v1.HierarchyService/Get"}) {
    Backend* backend = router.Find(method);
    ASSERT_NE(backend, nullptr);
    EXPECT_TRUE(backend->TryStartCall("one"));
    EXPECT_TRUE(backend->TryStartCall("one"));
    EXPECT_FALSE(backend->TryStartCall("one")) << method;
    EXPECT_EQ(backend->in_flight(), 2);
    backend->EndCall("one");
    EXPECT_TRUE(backend->TryStartCall("one"));
  }
}

// A cap of 4 and three callers: the first takes all four slots; each other
// caller still gets in while below its share (4 / callers), so the backend
// goes past its cap by what the newcomers need, and no further.
TEST(BackendRouterTest, AtTheCapEachCallerStillGetsItsShare) {
  Backend backend("crm.customer.v1.CustomerService",
                  grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials()));
  backend.SetMaxCalls(4);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(backend.TryStartCall("busy"));
  EXPECT_FALSE(backend.TryStartCall("busy"));
  EXPECT_TRUE(backend.TryStartCall("quiet"));  // share 4/2 = 2
  EXPECT_TRUE(backend.TryStartCall("quiet"));
  EXPECT_FALSE(backend.TryStartCall("quiet"));  // at its share
  EXPECT_TRUE(backend.TryStartCall("third"));   // share 4/3 = 1
  EXPECT_FALSE(backend.TryStartCall("third"));
  EXPECT_EQ(backend.in_flight(), 7);
  // The busy caller gets a slot again only once the backend is under its cap.
  for (int i = 0; i < 3; ++i) backend.EndCall("busy");
  EXPECT_FALSE(backend.TryStartCall("busy"));  // 4 in flight: still at the cap
  backend.EndCall("third");
  EXPECT_TRUE(backend.TryStartCall("busy"));
}

TEST(BackendRouterTest, TheOverloadedStatusNamesTheServiceAndARetryDelay) {
  auto channel = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
  BackendRouter router;
  router.Add("crm.customer.v1.CustomerService", channel);
  router.SetMaxCallsPerBackend(64);
  const absl::Status overloaded =
      status::FromGrpc(router.Find("/crm.customer.v1.CustomerService/Get")->overloaded());
  EXPECT_EQ(overloaded.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(overloaded.message(),
            "crm.customer.v1.CustomerService has 64 calls in flight and yours take your share "
            "of them; retry shortly");
  const auto info = status::GetErrorInfo(overloaded);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->domain(), "gateway.crm");
  EXPECT_EQ(info->reason(), "BACKEND_OVERLOADED");
  EXPECT_EQ(info->metadata().at("service"), "crm.customer.v1.CustomerService");
  EXPECT_EQ(info->metadata().at("maxCalls"), "64");
  EXPECT_EQ(status::GetRetryDelay(overloaded), absl::Milliseconds(50));
}

}  // namespace
}  // namespace crm::proxy
