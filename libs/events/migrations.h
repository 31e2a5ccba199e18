#ifndef CRM_LIBS_EVENTS_MIGRATIONS_H_
#define CRM_LIBS_EVENTS_MIGRATIONS_H_

#include "libs/pg/migrate.h"

namespace crm::events {

// The tables of this library, defined once (libs/events/migrations/) and
// applied to a service's own schema by pg::Migrate / OpenServiceDatabase
// beside the service's files:
//   OutboxMigrations()    <schema>.events, for a service with a feed (outbox.h)
//   FollowerMigrations()  <schema>.followed_feeds and followed_events, for a
//                         service that follows another's feed (follower.h)
pg::LibraryMigrations OutboxMigrations();
pg::LibraryMigrations FollowerMigrations();

}  // namespace crm::events

#endif  // CRM_LIBS_EVENTS_MIGRATIONS_H_
