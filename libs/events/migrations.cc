#include "libs/events/migrations.h"

namespace crm {
extern const EmbeddedFile kEventsOutboxMigrations[];
extern const int kEventsOutboxMigrations_count;
extern const EmbeddedFile kEventsFollowerMigrations[];
extern const int kEventsFollowerMigrations_count;
}  // namespace crm

namespace crm::events {

pg::LibraryMigrations OutboxMigrations() {
  return {.library = "events_outbox",
          .files = absl::MakeConstSpan(kEventsOutboxMigrations, kEventsOutboxMigrations_count)};
}

pg::LibraryMigrations FollowerMigrations() {
  return {.library = "events_follower",
          .files = absl::MakeConstSpan(kEventsFollowerMigrations, kEventsFollowerMigrations_count)};
}

}  // namespace crm::events
