#include "services/customer/changes/changes_handler.h"

// ChangesHandler::ListCustomerChanges: the change feed for ERP/OA systems.
#include "libs/events/feed_requests.h"
#include "services/customer/changes/customer_change.h"

namespace crm::customer {

grpc::ServerUnaryReactor* ChangesHandler::ListCustomerChanges(
    Context* context, const v1::ListCustomerChangesRequest* request,
    v1::ListCustomerChangesResponse* response) {
  return Serve(*deps_.verifier, context, "ListCustomerChanges", *request,
               [&](const Caller&, status::FieldViolations&) -> absl::Status {
                 events::FeedRequest feed{.page_size = request->page_size(),
                                          .page_token = request->page_token()};
                 if (request->has_start_time()) feed.start_time = request->start_time();
                 absl::StatusOr<events::ListedEvents> listed =
                     events::ListEvents(*deps_.outbox, *deps_.cursors, feed);
                 if (!listed.ok()) return listed.status();
                 for (const events::Event& event : listed->events) {
                   *response->add_changes() = ToChange(event);
                 }
                 response->set_next_page_token(listed->next_page_token);
                 return absl::OkStatus();
               });
}

}  // namespace crm::customer
