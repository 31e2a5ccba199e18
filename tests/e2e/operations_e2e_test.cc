// google.longrunning.Operations through the gateway: each call goes to the
// service the operation's name names, old customer names included.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/longrunning/operations.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "libs/names/operation_names.h"
#include "tests/e2e/gateway_test_support.h"

namespace crm::gateway {
namespace {

using google::longrunning::GetOperationRequest;
using google::longrunning::ListOperationsRequest;
using google::longrunning::ListOperationsResponse;
using google::longrunning::Operation;
using ::testing::HasSubstr;
using testing::Reason;
using ::testing::StartsWith;
using testing::TokenFor;
using testing::With;

constexpr char kAdmin[] = "ops-admin";

class OperationsE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    servers_.Start("operations_e2e");
    ASSERT_NE(servers_.gateway.org, nullptr);
    testing::EnsureUser(*servers_.gateway.org, kAdmin, "hq", {"hq_admin"});
    operations_ = google::longrunning::Operations::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", servers_.gateway.server->port()),
                            grpc::InsecureChannelCredentials()));
  }
  static void TearDownTestSuite() {
    operations_.reset();
    servers_.Stop();
  }
  void SetUp() override { ASSERT_NE(servers_.gateway.customers, nullptr) << "no suite"; }

  static grpc::Status Get(const std::string& name, Operation* out) {
    GetOperationRequest request;
    request.set_name(name);
    return operations_->GetOperation(With(TokenFor(kAdmin)).get(), request, out);
  }

  // A new customer operation (a duplicate scan), by its name.
  static std::string StartScan() {
    Operation started;
    const grpc::Status status = servers_.gateway.customers->ScanDuplicates(
        With(TokenFor(kAdmin)).get(), customer::v1::ScanDuplicatesRequest(), &started);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return started.name();
  }

  static testing::SuiteServers servers_;
  static std::unique_ptr<google::longrunning::Operations::Stub> operations_;
};

testing::SuiteServers OperationsE2eTest::servers_;
std::unique_ptr<google::longrunning::Operations::Stub> OperationsE2eTest::operations_;

TEST_F(OperationsE2eTest, CustomerOperationsAreNamedByTheirService) {
  const std::string name = StartScan();
  EXPECT_THAT(name, StartsWith("operations/customer/"));
  const std::optional<names::OperationNameParts> parts = names::ParseOperationName(name);
  ASSERT_TRUE(parts.has_value()) << name;
  EXPECT_EQ(parts->service, "customer");
  EXPECT_FALSE(parts->legacy);

  Operation got;
  const grpc::Status status = Get(name, &got);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(got.name(), name);
  EXPECT_TRUE(got.has_metadata());
}

TEST_F(OperationsE2eTest, OldNamesStillFindTheCustomerOperation) {
  const std::string name = StartScan();
  const std::optional<names::OperationNameParts> parts = names::ParseOperationName(name);
  ASSERT_TRUE(parts.has_value()) << name;

  Operation got;
  const grpc::Status status = Get(absl::StrCat("operations/", parts->id), &got);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(got.name(), name);  // answered under its current name
}

TEST_F(OperationsE2eTest, UnknownServiceIsNotFound) {
  Operation got;
  const grpc::Status status = Get("operations/nosuch/123", &got);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  EXPECT_EQ(Reason(status), "OPERATION_NOT_FOUND");
  EXPECT_THAT(status.error_message(), HasSubstr("operations/nosuch/123"));
  // Says nothing of which services there are.
  EXPECT_THAT(status.error_message(), ::testing::Not(HasSubstr("customer")));
}

TEST_F(OperationsE2eTest, ServiceWithoutOperationsIsNotFound) {
  // The hierarchy service is behind the gateway but runs no operations.
  Operation got;
  const grpc::Status status = Get("operations/hierarchy/123", &got);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  EXPECT_EQ(Reason(status), "OPERATION_NOT_FOUND");
}

TEST_F(OperationsE2eTest, MalformedNameIsInvalidArgument) {
  Operation got;
  for (const std::string name : {"", "operations", "bad", "operations/customer/a/b"}) {
    const grpc::Status status = Get(name, &got);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << name;
    EXPECT_EQ(Reason(status), "INVALID_ARGUMENT") << name;
    EXPECT_THAT(status.error_message(), HasSubstr("name")) << name;
  }
}

TEST_F(OperationsE2eTest, ListByCollection) {
  const std::string name = StartScan();
  for (const std::string collection : {"", "operations", "operations/customer"}) {
    ListOperationsRequest request;
    request.set_name(collection);
    request.set_page_size(100);
    ListOperationsResponse listed;
    const grpc::Status status =
        operations_->ListOperations(With(TokenFor(kAdmin)).get(), request, &listed);
    ASSERT_TRUE(status.ok()) << collection << ": " << status.error_message();
    bool found = false;
    for (const Operation& operation : listed.operations()) found |= operation.name() == name;
    EXPECT_TRUE(found) << collection;
  }
  ListOperationsRequest request;
  request.set_name("operations/nosuch");
  ListOperationsResponse listed;
  EXPECT_EQ(
      operations_->ListOperations(With(TokenFor(kAdmin)).get(), request, &listed).error_code(),
      grpc::StatusCode::NOT_FOUND);
}

TEST_F(OperationsE2eTest, CallerWithoutThePermissionIsRefusedBeforeRouting) {
  testing::EnsureUser(*servers_.gateway.org, "ops-viewer", "hq", {"viewer"});
  GetOperationRequest request;
  request.set_name("operations/nosuch/123");
  Operation got;
  const grpc::Status status =
      operations_->GetOperation(With(TokenFor("ops-viewer")).get(), request, &got);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
}

}  // namespace
}  // namespace crm::gateway
