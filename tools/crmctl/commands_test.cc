// Runs whole crmctl command lines against an in-process fake of the customer
// service: what reaches the server, what the person sees, the exit codes.

#include "tools/crmctl/commands.h"

#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/server.h"
#include "gtest/gtest.h"
#include "libs/auth/principal_key.h"
#include "libs/auth/principal_verifier.h"
#include "libs/jwt/development_token.h"
#include "libs/jwt/verifier.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/app.h"
#include "tools/crmctl/crmctl_test_fixture.h"
#include "tools/crmctl/customer_commands.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// What one call brought with it.
struct Received {
  std::optional<auth::v1::Principal> principal;
  std::string request_id_header;
  absl::Duration time_left;
};

class FakeCustomerService final : public v1::CustomerService::Service {
 public:
  grpc::Status GetCustomer(grpc::ServerContext* context, const v1::GetCustomerRequest* request,
                           v1::Customer* response) override {
    Record(*context);
    if (request->name() != "customers/c1") {
      return status::ToGrpc(status::Error(absl::StatusCode::kNotFound, "customer.crm",
                                          "CUSTOMER_NOT_FOUND", "no such customer",
                                          {{"customer", request->name()}}));
    }
    *response = Customer("c1", "上海华信能源科技有限公司");
    return grpc::Status::OK;
  }

  // Three pages of one customer each.
  grpc::Status ListCustomers(grpc::ServerContext* context, const v1::ListCustomersRequest* request,
                             v1::ListCustomersResponse* response) override {
    Record(*context);
    list_requests_.Add(*request);
    const std::string& token = request->page_token();
    if (token.empty()) {
      *response->add_customers() = Customer("c1", "华信");
      response->set_next_page_token("p2");
    } else if (token == "p2") {
      *response->add_customers() = Customer("c2", "长江钢铁");
      response->set_next_page_token("p3");
    } else {
      *response->add_customers() = Customer("c3", "Acme");
    }
    return grpc::Status::OK;
  }

  grpc::Status UpdateCustomer(grpc::ServerContext* context,
                              const v1::UpdateCustomerRequest* request,
                              v1::Customer* response) override {
    Record(*context);
    updates_.Add(*request);
    *response = request->customer();
    return grpc::Status::OK;
  }

  // Rejects every customer the way the real service rejects a bad one.
  grpc::Status CreateCustomer(grpc::ServerContext* context, const v1::CreateCustomerRequest*,
                              v1::Customer*) override {
    Record(*context);
    status::FieldViolations violations;
    violations.Add("customer.uscc", "check character should be 9");
    violations.Add("customer.region", "not a GB/T 2260 code");
    return status::ToGrpc(violations.ToStatus("customer.crm"));
  }

  std::vector<Received> received() const { return received_.all(); }
  std::vector<v1::ListCustomersRequest> list_requests() const { return list_requests_.all(); }
  v1::UpdateCustomerRequest last_update() const { return updates_.last(); }

 private:
  static v1::Customer Customer(const std::string& id, const std::string& display_name) {
    v1::Customer customer;
    customer.set_name(crm::StrCat("customers/", id));
    customer.set_display_name(display_name);
    customer.set_legal_name(display_name);
    customer.set_owner_org_unit("orgUnits/sub-east");
    customer.set_state(v1::Customer::ACTIVE);
    customer.set_data_completeness(75);
    return customer;
  }

  void Record(const grpc::ServerContext& context) {
    Received received;
    absl::StatusOr<auth::v1::Principal> principal = verifier_.FromContext(context);
    if (principal.ok()) received.principal = *principal;
    const auto& metadata = context.client_metadata();
    if (auto it = metadata.find("x-request-id"); it != metadata.end()) {
      received.request_id_header.assign(it->second.data(), it->second.size());
    }
    received.time_left = absl::FromChrono(context.deadline()) - absl::Now();
    received_.Add(std::move(received));
  }

  const auth::PrincipalVerifier verifier_{auth::PrincipalKeyFromEnvironmentQuietly()};
  Recorder<Received> received_;
  Recorder<v1::ListCustomersRequest> list_requests_;
  Recorder<v1::UpdateCustomerRequest> updates_;
};

using CommandsTest = CrmctlCommandTest<FakeCustomerService>;

TEST_F(CommandsTest, GetPrintsAKeyValueBlock) {
  ASSERT_EQ(Run({"customer", "get", "c1"}), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("name:                customers/c1\n"));
  EXPECT_THAT(out_.str(), HasSubstr("legal_name:          上海华信能源科技有限公司\n"));
  EXPECT_THAT(out_.str(), HasSubstr("state:               active\n"));
  EXPECT_THAT(out_.str(), HasSubstr("data_completeness:   75%\n"));
  EXPECT_EQ(err_.str(), "");
}

TEST_F(CommandsTest, EveryCallCarriesASignedPrincipalAndADeadline) {
  ASSERT_EQ(Run({"customer", "get", "c1", "--as", "li.si@sub-east", "--timeout", "30s"}), kExitOk)
      << err_.str();
  const std::vector<Received> received = service_.received();
  ASSERT_EQ(received.size(), 1u);
  ASSERT_TRUE(received[0].principal.has_value()) << "the principal did not verify";
  EXPECT_EQ(received[0].principal->user(), "users/li.si");
  EXPECT_EQ(received[0].principal->org_unit(), "orgUnits/sub-east");
  EXPECT_THAT(received[0].principal->roles(), ElementsAre("sales"));
  EXPECT_GT(received[0].time_left, absl::Seconds(20));
  // grpc-timeout on the wire is rounded up, so the server may see a hair more.
  EXPECT_LE(received[0].time_left, absl::Seconds(30) + absl::Milliseconds(100));
  EXPECT_EQ(received[0].request_id_header, "");
}

TEST_F(CommandsTest, TokenPrintsADevelopmentTokenTheGatewayAccepts) {
  ASSERT_EQ(Run({"token", "--as", "li.si@sub-east", "--roles", "sales,viewer"}), kExitOk)
      << err_.str();
  std::string token = out_.str();
  ASSERT_FALSE(token.empty());
  ASSERT_EQ(token.back(), '\n');
  token.pop_back();
  jwt::KeySet keys;
  ASSERT_TRUE(keys.AddHmacSecret(jwt::kDevelopmentKeyId, jwt::kDevelopmentSecret).ok());
  const jwt::Verifier verifier(
      std::move(keys), {.issuer = jwt::kDevelopmentIssuer, .audience = jwt::kDevelopmentAudience});
  absl::StatusOr<jwt::Claims> claims = verifier.Verify(token, absl::Now());
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->subject, "li.si");
  EXPECT_EQ(claims->extra["org_unit"], "sub-east");
  EXPECT_EQ(claims->extra["roles"], nlohmann::json({"sales", "viewer"}));
  EXPECT_TRUE(service_.received().empty()) << "minting a token calls no server";
}

TEST_F(CommandsTest, TheDefaultCallerIsAnHqAdmin) {
  ASSERT_EQ(Run({"customer", "get", "c1"}), kExitOk) << err_.str();
  const std::vector<Received> received = service_.received();
  ASSERT_EQ(received.size(), 1u);
  ASSERT_TRUE(received[0].principal.has_value());
  EXPECT_EQ(received[0].principal->user(), "users/admin");
  EXPECT_EQ(received[0].principal->org_unit(), "orgUnits/hq");
  EXPECT_THAT(received[0].principal->roles(), ElementsAre("hq_admin"));
  EXPECT_TRUE(received[0].principal->global_scope());
}

TEST_F(CommandsTest, UpdateSendsTheMaskAndTheRequestIdBothWays) {
  ASSERT_EQ(Run({"--request-id", "req-42", "customer", "update", "c1", "--short-name", "华信",
                 "--etag", "e1"}),
            kExitOk)
      << err_.str();
  const v1::UpdateCustomerRequest update = service_.last_update();
  EXPECT_THAT(update.update_mask().paths(), ElementsAre("short_name"));
  EXPECT_EQ(update.customer().etag(), "e1");
  EXPECT_EQ(update.request_id(), "req-42");
  ASSERT_EQ(service_.received().size(), 1u);
  EXPECT_EQ(service_.received()[0].request_id_header, "req-42");
}

// gRPC aborts the whole process on a metadata value that is not printable
// ASCII; a bad --request-id or token must be an error message instead.
TEST_F(CommandsTest, ARequestIdGrpcCannotSendIsAUsageError) {
  ASSERT_EQ(Run({"--request-id", "请求-42", "customer", "update", "c1", "--short-name", "华信"}),
            kExitUsage);
  EXPECT_EQ(err_.str(),
            "error: --request-id: use only letters, digits and . _ : - (a "
            "UUID is recommended)\n"
            "Run \"crmctl help\" for the commands.\n");
  ASSERT_EQ(Run({"customer", "get", "c1", "--request-id", "a\r\nx-evil: 1"}), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("error: --request-id: use only"));
  EXPECT_TRUE(service_.received().empty());
}

TEST_F(CommandsTest, ATokenGrpcCannotSendIsRefusedBeforeAnyCall) {
  defaults_.token = "eyJ.令牌.sig";
  ASSERT_EQ(Run({"customer", "get", "c1"}), kExitFailed);
  EXPECT_EQ(err_.str(),
            "error: INVALID_ARGUMENT: CRM_TOKEN holds a character a token "
            "cannot have; a token is printable ASCII\n");
  EXPECT_TRUE(service_.received().empty());
}

TEST_F(CommandsTest, TheContextFactoryNeverHandsGrpcAnIllegalValue) {
  EXPECT_TRUE(IsLegalMetadataValue("Bearer eyJ.a-b_c~d"));
  EXPECT_TRUE(IsLegalMetadataValue(""));
  EXPECT_FALSE(IsLegalMetadataValue("请求"));
  EXPECT_FALSE(IsLegalMetadataValue("a\nb"));
  EXPECT_FALSE(IsLegalMetadataValue(std::string("a\0b", 3)));
  EXPECT_FALSE(IsLegalMetadataValue("\x7f"));

  // Past every check above (a caller building its own factory): the value
  // is left out, and the call still goes through.
  ContextFactory contexts(absl::Seconds(5), auth::v1::Principal(),
                          auth::PrincipalKeyFromEnvironmentQuietly(), "请求-1", "令牌");
  std::unique_ptr<v1::CustomerService::Stub> stub =
      v1::CustomerService::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
  std::unique_ptr<grpc::ClientContext> context = contexts.New();
  v1::GetCustomerRequest request;
  request.set_name("customers/c1");
  v1::Customer customer;
  ASSERT_TRUE(stub->GetCustomer(context.get(), request, &customer).ok());
  ASSERT_EQ(service_.received().size(), 1u);
  EXPECT_EQ(service_.received()[0].request_id_header, "");
}

TEST_F(CommandsTest, ListShowsOnePageAndSaysThereIsMore) {
  ASSERT_EQ(Run({"customer", "list"}), kExitOk) << err_.str();
  EXPECT_EQ(out_.str(),
            "ID  DISPLAY_NAME  USCC  INDUSTRY  REGION  OWNER     STATE   "
            "COMPLETENESS\n"
            "c1  华信                                  sub-east  active  75%\n"
            "More customers: add --all, or --page-token p2\n");
  EXPECT_EQ(service_.list_requests().size(), 1u);
}

TEST_F(CommandsTest, ListAllFollowsTheTokensIntoOneJsonDocument) {
  ASSERT_EQ(Run({"customer", "list", "--all", "--page-size", "1", "-o", "json"}), kExitOk)
      << err_.str();
  const std::vector<v1::ListCustomersRequest> requests = service_.list_requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].page_token(), "");
  EXPECT_EQ(requests[1].page_token(), "p2");
  EXPECT_EQ(requests[2].page_token(), "p3");
  EXPECT_EQ(requests[2].page_size(), 1);

  v1::ListCustomersResponse printed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out_.str(), &printed).ok()) << out_.str();
  ASSERT_EQ(printed.customers_size(), 3);
  EXPECT_EQ(printed.customers(1).display_name(), "长江钢铁");
  EXPECT_EQ(printed.next_page_token(), "");
}

TEST_F(CommandsTest, AServerErrorGoesToStderrWithItsDetails) {
  ASSERT_EQ(Run({"customer", "create", "--legal-name", "某某有限公司", "--uscc", "x"}),
            kExitFailed);
  EXPECT_EQ(out_.str(), "");
  EXPECT_EQ(err_.str(),
            "error: INVALID_ARGUMENT: request has 2 invalid fields: "
            "customer.uscc, customer.region; see the field violations for "
            "each\n"
            "  customer.uscc: check character should be 9\n"
            "  customer.region: not a GB/T 2260 code\n"
            "  reason: INVALID_ARGUMENT (customer.crm) "
            "fields=customer.uscc,customer.region\n");
}

TEST_F(CommandsTest, NotFoundNamesTheReason) {
  ASSERT_EQ(Run({"customer", "get", "nope"}), kExitFailed);
  EXPECT_EQ(err_.str(),
            "error: NOT_FOUND: no such customer\n"
            "  reason: CUSTOMER_NOT_FOUND (customer.crm) "
            "customer=customers/nope\n");
}

TEST_F(CommandsTest, AUsageErrorCallsNothingAndShowsTheUsage) {
  ASSERT_EQ(Run({"customer", "update", "c1"}), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("error: nothing to update"));
  EXPECT_THAT(err_.str(), HasSubstr("usage: crmctl customer update ID [flags]\n"));
  EXPECT_TRUE(service_.received().empty());

  ASSERT_EQ(Run({"customer", "get", "c1", "--bogus"}), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("error: unknown flag --bogus"));
  EXPECT_TRUE(service_.received().empty());
}

TEST_F(CommandsTest, HelpGoesToStdout) {
  ASSERT_EQ(Run({"help"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("customer team add ID"));
  EXPECT_THAT(out_.str(), HasSubstr("--request-id ID"));

  ASSERT_EQ(Run({"customer", "create", "--help"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("usage: crmctl customer create [flags]\n"));
  EXPECT_THAT(out_.str(), HasSubstr("--ownership TYPE"));
  EXPECT_THAT(out_.str(), HasSubstr("--tag TAG ..."));

  ASSERT_EQ(Run({"help", "customer", "team"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("customer team remove ID"));
  EXPECT_THAT(out_.str(), Not(HasSubstr("customer create")));

  ASSERT_EQ(Run({"help", "nothing"}), kExitUsage);
  EXPECT_TRUE(service_.received().empty());
}

TEST_F(CommandsTest, CommandFunctionsRunOnAStubDirectly) {
  Invocation invocation;
  ASSERT_TRUE(ParseCommandLine({"customer", "get", "customers/c1", "-o", "json"}, AllCommands(),
                               Defaults(), &invocation)
                  .ok());
  std::unique_ptr<v1::CustomerService::Stub> stub =
      v1::CustomerService::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
  std::unique_ptr<ContextFactory> contexts = ContextFactoryFor(invocation.options);
  std::ostringstream out;
  ASSERT_TRUE(RunGetCustomer(invocation, *stub, *contexts, out).ok());
  v1::Customer printed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out.str(), &printed).ok());
  EXPECT_EQ(printed.legal_name(), "上海华信能源科技有限公司");
}

}  // namespace
}  // namespace crm::crmctl
