// HierarchyService::ListHierarchyEvents and WatchHierarchyEvents: the
// hierarchy's feed (libs/events), for other services' followers and for
// integrations. Like the customer change feed, it is a bulk export of every
// group's structure, so it needs hq_admin or integration, or a service's
// own principal (role "service" with HQ scope, signed like the gateway's).
#include <string>
#include <vector>

#include "libs/events/feed_requests.h"
#include "libs/events/watch_reactor.h"
#include "libs/request/serve.h"
#include "libs/status/status.h"
#include "services/hierarchy/hierarchy_events.h"
#include "services/hierarchy/hierarchy_rules.h"
#include "services/hierarchy/hierarchy_service.h"

namespace crm::hierarchy {
HierarchyService::Reactor* HierarchyService::ListHierarchyEvents(
    Context* context, const v1::ListHierarchyEventsRequest* request,
    v1::ListHierarchyEventsResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListHierarchyEvents", *request,
                        [&](const Actor& actor, status::FieldViolations&) -> absl::Status {
                          if (absl::Status s = events::RequireFeedReader(
                                  actor.principal, kDomain, "the hierarchy's event feed");
                              !s.ok())
                            return s;
                          absl::StatusOr<events::ListedEvents> listed = events::ListEvents(
                              *deps_.outbox, *deps_.event_cursors, events::FeedRequestOf(*request));
                          if (!listed.ok()) return listed.status();
                          for (const events::Event& event : listed->events)
                            *response->add_events() = ToProto(event);
                          response->set_next_page_token(listed->next_page_token);
                          return absl::OkStatus();
                        });
}

grpc::ServerWriteReactor<v1::WatchHierarchyEventsResponse>* HierarchyService::WatchHierarchyEvents(
    Context* context, const v1::WatchHierarchyEventsRequest* request) {
  using Response = v1::WatchHierarchyEventsResponse;
  // Checked once here: the principal's signature and role hold for the
  // whole stream.
  absl::StatusOr<auth::v1::Principal> principal = deps_.verifier->FromContext(*context);
  if (!principal.ok()) return new events::RefusedWatch<Response>(principal.status());
  if (absl::Status s = events::RequireFeedReader(*principal, kDomain, "the hierarchy's event feed");
      !s.ok()) {
    return new events::RefusedWatch<Response>(s);
  }
  return events::StartWatch<Response>(
      deps_.watches, *deps_.event_cursors, events::FeedRequestOf(*request),
      [](std::vector<events::Event> events, const std::string& token, Response& response) {
        for (const events::Event& event : events) *response.add_events() = ToProto(event);
        response.set_next_page_token(token);
      });
}

}  // namespace crm::hierarchy
