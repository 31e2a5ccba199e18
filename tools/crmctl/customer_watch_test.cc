// `crmctl customer changes --follow` against an in-process fake that
// streams WatchCustomerChanges: what it asks for, prints and keeps in
// --cursor-file, and how it stops.

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/crmctl/client_context.h"
#include "tools/crmctl/commands.h"
#include "tools/crmctl/crmctl_test_fixture.h"
#include "tools/crmctl/cursor_file.h"
#include "tools/crmctl/customer_commands.h"
#include "tools/crmctl/poll_waiter.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;
using ::testing::HasSubstr;

v1::CustomerChange Change(int number) {
  v1::CustomerChange change;
  change.set_event_id("e" + std::to_string(number));
  change.set_customer("customers/c1");
  change.set_type(number == 0 ? v1::CustomerChange::CREATED : v1::CustomerChange::UPDATED);
  change.set_version(number + 1);
  change.mutable_time()->set_seconds(1714960800 + 60 * number);
  return change;
}

// Streams two changes, a heartbeat and one more change, then either ends
// with UNAVAILABLE (a server shutting down) or waits to be cancelled.
class FakeWatchFeed final : public v1::CustomerService::Service {
 public:
  grpc::Status WatchCustomerChanges(
      grpc::ServerContext* context, const v1::WatchCustomerChangesRequest* request,
      grpc::ServerWriter<v1::WatchCustomerChangesResponse>* writer) override {
    requests_.Add(*request);
    v1::WatchCustomerChangesResponse first;
    *first.add_changes() = Change(0);
    *first.add_changes() = Change(1);
    first.set_next_page_token("cursor-2");
    v1::WatchCustomerChangesResponse heartbeat;
    heartbeat.set_next_page_token("cursor-2");
    v1::WatchCustomerChangesResponse third;
    *third.add_changes() = Change(2);
    third.set_next_page_token("cursor-3");
    writer->Write(first);
    writer->Write(heartbeat);
    writer->Write(third);
    if (end_with_unavailable) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "the server is shutting down");
    }
    for (int i = 0; i < 500 && !context->IsCancelled(); ++i) {
      absl::SleepFor(absl::Milliseconds(10));
    }
    cancelled = context->IsCancelled();
    return grpc::Status::OK;
  }

  std::vector<v1::WatchCustomerChangesRequest> requests() const { return requests_.all(); }

  bool end_with_unavailable = false;
  std::atomic<bool> cancelled{false};

 private:
  Recorder<v1::WatchCustomerChangesRequest> requests_;
};

// Asks to stop once `path` holds `cursor`, as a user pressing Ctrl-C after
// the third change would.
class StopAtCursor final : public PollWaiter {
 public:
  StopAtCursor(std::string path, std::string cursor)
      : path_(std::move(path)), cursor_(std::move(cursor)) {}
  bool StopRequested() override {
    absl::StatusOr<std::optional<std::string>> saved = ReadCursorFile(path_);
    return saved.ok() && saved->value_or("") == cursor_;
  }
  void Wait(absl::Duration) override { ADD_FAILURE() << "a watch never polls"; }

 private:
  std::string path_;
  std::string cursor_;
};

class CustomerWatchTest : public CrmctlCommandTest<FakeWatchFeed> {
 protected:
  absl::Status RunWithWaiter(const std::vector<std::string>& args, PollWaiter& waiter) {
    out_.str("");
    err_.str("");
    Invocation invocation;
    absl::Status status = ParseCommandLine(args, AllCommands(), defaults_, &invocation);
    if (!status.ok()) return status;
    auto stub = v1::CustomerService::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
    std::unique_ptr<ContextFactory> contexts = ContextFactoryFor(invocation.options);
    return RunCustomerChanges(invocation, *stub, *contexts, out_, err_, waiter);
  }

  static std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> lines = absl::StrSplit(text, '\n', absl::SkipEmpty());
    return lines;
  }
};

TEST_F(CustomerWatchTest, FollowStreamsAndSavesTheCursorAfterEachMessage) {
  UseTemporaryHome();
  const std::string path = home_ + "/crm.cursor";
  service_.end_with_unavailable = true;
  StopAtCursor never(home_ + "/no-such-file", "never");
  const absl::Status status = RunWithWaiter(
      {"customer", "changes", "--follow", "--cursor-file", path, "-o", "json"}, never);
  // The stream ended under it: the error, and where to resume.
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  const std::vector<std::string> lines = Lines(out_.str());
  ASSERT_EQ(lines.size(), 3u) << out_.str();
  EXPECT_THAT(lines[2], HasSubstr("\"event_id\":\"e2\""));
  absl::StatusOr<std::optional<std::string>> saved = ReadCursorFile(path);
  ASSERT_TRUE(saved.ok()) << saved.status();
  EXPECT_EQ(saved->value_or(""), "cursor-3");
  EXPECT_EQ(err_.str(), "resume with --cursor cursor-3\n");
  // No file yet and no --since: from the oldest change kept, like the list.
  ASSERT_EQ(service_.requests().size(), 1u);
  EXPECT_EQ(service_.requests()[0].page_token(), "");
  EXPECT_TRUE(service_.requests()[0].has_start_time());
  EXPECT_EQ(service_.requests()[0].start_time().seconds(), 0);
}

TEST_F(CustomerWatchTest, AStopCancelsTheWatchAndResumesFromTheFile) {
  UseTemporaryHome();
  const std::string path = home_ + "/crm.cursor";
  ASSERT_TRUE(SaveCursorFile(path, "cursor-0").ok());
  StopAtCursor stop(path, "cursor-3");
  ASSERT_TRUE(RunWithWaiter({"customer", "changes", "--follow", "--cursor-file", path}, stop).ok())
      << err_.str();
  // The server sees the cancel a moment later.
  for (int i = 0; i < 500 && !service_.cancelled; ++i) absl::SleepFor(absl::Milliseconds(10));
  EXPECT_TRUE(service_.cancelled);
  ASSERT_EQ(service_.requests().size(), 1u);
  EXPECT_EQ(service_.requests()[0].page_token(), "cursor-0");
  EXPECT_FALSE(service_.requests()[0].has_start_time());
  // A header and three rows.
  EXPECT_EQ(Lines(out_.str()).size(), 4u) << out_.str();
  EXPECT_EQ(err_.str(), "resume with --cursor cursor-3\n");
}

}  // namespace
}  // namespace crm::crmctl
