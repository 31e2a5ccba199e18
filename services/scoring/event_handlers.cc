// ScoringService::ListScoringEvents and WatchScoringEvents: the scoring feed
// (libs/events), for other services and integrations. It is a bulk export
// of every customer's score changes, tiers and warnings, so it needs
// hq_admin or integration, or a service's own principal (role "service"
// with HQ scope, signed like the gateway's).
#include <string>
#include <vector>

#include "libs/events/feed_requests.h"
#include "libs/events/watch_reactor.h"
#include "libs/request/serve.h"
#include "libs/status/status.h"
#include "services/scoring/core/scoring_database.h"
#include "services/scoring/core/scoring_events.h"
#include "services/scoring/scoring_service.h"

namespace crm::scoring {
namespace {

constexpr char kFeed[] = "the scoring event feed";

}  // namespace

ScoringService::Reactor* ScoringService::ListScoringEvents(
    Context* context, const v1::ListScoringEventsRequest* request,
    v1::ListScoringEventsResponse* response) {
  return request::Serve(
      context, *deps_.verifier, "ListScoringEvents", *request,
      [&](const request::Actor& actor, status::FieldViolations&) -> absl::Status {
        if (absl::Status s = events::RequireFeedReader(actor.principal, kErrorDomain, kFeed);
            !s.ok())
          return s;
        absl::StatusOr<events::ListedEvents> listed = events::ListEvents(
            *deps_.outbox, *deps_.event_cursors, events::FeedRequestOf(*request));
        if (!listed.ok()) return listed.status();
        for (const events::Event& event : listed->events) *response->add_events() = ToProto(event);
        response->set_next_page_token(listed->next_page_token);
        return absl::OkStatus();
      });
}

grpc::ServerWriteReactor<v1::WatchScoringEventsResponse>* ScoringService::WatchScoringEvents(
    Context* context, const v1::WatchScoringEventsRequest* request) {
  using Response = v1::WatchScoringEventsResponse;
  // Checked once here: the principal's signature and role hold for the
  // whole stream.
  absl::StatusOr<auth::v1::Principal> principal = deps_.verifier->FromContext(*context);
  if (!principal.ok()) return new events::RefusedWatch<Response>(principal.status());
  if (absl::Status s = events::RequireFeedReader(*principal, kErrorDomain, kFeed); !s.ok()) {
    return new events::RefusedWatch<Response>(s);
  }
  return events::StartWatch<Response>(
      deps_.watches, *deps_.event_cursors, events::FeedRequestOf(*request),
      [](std::vector<events::Event> events, const std::string& token, Response& response) {
        for (const events::Event& event : events) *response.add_events() = ToProto(event);
        response.set_next_page_token(token);
      });
}

}  // namespace crm::scoring
