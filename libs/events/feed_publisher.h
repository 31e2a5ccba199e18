#ifndef CRM_LIBS_EVENTS_FEED_PUBLISHER_H_
#define CRM_LIBS_EVENTS_FEED_PUBLISHER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "libs/events/event_stream.h"
#include "libs/events/outbox.h"
#include "libs/events/relay.h"
#include "libs/events/watches.h"

namespace crm::events {

struct FeedPublisherOptions {
  std::string redis_address;  // host:port; empty: no stream, watches read PostgreSQL
  bool relay = true;          // copy settled events to the Redis stream
  int64_t stream_max_length = 1000000;
  WatchOptions watches;
};

// What serves a service's feed beyond List<Service>Events: the relay from
// its outbox to the Redis stream crm:<service>:v1:events (when Redis is
// configured and the relay is on) and the watches reading from that stream
// or from PostgreSQL. Destroyed watches first (they wait for running
// watches), then the relay, then the stream.
class FeedPublisher final {
 public:
  // Starts serving `outbox`'s feed (and the relay's thread when there is
  // one); once, before watches() is used.
  absl::Status Start(Outbox& outbox, FeedPublisherOptions options);

  Watches* watches() { return watches_.get(); }

 private:
  std::unique_ptr<EventStream> stream_;  // null without Redis or relay
  std::unique_ptr<Relay> relay_;         // stops before the stream goes
  std::unique_ptr<Watches> watches_;
};

}  // namespace crm::events

#endif  // CRM_LIBS_EVENTS_FEED_PUBLISHER_H_
