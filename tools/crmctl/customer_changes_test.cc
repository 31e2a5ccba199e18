// Runs `crmctl customer changes` against an in-process fake of the change
// feed: the requests it makes page after page, what it prints, the cursor it
// hands back and keeps in --cursor-file, and --follow with a fake waiter.

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tools/crmctl/app.h"
#include "tools/crmctl/client_context.h"
#include "tools/crmctl/commands.h"
#include "tools/crmctl/crmctl_test_fixture.h"
#include "tools/crmctl/cursor_file.h"
#include "tools/crmctl/customer_commands.h"
#include "tools/crmctl/field_format.h"
#include "tools/crmctl/poll_waiter.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// 2024-05-06T02:00:00Z.
constexpr int64_t kFirstChangeSeconds = 1714960800;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

// The feed as a list: change i is at kFirstChangeSeconds + 60 i, and the
// cursor "cursor-N" points before change N. Pages hold page_size changes, 2
// when it is 0.
class FakeChangeFeed final : public v1::CustomerService::Service {
 public:
  grpc::Status ListCustomerChanges(grpc::ServerContext*,
                                   const v1::ListCustomerChangesRequest* request,
                                   v1::ListCustomerChangesResponse* response) override {
    requests_.Add(*request);
    std::lock_guard lock(mutex_);
    size_t next = 0;
    if (!request->page_token().empty()) {
      const std::string number = request->page_token().substr(std::string("cursor-").size());
      next = std::stoul(number);
    } else if (request->has_start_time()) {
      while (next < changes_.size() &&
             changes_[next].time().seconds() < request->start_time().seconds()) {
        ++next;
      }
    }
    const size_t size = request->page_size() > 0 ? request->page_size() : 2;
    for (size_t i = next; i < changes_.size() && i < next + size; ++i) {
      *response->add_changes() = changes_[i];
    }
    response->set_next_page_token("cursor-" + std::to_string(next + response->changes_size()));
    return grpc::Status::OK;
  }

  // Appends `count` changes of customer `id`, created then updated.
  void AddChanges(int count, const std::string& id = "c1") {
    std::lock_guard lock(mutex_);
    for (int i = 0; i < count; ++i) {
      v1::CustomerChange change;
      const int64_t number = static_cast<int64_t>(changes_.size());
      change.set_event_id("e" + std::to_string(number));
      change.set_customer("customers/" + id);
      change.set_type(number == 0 ? v1::CustomerChange::CREATED : v1::CustomerChange::UPDATED);
      change.set_version(number + 1);
      change.mutable_time()->set_seconds(kFirstChangeSeconds + 60 * number);
      changes_.push_back(change);
    }
  }

  // Appends a merge of customer `id` into `survivor`.
  void AddMerge(const std::string& id, const std::string& survivor) {
    std::lock_guard lock(mutex_);
    v1::CustomerChange change;
    const int64_t number = static_cast<int64_t>(changes_.size());
    change.set_event_id("e" + std::to_string(number));
    change.set_customer("customers/" + id);
    change.set_type(v1::CustomerChange::MERGED);
    change.set_merged_into("customers/" + survivor);
    change.set_version(number + 1);
    change.mutable_time()->set_seconds(kFirstChangeSeconds + 60 * number);
    changes_.push_back(change);
  }

  std::vector<v1::ListCustomerChangesRequest> requests() const { return requests_.all(); }

 private:
  std::mutex mutex_;
  std::vector<v1::CustomerChange> changes_;
  Recorder<v1::ListCustomerChangesRequest> requests_;
};

// Stops after `waits` waits; each wait first lets `arrive` changes reach
// the feed, as if someone changed customers meanwhile.
class FakeWaiter final : public PollWaiter {
 public:
  FakeWaiter(FakeChangeFeed* feed, int waits, int arrive)
      : feed_(feed), waits_left_(waits), arrive_(arrive) {}

  bool StopRequested() override { return waits_left_ == 0; }

  void Wait(absl::Duration interval) override {
    intervals.push_back(interval);
    feed_->AddChanges(arrive_);
    --waits_left_;
  }

  std::vector<absl::Duration> intervals;

 private:
  FakeChangeFeed* feed_;
  int waits_left_;
  int arrive_;
};

class CustomerChangesTest : public CrmctlCommandTest<FakeChangeFeed> {
 protected:
  std::string CursorPath() const { return home_ + "/erp/crm.cursor"; }

  static std::string ReadFile(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  // RunCustomerChanges itself, to hand in `waiter`.
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
};

TEST_F(CustomerChangesTest, ReadsPagesUntilOneIsEmpty) {
  service_.AddChanges(5);
  ASSERT_EQ(Run({"customer", "changes"}), kExitOk) << err_.str();
  std::vector<std::string> tokens;
  for (const auto& request : service_.requests()) {
    tokens.push_back(request.page_token());
    EXPECT_EQ(request.page_size(), 0);
    EXPECT_FALSE(request.has_start_time());
  }
  EXPECT_THAT(tokens, ElementsAre("", "cursor-2", "cursor-4", "cursor-5"));
  const std::vector<std::string> lines = Lines(out_.str());
  ASSERT_EQ(lines.size(), 6u) << out_.str();
  EXPECT_THAT(lines[0], HasSubstr("TIME"));
  EXPECT_THAT(lines[0], HasSubstr("TYPE     CUSTOMER  VERSION  EVENT_ID"));
  google::protobuf::Timestamp first;
  first.set_seconds(kFirstChangeSeconds);
  EXPECT_EQ(lines[1], FormatTimestamp(first) + "  created  c1        1        e0");
  EXPECT_THAT(lines[5], HasSubstr("  updated  c1        5        e4"));
  // Pages later than the first stay aligned with it.
  EXPECT_EQ(lines[5].size(), lines[1].size());
  EXPECT_EQ(err_.str(), "resume with --cursor cursor-5\n");
}

TEST_F(CustomerChangesTest, AMergeNamesItsSurvivor) {
  service_.AddChanges(1, "c2");
  service_.AddMerge("c2", "c1");
  ASSERT_EQ(Run({"customer", "changes"}), kExitOk) << err_.str();
  const std::vector<std::string> lines = Lines(out_.str());
  ASSERT_EQ(lines.size(), 3u) << out_.str();
  EXPECT_THAT(lines[2], HasSubstr("  merged into c1  c2"));
}

TEST_F(CustomerChangesTest, CursorResumesAndAnEmptyFeedSaysSo) {
  service_.AddChanges(3);
  ASSERT_EQ(Run({"customer", "changes", "--cursor", "cursor-3"}), kExitOk) << err_.str();
  ASSERT_EQ(service_.requests().size(), 1u);
  EXPECT_EQ(service_.requests()[0].page_token(), "cursor-3");
  EXPECT_EQ(out_.str(), "No changes found.\n");
  EXPECT_EQ(err_.str(), "resume with --cursor cursor-3\n");
}

TEST_F(CustomerChangesTest, SinceBecomesStartTime) {
  service_.AddChanges(5);
  // 2024-05-06T02:02:00Z: the third change.
  ASSERT_EQ(Run({"customer", "changes", "--since", "2024-05-06T10:02:00.25+08:00", "-o", "json"}),
            kExitOk)
      << err_.str();
  const auto requests = service_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].start_time().seconds(), kFirstChangeSeconds + 120);
  EXPECT_EQ(requests[0].start_time().nanos(), 250000000);
  EXPECT_EQ(requests[0].page_token(), "");
  // Later pages go by the cursor alone.
  EXPECT_FALSE(requests[1].has_start_time());
  EXPECT_EQ(requests[1].page_token(), "cursor-4");
  EXPECT_EQ(Lines(out_.str()).size(), 3u) << out_.str();
}

TEST_F(CustomerChangesTest, JsonPrintsOneObjectPerLine) {
  service_.AddChanges(3);
  ASSERT_EQ(Run({"customer", "changes", "-o", "json"}), kExitOk) << err_.str();
  const std::vector<std::string> lines = Lines(out_.str());
  ASSERT_EQ(lines.size(), 3u) << out_.str();
  for (size_t i = 0; i < lines.size(); ++i) {
    v1::CustomerChange change;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(lines[i], &change).ok()) << lines[i];
    EXPECT_EQ(change.event_id(), "e" + std::to_string(i));
    EXPECT_EQ(change.customer(), "customers/c1");
    EXPECT_EQ(change.version(), static_cast<int64_t>(i) + 1);
  }
  EXPECT_THAT(lines[0], HasSubstr("\"event_id\":\"e0\""));
  EXPECT_THAT(lines[0], HasSubstr("\"type\":\"CREATED\""));
  EXPECT_THAT(lines[0], HasSubstr("\"time\":\"2024-05-06T02:00:00Z\""));
  EXPECT_EQ(err_.str(), "resume with --cursor cursor-3\n");
}

TEST_F(CustomerChangesTest, LimitSizesPagesToStopRightAfterIt) {
  service_.AddChanges(5);
  ASSERT_EQ(Run({"customer", "changes", "--limit", "3", "-o", "json"}), kExitOk) << err_.str();
  ASSERT_EQ(service_.requests().size(), 1u);
  EXPECT_EQ(service_.requests()[0].page_size(), 3);
  EXPECT_EQ(Lines(out_.str()).size(), 3u);
  EXPECT_EQ(err_.str(), "resume with --cursor cursor-3\n");
}

TEST_F(CustomerChangesTest, CursorFileIsReadAtStartAndWrittenAfterEachPage) {
  UseTemporaryHome();
  std::filesystem::create_directories(home_ + "/erp");
  service_.AddChanges(3);
  const std::vector<std::string> args = {"customer",   "changes", "--cursor-file",
                                         CursorPath(), "--since", "2024-05-06T10:00:00+08:00",
                                         "-o",         "json"};
  // The first run: no file yet, so --since says where to start.
  ASSERT_EQ(Run(args), kExitOk) << err_.str();
  EXPECT_EQ(ReadFile(CursorPath()), "cursor-3\n");
  EXPECT_EQ(Lines(out_.str()).size(), 3u);

  // The next run resumes from the file, not from --since.
  service_.AddChanges(2);
  ASSERT_EQ(Run(args), kExitOk) << err_.str();
  const auto requests = service_.requests();
  ASSERT_EQ(requests.size(), 5u);
  EXPECT_EQ(requests[3].page_token(), "cursor-3");
  EXPECT_FALSE(requests[3].has_start_time());
  const std::vector<std::string> lines = Lines(out_.str());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[0], HasSubstr("\"event_id\":\"e3\""));
  EXPECT_EQ(ReadFile(CursorPath()), "cursor-5\n");
  EXPECT_EQ(err_.str(), "resume with --cursor cursor-5\n");
  // Only the cursor file is left: every temporary was renamed over it.
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(home_ + "/erp")) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_THAT(names, ElementsAre("crm.cursor"));
}

TEST_F(CustomerChangesTest, AnEmptyCursorFileIsAnError) {
  UseTemporaryHome();
  std::filesystem::create_directories(home_ + "/erp");
  std::ofstream(CursorPath()) << "\n";
  EXPECT_EQ(Run({"customer", "changes", "--cursor-file", CursorPath()}), kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr("holds no cursor"));
  EXPECT_THAT(service_.requests(), IsEmpty());
}

TEST_F(CustomerChangesTest, CursorFileRoundTrips) {
  UseTemporaryHome();
  const std::string path = home_ + "/cursor";
  absl::StatusOr<std::optional<std::string>> missing = ReadCursorFile(path);
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_FALSE(missing->has_value());
  ASSERT_TRUE(SaveCursorFile(path, "abc").ok());
  ASSERT_TRUE(SaveCursorFile(path, "def").ok());
  absl::StatusOr<std::optional<std::string>> saved = ReadCursorFile(path);
  ASSERT_TRUE(saved.ok()) << saved.status();
  EXPECT_EQ(saved->value_or(""), "def");
  EXPECT_FALSE(SaveCursorFile(home_ + "/no/such/dir/cursor", "x").ok());
}

TEST_F(CustomerChangesTest, FollowPollsUntilStopped) {
  service_.AddChanges(3);
  // Two waits, one new change during each; the stop comes during the
  // second.
  FakeWaiter waiter(&service_, /*waits=*/2, /*arrive=*/1);
  ASSERT_TRUE(
      RunWithWaiter({"customer", "changes", "--follow", "--poll-interval", "5s", "-o", "json"},
                    waiter)
          .ok())
      << err_.str();
  std::vector<std::string> tokens;
  for (const auto& request : service_.requests()) {
    tokens.push_back(request.page_token());
  }
  // Catches up, waits after each empty page, reads what came during the
  // first wait, and ends when the stop cuts the second wait short.
  EXPECT_THAT(tokens, ElementsAre("", "cursor-2", "cursor-3", "cursor-3", "cursor-4"));
  EXPECT_THAT(waiter.intervals, ElementsAre(absl::Seconds(5), absl::Seconds(5)));
  EXPECT_EQ(Lines(out_.str()).size(), 4u) << out_.str();
  EXPECT_EQ(err_.str(), "resume with --cursor cursor-4\n");
}

TEST_F(CustomerChangesTest, FollowWaitsTwoSecondsByDefault) {
  FakeWaiter waiter(&service_, /*waits=*/1, /*arrive=*/0);
  ASSERT_TRUE(RunWithWaiter({"customer", "changes", "--follow"}, waiter).ok()) << err_.str();
  EXPECT_THAT(waiter.intervals, ElementsAre(absl::Seconds(2)));
  // No table and no "No changes found." while following an idle feed.
  EXPECT_EQ(out_.str(), "");
  EXPECT_EQ(err_.str(), "resume with --cursor cursor-0\n");
}

TEST_F(CustomerChangesTest, InterruptRequestsAStop) {
  InterruptWaiter waiter;
  EXPECT_FALSE(waiter.StopRequested());
  ASSERT_EQ(raise(SIGINT), 0);
  EXPECT_TRUE(waiter.StopRequested());
  // A stop cuts the wait short.
  waiter.Wait(absl::Hours(1));
}

TEST_F(CustomerChangesTest, UsageErrorsCallNothing) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"customer", "changes", "--since", "yesterday"},
           {"customer", "changes", "--since", "2024-05-06"},
           {"customer", "changes", "--since", "2024-05-06T10:00:00+08:00", "--cursor", "cursor-1"},
           {"customer", "changes", "--cursor", "cursor-1", "--cursor-file", "/tmp/x"},
           {"customer", "changes", "--cursor", ""},
           {"customer", "changes", "--limit", "0"},
           {"customer", "changes", "--limit", "many"},
           {"customer", "changes", "--poll-interval", "1s"},
           {"customer", "changes", "--follow", "--poll-interval", "0"},
           {"customer", "changes", "extra"}}) {
    EXPECT_EQ(Run(args), kExitUsage) << args.back();
    EXPECT_THAT(err_.str(), HasSubstr("usage: crmctl customer changes"));
  }
  EXPECT_THAT(service_.requests(), IsEmpty());
}

TEST_F(CustomerChangesTest, HelpListsChanges) {
  ASSERT_EQ(Run({"help", "customer"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("customer changes"));
  ASSERT_EQ(Run({"customer", "changes", "--help"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("--cursor-file FILE"));
  EXPECT_THAT(out_.str(), HasSubstr("--poll-interval DURATION"));
}

}  // namespace
}  // namespace crm::crmctl
