// Calls through the gateway: token checks, the permission map, the principal
// the gateway signs, and the services' own scope rules behind it.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "crm/gateway/v1/org_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "libs/auth/development_principal.h"
#include "libs/auth/principal_metadata.h"
#include "libs/auth/principal_signer.h"
#include "libs/grpc_server/grpc_server.h"
#include "libs/jwt/signer.h"
#include "libs/status/status.h"
#include "services/customer/testing/customer_test_env.h"
#include "services/gateway/gateway_module.h"
#include "tests/e2e/gateway_test_support.h"

namespace crm::gateway {
namespace {

namespace v1 = ::crm::customer::v1;
using customer::testing::kTestPrincipalKey;

using testing::Claims;
using testing::Reason;
using testing::StartGateway;
using testing::TestGateway;
using testing::Token;
using testing::TokenFor;
using testing::With;

class GatewayTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    servers_.Start("gateway_e2e");
    ASSERT_NE(servers_.gateway.org, nullptr);
    // The seller organisation the tests call as (the bootstrap "admin" exists).
    gateway::v1::OrgService::Stub& org = *servers_.gateway.org;
    testing::EnsureOrgUnit(org, "sub-east", "hq", gateway::v1::OrgUnit::SUBSIDIARY);
    testing::EnsureOrgUnit(org, "sub-west", "hq", gateway::v1::OrgUnit::SUBSIDIARY);
    testing::EnsureUser(org, "li.si", "sub-east", {"sales"});
    testing::EnsureUser(org, "wang.wu", "sub-west", {"sales"});
    testing::EnsureUser(org, "zhao.liu", "sub-east", {"viewer"});
    testing::EnsureUser(org, "erp-sap", "hq", {"integration"}, gateway::v1::User::SERVICE_ACCOUNT);
  }
  static void TearDownTestSuite() { servers_.Stop(); }
  void SetUp() override {
    ASSERT_NE(servers_.gateway.customers, nullptr) << "the gateway did not start";
  }

  static std::string SalesEast() { return TokenFor("li.si"); }
  static std::string SalesWest() { return TokenFor("wang.wu"); }
  static std::string Hq() { return TokenFor("admin"); }

  static v1::Customer NewCustomer(const std::string& token, grpc::Status* status_out = nullptr) {
    v1::CreateCustomerRequest request;
    request.mutable_customer()->set_legal_name("杭州远景能源科技有限公司");
    request.mutable_customer()->set_uscc(customer::testing::NewUscc());
    request.mutable_customer()->set_industry("D");
    request.mutable_customer()->set_region("330106");
    v1::Customer created;
    grpc::Status status =
        servers_.gateway.customers->CreateCustomer(With(token).get(), request, &created);
    if (status_out != nullptr) *status_out = status;
    return created;
  }

  static grpc::Status Rename(const std::string& token, v1::Customer customer,
                             const std::string& short_name, v1::Customer* out) {
    v1::UpdateCustomerRequest request;
    customer.set_short_name(short_name);
    *request.mutable_customer() = customer;
    request.mutable_update_mask()->add_paths("short_name");
    return servers_.gateway.customers->UpdateCustomer(With(token).get(), request, out);
  }

  static grpc::Status Get(const std::string& token, const std::string& name, v1::Customer* out) {
    v1::GetCustomerRequest request;
    request.set_name(name);
    return servers_.gateway.customers->GetCustomer(With(token).get(), request, out);
  }

  static inline testing::SuiteServers servers_;
};

TEST_F(GatewayTest, ACallerWithAValidTokenReachesTheServiceAsThemselves) {
  grpc::Status status;
  v1::Customer created = NewCustomer(SalesEast(), &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(created.owner_org_unit(), "orgUnits/sub-east");
  EXPECT_EQ(servers_.env->QueryValue(
                absl::StrCat("SELECT DISTINCT actor FROM customer.history WHERE customer_id = '",
                             created.name().substr(created.name().rfind('/') + 1), "'")),
            "users/li.si");

  // The gateway and the service answer under one request id.
  auto context = With(SalesEast());
  context->AddMetadata("x-request-id", "e2e-trace-1");
  v1::GetCustomerRequest get;
  get.set_name(created.name());
  v1::Customer read;
  ASSERT_TRUE(servers_.gateway.customers->GetCustomer(context.get(), get, &read).ok());
  const auto trailing = context->GetServerTrailingMetadata().find("x-request-id");
  ASSERT_NE(trailing, context->GetServerTrailingMetadata().end());
  EXPECT_EQ(std::string(trailing->second.data(), trailing->second.size()), "e2e-trace-1");
}

TEST_F(GatewayTest, MissingExpiredForgedOrUnsignedTokensAreUnauthenticated) {
  v1::Customer created = NewCustomer(SalesEast());
  v1::Customer out;
  EXPECT_EQ(Get("", created.name(), &out).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Reason(Get("", created.name(), &out)), "TOKEN_MISSING");

  nlohmann::json expired = Claims("li.si");
  expired["exp"] = absl::ToUnixSeconds(absl::Now() - absl::Minutes(5));
  EXPECT_EQ(Reason(Get(Token(expired), created.name(), &out)), "TOKEN_EXPIRED");

  nlohmann::json other_audience = Claims("li.si");
  other_audience["aud"] = "somebody-else";
  EXPECT_EQ(Reason(Get(Token(other_audience), created.name(), &out)), "TOKEN_AUDIENCE_MISMATCH");

  const std::string forged = Token(Claims("admin"), "another-secret-0123456789abcdefghijkl");
  EXPECT_EQ(Reason(Get(forged, created.name(), &out)), "TOKEN_SIGNATURE_INVALID");

  // {"alg":"none"} with a payload and no signature.
  const std::string unsigned_token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwib3JnX3VuaXQiOiJocSJ9.";
  const grpc::Status none = Get(unsigned_token, created.name(), &out);
  EXPECT_EQ(none.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Reason(none), "TOKEN_ALGORITHM_NOT_ALLOWED");
}

TEST_F(GatewayTest, ARoleWithoutTheRpcIsRefusedBeforeTheService) {
  const std::string viewer = TokenFor("zhao.liu");
  const std::string before = servers_.env->QueryValue("SELECT count(*) FROM customer.customers");
  grpc::Status status;
  NewCustomer(viewer, &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Reason(status), "METHOD_NOT_ALLOWED");
  EXPECT_EQ(servers_.env->QueryValue("SELECT count(*) FROM customer.customers"), before);

  // Reading is the viewer's right.
  v1::Customer created = NewCustomer(SalesEast());
  v1::Customer out;
  EXPECT_TRUE(Get(viewer, created.name(), &out).ok());
}

TEST_F(GatewayTest, ASubsidiaryCannotChangeAnothersCustomerByIdButHqCan) {
  v1::Customer created = NewCustomer(SalesEast());
  v1::Customer out;
  const grpc::Status west = Rename(SalesWest(), created, "西区改名", &out);
  EXPECT_EQ(west.error_code(), grpc::StatusCode::PERMISSION_DENIED) << west.error_message();
  ASSERT_TRUE(Get(SalesEast(), created.name(), &out).ok());
  EXPECT_NE(out.short_name(), "西区改名");

  const grpc::Status hq = Rename(Hq(), created, "总部改名", &out);
  ASSERT_TRUE(hq.ok()) << hq.error_message();
  EXPECT_EQ(out.short_name(), "总部改名");
}

TEST_F(GatewayTest, APrincipalSentByTheCallerIsReplacedNotTrusted) {
  v1::Customer created = NewCustomer(SalesEast());
  // A caller who knows the service key still cannot speak as HQ through the
  // gateway: its token says who it is.
  const auth::PrincipalSigner signer(kTestPrincipalKey);
  auto context = With(SalesWest());
  context->AddMetadata(std::string(auth::kPrincipalMetadataKey),
                       signer.Sign(auth::DevelopmentPrincipal("admin", "hq", {"hq_admin"})));
  v1::UpdateCustomerRequest request;
  *request.mutable_customer() = created;
  request.mutable_customer()->set_short_name("冒充总部");
  request.mutable_update_mask()->add_paths("short_name");
  v1::Customer out;
  EXPECT_EQ(servers_.gateway.customers->UpdateCustomer(context.get(), request, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(GatewayTest, AnErpServiceAccountMayUpsertByReferenceAndNothingItIsNotGranted) {
  const std::string erp = TokenFor("erp-sap");
  v1::UpsertCustomerByExternalReferenceRequest upsert;
  upsert.mutable_external_reference()->set_source_system("erp-sap");
  upsert.mutable_external_reference()->set_source_id("C-9001");
  upsert.mutable_customer()->set_legal_name("宁波港集团有限公司");
  upsert.mutable_customer()->set_industry("G");
  upsert.mutable_customer()->set_region("330200");
  v1::UpsertCustomerByExternalReferenceResponse upserted;
  const grpc::Status status = servers_.gateway.customers->UpsertCustomerByExternalReference(
      With(erp).get(), upsert, &upserted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(upserted.customer().name().empty());

  grpc::Status create;
  NewCustomer(erp, &create);
  EXPECT_EQ(create.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  v1::ListCustomersRequest list;
  v1::ListCustomersResponse listed;
  EXPECT_EQ(servers_.gateway.customers->ListCustomers(With(erp).get(), list, &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(GatewayTest, GetCurrentUserAnswersWhoTheGatewaySaysTheCallerIs) {
  gateway::v1::OrgService::Stub* org = servers_.gateway.org.get();
  gateway::v1::CurrentUser me;
  const grpc::Status status =
      org->GetCurrentUser(With(SalesEast()).get(), gateway::v1::GetCurrentUserRequest(), &me);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(me.user(), "users/li.si");
  EXPECT_EQ(me.org_unit(), "orgUnits/sub-east");
  EXPECT_THAT(me.org_unit_path(), ::testing::ElementsAre("orgUnits/hq", "orgUnits/sub-east"));
  EXPECT_THAT(me.roles(), ::testing::ElementsAre("sales"));
  EXPECT_FALSE(me.global_scope());

  ASSERT_TRUE(org->GetCurrentUser(With(Hq()).get(), {}, &me).ok());
  EXPECT_TRUE(me.global_scope());

  EXPECT_EQ(org->GetCurrentUser(With("").get(), {}, &me).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // Claims other than "sub" do not make a stranger a user.
  nlohmann::json stranger = Claims("nobody");
  stranger["org_unit"] = "hq";
  stranger["roles"] = {"hq_admin"};
  const grpc::Status unknown = org->GetCurrentUser(With(Token(stranger)).get(), {}, &me);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Reason(unknown), "USER_UNKNOWN");
  const std::string forged = Token(Claims("li.si"), "wrong-secret-0123456789abcdef0123");
  EXPECT_EQ(org->GetCurrentUser(With(forged).get(), {}, &me).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(GatewayTest, ThePerPrincipalRateLimitTripsAndRecovers) {
  GatewayConfig config;
  config.rate_limit = {.per_second = 1,
                       .burst = 3};  // slow refill: no token sneaks in between calls
  TestGateway gateway = StartGateway(servers_.env->port(), servers_.env->dsn(), config);
  ASSERT_NE(gateway.customers, nullptr);
  const std::string east = SalesEast();
  v1::GetCustomerRequest request;
  request.set_name("customers/00000000-0000-4000-8000-000000000000");
  v1::Customer out;
  for (int i = 0; i < 3; ++i) {  // the burst reaches the service (which has no such customer)
    EXPECT_EQ(gateway.customers->GetCustomer(With(east).get(), request, &out).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
  const grpc::Status limited = gateway.customers->GetCustomer(With(east).get(), request, &out);
  ASSERT_EQ(limited.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << limited.error_message();
  EXPECT_EQ(Reason(limited), "RATE_LIMITED");
  const std::optional<absl::Duration> retry = status::GetRetryDelay(status::FromGrpc(limited));
  ASSERT_TRUE(retry.has_value());
  EXPECT_GT(*retry, absl::ZeroDuration());
  EXPECT_LE(*retry, absl::Seconds(1));  // one token at 1/s

  // Another principal has a bucket of its own.
  EXPECT_EQ(gateway.customers->GetCustomer(With(SalesWest()).get(), request, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // After the delay it asked for, the caller gets through again.
  absl::SleepFor(*retry + absl::Milliseconds(20));
  EXPECT_EQ(gateway.customers->GetCustomer(With(east).get(), request, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(GatewayTest, ABackendStoppedMidTestIsUnavailableWithinTheDeadlineAndRecovers) {
  // The customer service served a second time, on a port this test can stop.
  server::ServerOptions options;
  options.service_name = "crm.customer.v1.CustomerService";
  options.access_log = false;
  options.shutdown_grace = absl::Milliseconds(200);
  auto backend = std::make_unique<server::GrpcServer>(options);
  backend->AddService(servers_.env->service());
  ASSERT_TRUE(backend->Start().ok());
  const int port = backend->port();
  TestGateway gateway = StartGateway(port, servers_.env->dsn(), GatewayConfig());
  ASSERT_NE(gateway.customers, nullptr);

  const std::string hq = Hq();
  v1::ListCustomersRequest request;
  v1::ListCustomersResponse out;
  ASSERT_TRUE(gateway.customers->ListCustomers(With(hq).get(), request, &out).ok());

  backend->Shutdown();
  backend.reset();
  auto context = With(hq);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  const absl::Time start = absl::Now();
  const grpc::Status down = gateway.customers->ListCustomers(context.get(), request, &out);
  EXPECT_EQ(down.error_code(), grpc::StatusCode::UNAVAILABLE) << down.error_message();
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));

  options.address = absl::StrCat("127.0.0.1:", port);
  backend = std::make_unique<server::GrpcServer>(options);
  backend->AddService(servers_.env->service());
  ASSERT_TRUE(backend->Start().ok()) << "port " << port << " was taken meanwhile";
  // The gateway's channel reconnects with backoff; until then calls fail
  // fast, so a client retries.
  grpc::Status back;
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  do {
    back = gateway.customers->ListCustomers(With(hq).get(), request, &out);
    if (!back.ok()) absl::SleepFor(absl::Milliseconds(200));
  } while (!back.ok() && absl::Now() < give_up);
  EXPECT_TRUE(back.ok()) << back.error_message();
  gateway.server->Shutdown();
  backend->Shutdown();
}

}  // namespace
}  // namespace crm::gateway
