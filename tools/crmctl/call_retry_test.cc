// Which calls crmctl repeats, and whole command lines against an in-process
// server that refuses calls for now (RESOURCE_EXHAUSTED or UNAVAILABLE, with
// and without RetryInfo): what reached the server and what the person sees.

#include "tools/crmctl/call_retry.h"

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "crm/hierarchy/v1/hierarchy_service.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "tools/crmctl/client_context.h"
#include "tools/crmctl/commands.h"
#include "tools/crmctl/crmctl_test_fixture.h"
#include "tools/crmctl/customer_commands.h"
#include "tools/crmctl/exit_status.h"
#include "tools/crmctl/poll_waiter.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(IsRepeatableTest, ReadsAreRepeatable) {
  EXPECT_TRUE(IsRepeatable(v1::GetCustomerRequest()));
  EXPECT_TRUE(IsRepeatable(v1::ListCustomersRequest()));
  EXPECT_TRUE(IsRepeatable(v1::BatchGetCustomersRequest()));
  EXPECT_TRUE(IsRepeatable(v1::LookupCustomerRequest()));
  EXPECT_TRUE(IsRepeatable(v1::SearchDuplicatesRequest()));
  EXPECT_TRUE(IsRepeatable(v1::WatchCustomerChangesRequest()));
  EXPECT_TRUE(IsRepeatable(crm::hierarchy::v1::FindGroupRequest()));
}

TEST(IsRepeatableTest, AChangeIsRepeatableOnlyWithARequestId) {
  v1::CreateCustomerRequest create;
  EXPECT_FALSE(IsRepeatable(create));
  create.set_request_id("r-1");
  EXPECT_TRUE(IsRepeatable(create));
  v1::MergeCustomersRequest merge;
  EXPECT_FALSE(IsRepeatable(merge));
  // A change whose request has no request_id field at all.
  EXPECT_FALSE(IsRepeatable(crm::hierarchy::v1::MoveNodeRequest()));
  EXPECT_FALSE(IsRepeatable(crm::hierarchy::v1::DeleteNodeRequest()));
}

TEST(IsRepeatableTest, AValidateOnlyRequestIsRepeatable) {
  crm::hierarchy::v1::ImportStructureRequest import;
  EXPECT_FALSE(IsRepeatable(import));
  import.set_validate_only(true);
  EXPECT_TRUE(IsRepeatable(import));
}

// Refuses the first `refusals` calls of each method with `refusal`, then
// answers; counts every call and keeps each request id it saw.
class RefusingCustomerService final : public v1::CustomerService::Service {
 public:
  grpc::Status GetCustomer(grpc::ServerContext*, const v1::GetCustomerRequest* request,
                           v1::Customer* response) override {
    const int call = ++get_calls;
    if (call <= refusals) return status::ToGrpc(refusal);
    response->set_name(request->name());
    response->set_legal_name("上海华信电子有限公司");
    return grpc::Status::OK;
  }

  grpc::Status CreateCustomer(grpc::ServerContext*, const v1::CreateCustomerRequest* request,
                              v1::Customer* response) override {
    create_request_ids.Add(request->request_id());
    if (static_cast<int>(create_request_ids.all().size()) <= refusals) {
      return status::ToGrpc(refusal);
    }
    response->set_name("customers/c-new");
    response->set_legal_name(request->customer().legal_name());
    return grpc::Status::OK;
  }

  grpc::Status WatchCustomerChanges(
      grpc::ServerContext*, const v1::WatchCustomerChangesRequest*,
      grpc::ServerWriter<v1::WatchCustomerChangesResponse>* writer) override {
    const int call = ++watch_calls;
    if (call <= refusals) return status::ToGrpc(refusal);
    v1::WatchCustomerChangesResponse message;
    v1::CustomerChange* change = message.add_changes();
    change->set_event_id("e1");
    change->set_customer("customers/c1");
    change->set_type(v1::CustomerChange::CREATED);
    change->set_version(1);
    change->mutable_time()->set_seconds(1714960800);
    message.set_next_page_token("cursor-1");
    writer->Write(message);
    // The server going away after a change: not repeated, the cursor says
    // where to resume.
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "the server is shutting down");
  }

  int refusals = 0;
  absl::Status refusal = RateLimited(absl::Milliseconds(7));
  std::atomic<int> get_calls{0};
  std::atomic<int> watch_calls{0};
  Recorder<std::string> create_request_ids;

  static absl::Status RateLimited(absl::Duration delay) {
    return status::WithRetryDelay(
        status::Error(absl::StatusCode::kResourceExhausted, "gateway.crm", "RATE_LIMITED",
                      "too many calls from this principal; slow down"),
        delay);
  }
};

class CallRetryTest : public CrmctlCommandTest<RefusingCustomerService> {};

TEST_F(CallRetryTest, AReadRefusedWithRetryInfoIsRepeatedUntilItSucceeds) {
  service_.refusals = 3;
  ASSERT_EQ(Run({"customer", "get", "c1"}), kExitOk) << err_.str();
  EXPECT_EQ(service_.get_calls.load(), 4);
  EXPECT_THAT(out_.str(), HasSubstr("上海华信电子有限公司"));
  EXPECT_EQ(err_.str(), "");
}

TEST_F(CallRetryTest, RefusalsThatNeverStopEndWithinTheBoundAndSaySo) {
  service_.refusals = 1000;
  const absl::Time start = absl::Now();
  EXPECT_EQ(Run({"customer", "get", "c1"}), kExitFailed);
  // Five calls 7 ms apart (plus jitter), far under the 10 s bound.
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  EXPECT_EQ(service_.get_calls.load(), 5);
  EXPECT_THAT(err_.str(), HasSubstr("error: RESOURCE_EXHAUSTED: too many calls from this "
                                    "principal; slow down (crmctl gave up after 5 attempts in "));
  EXPECT_THAT(err_.str(), HasSubstr("reason: RATE_LIMITED (gateway.crm)"));
  EXPECT_THAT(err_.str(), HasSubstr("retry after: 7ms"));
  EXPECT_EQ(out_.str(), "");
}

TEST_F(CallRetryTest, RetriesSetsHowManyTimesACallIsRepeated) {
  service_.refusals = 1000;
  EXPECT_EQ(Run({"customer", "get", "c1", "--retries", "2"}), kExitFailed);
  EXPECT_EQ(service_.get_calls.load(), 3);
  EXPECT_THAT(err_.str(), HasSubstr("gave up after 3 attempts"));

  service_.get_calls = 0;
  EXPECT_EQ(Run({"--retries", "0", "customer", "get", "c1"}), kExitFailed);
  EXPECT_EQ(service_.get_calls.load(), 1);

  EXPECT_EQ(Run({"customer", "get", "c1", "--retries", "-1"}), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("--retries: \"-1\" is not a number from 0 to 20"));
}

TEST_F(CallRetryTest, AWaitLongerThanTheBoundIsNotTaken) {
  service_.refusals = 1000;
  service_.refusal = RefusingCustomerService::RateLimited(absl::Seconds(30));
  const absl::Time start = absl::Now();
  EXPECT_EQ(Run({"customer", "get", "c1"}), kExitFailed);
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  EXPECT_EQ(service_.get_calls.load(), 1);
  EXPECT_THAT(err_.str(), HasSubstr("waiting 30s more would pass its limit of 10s"));
}

TEST_F(CallRetryTest, AChangeWithoutRequestIdIsNotRepeated) {
  service_.refusals = 1;
  EXPECT_EQ(Run({"customer", "create", "--legal-name", "上海华信电子有限公司"}), kExitFailed);
  EXPECT_EQ(service_.create_request_ids.all().size(), 1u);
  EXPECT_THAT(err_.str(), HasSubstr("not retried: crmctl repeats a change only when it "
                                    "carries --request-id"));
}

TEST_F(CallRetryTest, AChangeWithRequestIdIsRepeatedWithTheSameId) {
  service_.refusals = 2;
  ASSERT_EQ(Run({"customer", "create", "--legal-name", "上海华信电子有限公司", "--request-id",
                 "import-2024-05-06-1"}),
            kExitOk)
      << err_.str();
  EXPECT_EQ(service_.create_request_ids.all(), std::vector<std::string>(3, "import-2024-05-06-1"));
  EXPECT_THAT(out_.str(), HasSubstr("customers/c-new"));
}

TEST_F(CallRetryTest, UnavailableWithoutRetryInfoIsRepeatedForAReadAfterABackoff) {
  service_.refusals = 2;
  service_.refusal = absl::UnavailableError("the customer backend is restarting");
  const absl::Time start = absl::Now();
  ASSERT_EQ(Run({"customer", "get", "c1"}), kExitOk) << err_.str();
  EXPECT_EQ(service_.get_calls.load(), 3);
  // 50 ms, then 100 ms.
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(150));
}

TEST_F(CallRetryTest, OtherErrorsAreNotRepeated) {
  service_.refusals = 1;
  service_.refusal = status::Error(absl::StatusCode::kNotFound, "customer.crm",
                                   "CUSTOMER_NOT_FOUND", "no customer customers/c1");
  EXPECT_EQ(Run({"customer", "get", "c1"}), kExitFailed);
  EXPECT_EQ(service_.get_calls.load(), 1);
  EXPECT_THAT(err_.str(), Not(HasSubstr("crmctl gave up")));
}

// Never stops, and records the waits between watch attempts.
class RecordingWaiter final : public PollWaiter {
 public:
  bool StopRequested() override { return false; }
  void Wait(absl::Duration interval) override {
    waits.push_back(interval);
    absl::SleepFor(interval);
  }
  std::vector<absl::Duration> waits;
};

TEST_F(CallRetryTest, AWatchRefusedBeforeItsFirstChangeIsOpenedAgain) {
  service_.refusals = 2;
  Invocation invocation;
  ASSERT_TRUE(ParseCommandLine({"customer", "changes", "--follow", "-o", "json"}, AllCommands(),
                               defaults_, &invocation)
                  .ok());
  auto stub = v1::CustomerService::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
  std::unique_ptr<ContextFactory> contexts = ContextFactoryFor(invocation.options);
  RecordingWaiter waiter;
  const absl::Status status = RunCustomerChanges(invocation, *stub, *contexts, out_, err_, waiter);
  // Opened three times; the end after a change is not repeated.
  EXPECT_EQ(service_.watch_calls.load(), 3);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_THAT(out_.str(), HasSubstr("\"event_id\":\"e1\""));
  ASSERT_EQ(waiter.waits.size(), 2u);
  for (absl::Duration wait : waiter.waits) {
    EXPECT_GE(wait, absl::Milliseconds(7));
    EXPECT_LE(wait, absl::Microseconds(8750));
  }
}

}  // namespace
}  // namespace crm::crmctl
