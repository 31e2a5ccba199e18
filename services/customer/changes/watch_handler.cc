#include "services/customer/changes/watch_handler.h"

// WatchHandler::WatchCustomerChanges: the change feed as a server stream;
// the watch itself (threads, catch-up, heartbeats, the limit) is
// libs/events/watch_reactor.h.
#include <string>
#include <vector>

#include "libs/events/watch_reactor.h"
#include "services/customer/changes/customer_change.h"
#include "services/customer/core/permissions.h"

namespace crm::customer {

grpc::ServerWriteReactor<v1::WatchCustomerChangesResponse>* WatchHandler::WatchCustomerChanges(
    grpc::CallbackServerContext* context, const v1::WatchCustomerChangesRequest* request) {
  using Response = v1::WatchCustomerChangesResponse;
  // Checked once here: the principal's signature and role hold for the
  // whole stream.
  absl::StatusOr<auth::v1::Principal> principal = deps_.verifier->FromContext(*context);
  if (!principal.ok()) return new events::RefusedWatch<Response>(principal.status());
  if (absl::Status s = RequireHqOrIntegration(*principal, "the change feed"); !s.ok()) {
    return new events::RefusedWatch<Response>(s);
  }
  events::FeedRequest feed{.page_token = request->page_token()};
  if (request->has_start_time()) feed.start_time = request->start_time();
  return events::StartWatch<Response>(
      deps_.watches, *deps_.cursors, feed,
      [](std::vector<events::Event> events, const std::string& token, Response& response) {
        for (const events::Event& event : events) *response.add_changes() = ToChange(event);
        response.set_next_page_token(token);
      });
}

}  // namespace crm::customer
