#ifndef CRM_LIBS_EVENTS_WATCH_LOOP_H_
#define CRM_LIBS_EVENTS_WATCH_LOOP_H_

#include <atomic>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "libs/events/event.h"
#include "libs/events/event_cursor.h"
#include "libs/events/feed_requests.h"
#include "libs/events/watches.h"

namespace crm::events {

// Writes one message of a watch: the events (empty in a heartbeat) and the
// cursor after them. False when the call is cancelled or broken.
using SendEvents =
    absl::FunctionRef<bool(std::vector<Event> events, const std::string& next_page_token)>;

// The body of one watch, without gRPC: resolves `start`, then reads page
// after page and sends each, or a heartbeat after a silence; the first
// message goes out after the first read (events or not), so the caller
// holds a cursor from the start. Returns when `cancelled` (CANCELLED) or the
// watches stop (UNAVAILABLE, "watch again with the last next_page_token"),
// or on a read error.
absl::Status RunWatch(Watches& watches, const EventCursorCodec& cursors, const WatchStart& start,
                      const std::atomic<bool>& cancelled, SendEvents send);

}  // namespace crm::events

#endif  // CRM_LIBS_EVENTS_WATCH_LOOP_H_
