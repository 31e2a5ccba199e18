#ifndef CRM_LIBS_EVENTS_FEED_REQUESTS_H_
#define CRM_LIBS_EVENTS_FEED_REQUESTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/auth/v1/principal.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "libs/events/event.h"
#include "libs/events/event_cursor.h"
#include "libs/events/outbox.h"

namespace crm::events {

// The fields every List<Service>Events and Watch<Service>Events request
// has, taken from the service's own request message.
struct FeedRequest {
  int32_t page_size = 0;  // List only
  std::string page_token;
  // Without a page_token: the first event at or after this time.
  std::optional<google::protobuf::Timestamp> start_time;
};

// The FeedRequest of a List<Service>Events or Watch<Service>Events request
// (a watch has no page_size).
template <typename Request>
FeedRequest FeedRequestOf(const Request& request) {
  FeedRequest feed{.page_token = request.page_token()};
  if constexpr (requires { request.page_size(); }) feed.page_size = request.page_size();
  if (request.has_start_time()) feed.start_time = request.start_time();
  return feed;
}

// Who may read a service's feed, which exports every change of every
// record: hq_admin, integration, or another service's own principal (role
// "service" with HQ scope, user "services/..."). Otherwise PERMISSION_DENIED
// (ROLE_NOT_ALLOWED) under `domain`, naming `feed` (e.g. "the hierarchy's
// event feed").
absl::Status RequireFeedReader(const auth::v1::Principal& principal, std::string_view domain,
                               std::string_view feed);

// One answer of List<Service>Events, for the service to copy into its own
// response message.
struct ListedEvents {
  std::vector<Event> events;    // oldest first
  std::string next_page_token;  // always set: where to continue
};

// Serves List<Service>Events after the caller's permission was checked:
// page_size by AIP-158, a page_token of this feed or a start_time (from
// 1970; unset: the oldest event kept), up to a page of settled events, and
// the outbox pruned now and then. INVALID_ARGUMENT with field violations
// under the cursor codec's domain.
absl::StatusOr<ListedEvents> ListEvents(Outbox& outbox, const EventCursorCodec& cursors,
                                        const FeedRequest& request);

// Where a watch starts: after a sequence, or at a time still to be resolved
// (which reads PostgreSQL, so the watch's worker does it, not gRPC's thread).
struct WatchStart {
  std::optional<int64_t> after;
  absl::Time at;
};

// A Watch<Service>Events request's start: its page_token, else its
// start_time, else now. INVALID_ARGUMENT as ListEvents.
absl::StatusOr<WatchStart> ParseWatchStart(const EventCursorCodec& cursors,
                                           const FeedRequest& request);

}  // namespace crm::events

#endif  // CRM_LIBS_EVENTS_FEED_REQUESTS_H_
