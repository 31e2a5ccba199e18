#include "libs/proxy/backend_router.h"

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"

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

}  // namespace
}  // namespace crm::proxy
