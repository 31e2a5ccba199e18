#ifndef CRM_LIBS_TESTING_WATCH_READER_H_
#define CRM_LIBS_TESTING_WATCH_READER_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"

namespace crm::testing {

// One server-streaming Watch<Service>Events call in a test, read message by
// message: what came (`items`), how many messages, and the last cursor.
// `kItems` picks the repeated field of a response, e.g.
// &v1::WatchHierarchyEventsResponse::events.
template <typename Response, typename Item,
          const google::protobuf::RepeatedPtrField<Item>& (Response::*kItems)() const>
struct WatchReader {
  std::unique_ptr<grpc::ClientContext> context;
  std::unique_ptr<grpc::ClientReader<Response>> reader;
  std::vector<Item> items;
  std::string last_token;
  int messages = 0;

  // False when the stream ended.
  bool ReadOne() {
    Response response;
    if (!reader->Read(&response)) return false;
    ++messages;
    last_token = response.next_page_token();
    for (const Item& item : (response.*kItems)()) items.push_back(item);
    return true;
  }
  // Reads until at least `count` items came in all; false when the stream
  // ended first.
  bool ReadItems(size_t count) {
    while (items.size() < count) {
      if (!ReadOne()) return false;
    }
    return true;
  }
  // Cancels the call, drains it and returns how it ended.
  grpc::Status Cancel() {
    context->TryCancel();
    Response ignored;
    while (reader->Read(&ignored)) {
    }
    return reader->Finish();
  }
};

// A watch that is running (its first message came), from `start`. Watches
// cancelled a moment ago may still hold their places, so it tries for up to
// five seconds, then fails the test.
template <typename Watch>
Watch StartRunningWatch(const std::function<Watch()>& start) {
  for (int i = 0; i < 50; ++i) {
    Watch watch = start();
    if (watch.ReadOne()) return watch;
    watch.reader->Finish();
    absl::SleepFor(absl::Milliseconds(100));
  }
  ADD_FAILURE() << "no watch could start";
  return start();
}

// A feed's watch limit through its service: `max_watches` running watches
// fill it, one more is refused with RESOURCE_EXHAUSTED, and a place comes
// free once the running ones are cancelled.
template <typename Watch>
void ExpectWatchLimit(int max_watches, const std::function<Watch()>& start) {
  std::vector<Watch> watches;
  for (int i = 0; i < max_watches; ++i) watches.push_back(StartRunningWatch(start));
  Watch refused = start();
  EXPECT_FALSE(refused.ReadOne());
  EXPECT_EQ(refused.reader->Finish().error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  for (Watch& watch : watches) watch.Cancel();
  Watch again = StartRunningWatch(start);
  again.Cancel();
}

}  // namespace crm::testing

#endif  // CRM_LIBS_TESTING_WATCH_READER_H_
