#ifndef CRM_LIBS_TESTING_WATCH_READER_H_
#define CRM_LIBS_TESTING_WATCH_READER_H_

#include <memory>
#include <string>
#include <vector>

#include "google/protobuf/repeated_ptr_field.h"
#include "grpcpp/grpcpp.h"

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

}  // namespace crm::testing

#endif  // CRM_LIBS_TESTING_WATCH_READER_H_
