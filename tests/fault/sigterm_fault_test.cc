// crm-suite as a real process under 16 writers, stopped with SIGTERM while
// they write: what an orchestrator's rolling update does to it. Every call
// must be answered OK or UNAVAILABLE (a client may retry that), never
// CANCELLED (it may not: the write might have happened), the gateway must
// report NOT_SERVING while it still serves, and a write answered OK, or one
// retried after UNAVAILABLE with its request id, must be in the database
// exactly once.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "crm/gateway/v1/org_service.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "libs/grpc_server/code_name.h"
#include "libs/grpc_server/health_check.h"
#include "libs/strings/str_cat.h"
#include "libs/testing/require_env.h"
#include "libs/testing/test_database.h"
#include "pqxx/pqxx"
#include "tests/e2e/gateway_test_support.h"
#include "tests/fault/suite_process.h"

namespace crm::fault {
namespace {

namespace customer_v1 = ::crm::customer::v1;
namespace gateway_v1 = ::crm::gateway::v1;

constexpr int kCallers = 16;
constexpr char kNamePrefix[] = "停机演练";
// How long the gateway serves on after reporting NOT_SERVING.
constexpr absl::Duration kNotServingDelay = absl::Seconds(1);

struct Outcome {
  std::string request_id;
  std::string legal_name;
  grpc::StatusCode code = grpc::StatusCode::UNKNOWN;
  std::string message;
  absl::Time sent;
  absl::Time answered;
};

std::string Writer(int caller) { return absl::StrCat("sigterm-writer-", caller); }

customer_v1::CreateCustomerRequest CreateRequest(const Outcome& call) {
  customer_v1::CreateCustomerRequest request;
  request.mutable_customer()->set_legal_name(call.legal_name);
  request.mutable_customer()->set_industry("C");
  request.mutable_customer()->set_region("320571");
  request.set_request_id(call.request_id);
  return request;
}

grpc::Status Create(customer_v1::CustomerService::Stub& stub, const std::string& token,
                    const Outcome& call) {
  std::unique_ptr<grpc::ClientContext> context = gateway::testing::With(token);
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
  customer_v1::Customer created;
  return stub.CreateCustomer(context.get(), CreateRequest(call), &created);
}

// legal name -> rows, of the customers this test wrote.
std::map<std::string, int> StoredNames(const std::string& dsn) {
  pqxx::connection connection(dsn);
  pqxx::nontransaction tx(connection);
  std::map<std::string, int> names;
  for (const auto& row :
       tx.exec_params("SELECT legal_name FROM customer.customers WHERE legal_name LIKE $1",
                      absl::StrCat(kNamePrefix, "%"))) {
    ++names[row[0].as<std::string>()];
  }
  return names;
}

std::string Describe(const Outcome& call, absl::Time sigterm) {
  return crm::StrCat(call.request_id, " sent ", absl::FormatDuration(call.sent - sigterm),
                     " from SIGTERM, answered ", server::CodeName(call.code), " after ",
                     absl::FormatDuration(call.answered - call.sent), ": ", call.message);
}

TEST(SigtermFaultTest, CallsThroughSigtermAreServedOrUnavailableAndNoWriteIsLost) {
  absl::StatusOr<std::unique_ptr<crm::testing::TestDatabase>> database =
      crm::testing::TestDatabase::Create("fault_sigterm");
  ASSERT_TRUE(database.ok()) << database.status();
  SuiteProcessOptions options;
  options.pg_dsn = (*database)->dsn();
  options.redis_address = crm::testing::RequireEnv("CRM_TEST_REDIS_ADDRESS");
  options.token_secret = gateway::testing::kTokenSecret;
  options.environment = {
      absl::StrCat("CRM_NOT_SERVING_DELAY=", absl::FormatDuration(kNotServingDelay))};
  absl::StatusOr<std::unique_ptr<SuiteProcess>> suite = SuiteProcess::Start(options);
  ASSERT_TRUE(suite.ok()) << suite.status();

  auto channel = grpc::CreateChannel((*suite)->address(), grpc::InsecureChannelCredentials());
  {
    auto org = gateway_v1::OrgService::NewStub(channel);
    gateway::testing::EnsureOrgUnit(*org, "sub-east", "hq", gateway_v1::OrgUnit::SUBSIDIARY);
    // One user per caller: the rate limit is per principal.
    for (int c = 0; c < kCallers; ++c)
      gateway::testing::EnsureUser(*org, Writer(c), "sub-east", {"sales"});
  }

  // Health, asked every few milliseconds on a connection of its own.
  std::atomic<bool> exited{false};
  std::mutex mu;
  absl::Time first_not_serving = absl::InfiniteFuture();
  std::thread health_watch([&] {
    grpc::ChannelArguments args;
    args.SetInt("grpc.use_local_subchannel_pool", 1);
    auto own =
        grpc::CreateCustomChannel((*suite)->address(), grpc::InsecureChannelCredentials(), args);
    while (!exited.load()) {
      absl::StatusOr<server::ServingStatus> status =
          server::CheckHealth(own, "", absl::Milliseconds(500));
      if (status.ok() && *status == server::ServingStatus::kNotServing) {
        std::lock_guard<std::mutex> lock(mu);
        first_not_serving = std::min(first_not_serving, absl::Now());
      }
      absl::SleepFor(absl::Milliseconds(5));
    }
  });

  // 16 writers, each creating customers with request ids until the process
  // has exited; after UNAVAILABLE a short pause, as a client's backoff.
  std::vector<Outcome> outcomes;
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c) {
    callers.emplace_back([&, c] {
      auto stub = customer_v1::CustomerService::NewStub(channel);
      const std::string token = gateway::testing::TokenFor(Writer(c));
      for (int n = 0; !exited.load(); ++n) {
        Outcome call;
        call.request_id = absl::StrCat("sigterm-", c, "-", n);
        call.legal_name = absl::StrCat(kNamePrefix, c, "号", n, "科技有限公司");
        call.sent = absl::Now();
        const grpc::Status status = Create(*stub, token, call);
        call.answered = absl::Now();
        call.code = status.error_code();
        call.message = status.error_message();
        {
          std::lock_guard<std::mutex> lock(mu);
          outcomes.push_back(call);
        }
        if (!status.ok()) absl::SleepFor(absl::Milliseconds(20));
      }
    });
  }

  absl::SleepFor(absl::Seconds(2));  // writes flowing
  const absl::Time sigterm = absl::Now();
  (*suite)->Signal(SIGTERM);
  const absl::StatusOr<int> exit_code = (*suite)->WaitForExit(absl::Seconds(60));
  exited = true;
  for (std::thread& t : callers) t.join();
  health_watch.join();
  ASSERT_TRUE(exit_code.ok()) << exit_code.status();
  EXPECT_EQ(*exit_code, 0) << (*suite)->LogTail();

  // Every answer OK or UNAVAILABLE.
  std::map<grpc::StatusCode, int> by_code;
  absl::Time first_refused = absl::InfiniteFuture();
  int served_after_not_serving = 0;
  for (const Outcome& call : outcomes) {
    ++by_code[call.code];
    if (call.code == grpc::StatusCode::UNAVAILABLE) {
      first_refused = std::min(first_refused, call.answered);
    }
    if (call.code == grpc::StatusCode::OK && call.sent > first_not_serving) {
      ++served_after_not_serving;
    }
    EXPECT_TRUE(call.code == grpc::StatusCode::OK || call.code == grpc::StatusCode::UNAVAILABLE)
        << Describe(call, sigterm);
  }
  std::string counts;
  for (const auto& [code, n] : by_code) counts += crm::StrCat(server::CodeName(code), "=", n, " ");
  std::cout << "answers: " << counts << "\n";
  EXPECT_EQ(by_code[grpc::StatusCode::CANCELLED], 0) << counts;
  ASSERT_GT(by_code[grpc::StatusCode::OK], 0) << counts;

  // NOT_SERVING first, calls still served for a while, refusals after.
  ASSERT_LT(first_not_serving, absl::InfiniteFuture())
      << "health never said NOT_SERVING; " << counts;
  EXPECT_LT(first_not_serving - sigterm, kNotServingDelay / 2);
  EXPECT_GT(served_after_not_serving, 0)
      << "no call sent after health said NOT_SERVING was served; " << counts;
  EXPECT_GT(first_refused, first_not_serving)
      << "a call was refused " << absl::FormatDuration(first_not_serving - first_refused)
      << " before health said NOT_SERVING";
  EXPECT_GE(first_refused - sigterm, kNotServingDelay * 0.9)
      << "a call was refused during the delay in which the gateway still serves";

  // Nothing answered OK is lost, nothing is written twice.
  std::map<std::string, int> stored = StoredNames((*database)->dsn());
  int lost = 0;
  for (const Outcome& call : outcomes) {
    if (call.code == grpc::StatusCode::OK && stored[call.legal_name] == 0) {
      ++lost;
      ADD_FAILURE() << "lost: " << Describe(call, sigterm);
    }
  }
  EXPECT_EQ(lost, 0);

  // A client that retries UNAVAILABLE with the same request id, against the
  // next process, gets every write in exactly once.
  options.environment.clear();
  absl::StatusOr<std::unique_ptr<SuiteProcess>> next = SuiteProcess::Start(options);
  ASSERT_TRUE(next.ok()) << next.status();
  auto next_channel = grpc::CreateChannel((*next)->address(), grpc::InsecureChannelCredentials());
  auto stub = customer_v1::CustomerService::NewStub(next_channel);
  for (const Outcome& call : outcomes) {
    if (call.code != grpc::StatusCode::UNAVAILABLE) continue;
    const int caller = std::stoi(call.request_id.substr(std::string("sigterm-").size()));
    const grpc::Status retried = Create(*stub, gateway::testing::TokenFor(Writer(caller)), call);
    EXPECT_TRUE(retried.ok()) << call.request_id << " retried: " << retried.error_message();
  }
  stored = StoredNames((*database)->dsn());
  for (const Outcome& call : outcomes) {
    EXPECT_EQ(stored[call.legal_name], 1) << Describe(call, sigterm);
  }
  EXPECT_EQ(stored.size(), outcomes.size());
}

}  // namespace
}  // namespace crm::fault
