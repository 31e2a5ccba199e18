#ifndef CRM_LIBS_EVENTS_EVENT_H_
#define CRM_LIBS_EVENTS_EVENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace crm::events {

// One event of a service's feed, as the outbox stores it and the Redis
// stream carries it. Events are thin: what happened to which resource, at
// which version; consumers fetch what else they need. `payload` holds the
// few facts a service adds for its consumers (e.g. a node's paths), usually
// a serialized message of its own proto; the library never looks inside.
struct Event {
  int64_t sequence = 0;  // the feed's order; the stream entry id is "<sequence>-0"
  std::string event_id;  // a UUID, unique per event: consumers de-duplicate by it
  std::string type;      // one of the service's declared types, e.g. "NODE_MOVED"
  std::string resource;  // e.g. "nodes/42"
  int64_t version = 0;   // the resource's version after the change; 0 when none
  absl::Time time;       // when it was recorded
  std::string payload;   // opaque bytes
};

// What a changing transaction records: the rest is assigned by the outbox.
struct NewEvent {
  std::string type;
  std::string resource;
  int64_t version = 0;
  std::string payload;
};

// Events after a cursor, oldest first, and where to continue.
struct EventPage {
  std::vector<Event> events;
  // The sequence of the last event, or the cursor read from when empty.
  int64_t last_sequence = 0;
};

}  // namespace crm::events

#endif  // CRM_LIBS_EVENTS_EVENT_H_
